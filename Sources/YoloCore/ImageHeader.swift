/// The format and declared size of an encoded image, read from its header without decoding it.
///
/// Lets a caller refuse bytes that are not an image, and images that declare more pixels than it will decode
/// (a small PNG can declare 50000×50000), before any pixel is allocated.
public struct ImageHeader: Equatable, Sendable {
    public enum Format: String, Sendable {
        case jpeg = "JPEG"
        case png = "PNG"
    }

    public var format: Format
    public var width: Int
    public var height: Int

    /// Reads the header of JPEG (the first SOFn frame) or PNG (IHDR) bytes.
    /// Throws `YoloError.notAnImage` for anything else, or a header that ends early or declares a zero size.
    public init(parsing bytes: UnsafeRawBufferPointer) throws {
        if bytes.count >= 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            guard bytes[12] == 0x49, bytes[13] == 0x48, bytes[14] == 0x44, bytes[15] == 0x52 else {
                throw YoloError.notAnImage("PNG without an IHDR chunk")
            }
            self.init(format: .png, width: Self.bigEndian32(bytes, 16), height: Self.bigEndian32(bytes, 20))
        } else if bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 {
            let (width, height) = try Self.jpegFrameSize(bytes)
            self.init(format: .jpeg, width: width, height: height)
        } else {
            throw YoloError.notAnImage("neither JPEG nor PNG (the formats the API accepts)")
        }
        guard width > 0, height > 0 else {
            throw YoloError.notAnImage("\(format.rawValue) header declares a size of \(width)×\(height)")
        }
    }

    public init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// Walks the JPEG markers up to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
    private static func jpegFrameSize(_ bytes: UnsafeRawBufferPointer) throws -> (Int, Int) {
        var offset = 2
        while offset + 4 <= bytes.count {
            guard bytes[offset] == 0xFF else { throw YoloError.notAnImage("JPEG marker expected at byte \(offset)") }
            let marker = bytes[offset + 1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }  // no length
            let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            guard length >= 2 else { throw YoloError.notAnImage("JPEG segment with length \(length)") }
            let isFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isFrame {
                guard offset + 9 <= bytes.count else { break }
                let height = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                let width = Int(bytes[offset + 7]) << 8 | Int(bytes[offset + 8])
                return (width, height)
            }
            if marker == 0xDA || marker == 0xD9 { break }  // scan data or end before any frame header
            offset += 2 + length
        }
        throw YoloError.notAnImage("JPEG without a frame header")
    }

    private static func bigEndian32(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> Int {
        Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
    }
}
