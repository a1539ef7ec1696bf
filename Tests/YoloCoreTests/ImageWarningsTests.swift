import Foundation
import Testing
import TestSupport
import YoloCore

/// libjpeg's account of damaged JPEGs that OpenCV decodes anyway.
@Suite("Image warnings")
struct ImageWarningsTests {
    @Test("No fixture image, JPEG or PNG, gets a warning", arguments: Fixtures.imageNames)
    func intactImages(name: String) throws {
        let bytes = try Fixtures.image(name)
        #expect(bytes.withUnsafeBytes { jpegWarnings($0) } == [])
    }

    @Test("A JPEG cut in half is reported as ending early, once")
    func truncated() throws {
        let dog = try Fixtures.image("dog.jpg")
        let half = dog.prefix(dog.count / 2)
        #expect(half.withUnsafeBytes { jpegWarnings($0) } == ["image data ends early; the lower part was not decoded"])
    }

    @Test("Garbage in the middle of a JPEG's scan is reported as damage, with libjpeg's message")
    func corrupted() throws {
        var dog = try Fixtures.image("dog.jpg")
        let middle = dog.count / 2
        dog.replaceSubrange(middle..<(middle + 4), with: [0xFF, 0xD0 + 3, 0xFF, 0xD0 + 5])
        let warnings = dog.withUnsafeBytes { jpegWarnings($0) }
        #expect(!warnings.isEmpty)
        #expect(warnings.allSatisfy { $0.hasPrefix("image data is damaged; libjpeg: ") }, "\(warnings)")
    }
}
