// COpenCVLibraries declares nothing: it carries OpenCV's header and library flags (pkg-config) to COpenCV, whose C++
// body includes OpenCV's headers itself. See Package.swift for where the flags come from.
