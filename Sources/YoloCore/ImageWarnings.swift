import COpenCV

/// What libjpeg reports about JPEG bytes that `cv::imdecode` decodes as far as it can without saying so (OpenCV's
/// answer is kept: it matches the reference), as sentences for the client. Empty for an intact JPEG.
///
/// libjpeg's messages (jerror.h) in the order it met them: "Premature end of JPEG file" (JWRN_JPEG_EOF) becomes
/// "image data ends early; the lower part was not decoded", and what libjpeg says after it (the fake end-of-image
/// marker it inserted, found where a restart marker or more data should be) is left out; any other warning (JWRN_*:
/// extraneous bytes, corrupt data, unknown markers) is passed on after "image data is damaged". Bytes that do not
/// start with a JPEG's SOI marker get no warnings (they are not JPEG, whatever they are).
public func jpegWarnings(_ bytes: UnsafeRawBufferPointer) -> [String] {
    guard bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return [] }
    let (count, text) = callCapturingError { buffer, capacity in
        cocv_jpeg_warnings(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, buffer, capacity)
    }
    guard count > 0 else { return [] }
    var warnings: [String] = []
    for message in text.split(separator: "\n") {
        if message.hasPrefix("Premature end of JPEG file") {
            warnings.append(truncatedJPEGWarning)
            break
        }
        warnings.append("image data is damaged; libjpeg: \(message)")
    }
    return warnings
}

/// The warning for a JPEG whose data ends before its last row (libjpeg's JWRN_JPEG_EOF).
let truncatedJPEGWarning = "image data ends early; the lower part was not decoded"
