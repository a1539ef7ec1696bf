import Foundation
import Testing
import YoloCore

@Suite("Image headers")
struct ImageHeaderTests {
    func header(_ bytes: [UInt8]) throws -> ImageHeader {
        try bytes.withUnsafeBytes { try ImageHeader(parsing: $0) }
    }

    /// A PNG signature and IHDR chunk declaring `width` x `height`; no pixel data.
    static func pngHeader(width: UInt32, height: UInt32) -> [UInt8] {
        func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * $0)) } }
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]
            + bigEndian(width) + bigEndian(height) + [8, 2, 0, 0, 0, 0, 0, 0, 0]
    }

    @Test("Every fixture image's header gives its real size", arguments: Fixtures.imageNames)
    func fixtureSizes(name: String) throws {
        let golden = try Fixtures.golden(Fixtures.goldenFiles[0])
        let expected = try #require(golden.images.first { $0.file == name })
        let parsed = try header(Array(try Fixtures.image(name)))
        #expect(parsed.width == expected.width)
        #expect(parsed.height == expected.height)
        #expect(parsed.format == (name.hasSuffix(".png") ? .png : .jpeg))
    }

    @Test("A PNG declaring 50000×50000 is read without decoding")
    func hugePNG() throws {
        #expect(try header(Self.pngHeader(width: 50_000, height: 50_000)) == ImageHeader(format: .png, width: 50_000, height: 50_000))
    }

    @Test("Text, empty input, GIF and a JPEG without a frame are not images")
    func notImages() {
        for bytes in [Array("{\"hello\": 1}".utf8), [], Array("GIF89a......".utf8), [0xFF, 0xD8, 0xFF, 0xD9]] {
            #expect(throws: YoloError.self) { try header(bytes) }
        }
    }

    @Test("A zero-sized PNG is refused")
    func zeroSize() {
        #expect(throws: YoloError.self) { try header(Self.pngHeader(width: 0, height: 10)) }
    }
}
