import Foundation
import Testing
import TestSupport
import YoloCore

@Suite("Image headers")
struct ImageHeaderTests {
    func header(_ bytes: [UInt8]) throws -> ImageHeader {
        try bytes.withUnsafeBytes { try ImageHeader(parsing: $0) }
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
        #expect(try header(Fixtures.pngHeader(width: 50_000, height: 50_000)) == ImageHeader(format: .png, width: 50_000, height: 50_000))
    }

    @Test("Text, empty input, GIF and a JPEG without a frame are not images")
    func notImages() {
        for bytes in [Array("{\"hello\": 1}".utf8), [], Array("GIF89a......".utf8), [0xFF, 0xD8, 0xFF, 0xD9]] {
            #expect(throws: YoloError.self) { try header(bytes) }
        }
    }

    @Test("A zero-sized PNG is refused")
    func zeroSize() {
        #expect(throws: YoloError.self) { try header(Fixtures.pngHeader(width: 0, height: 10)) }
    }
}
