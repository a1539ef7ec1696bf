import DetectClientKit
import Foundation
import Testing

/// Which files a run sends, and in what order.
@Suite struct ImageFolderTests {
    @Test func keepsJPEGAndPNGFilesInByteOrder() async throws {
        try await withTemporaryFolder { folder in
            for name in ["b.PNG", "a.jpg", "Z.jpg", "c.jpeg", "notes.txt", ".hidden.jpg"] {
                try Data(name.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
            }
            try FileManager.default.createDirectory(atPath: folder + "/sub.jpg", withIntermediateDirectories: true)
            #expect(try ImageFolder.imageNames(in: folder) == ["Z.jpg", "a.jpg", "b.PNG", "c.jpeg"])
            let images = try ImageFolder.load(from: folder)
            #expect(images.map(\.name) == ["Z.jpg", "a.jpg", "b.PNG", "c.jpeg"])
            #expect(images[1].bytes == Array("a.jpg".utf8))
            #expect(images[2].contentType == "image/png")
            #expect(images[3].contentType == "image/jpeg")
        }
    }

    @Test func refusesMissingAndEmptyFolders() async throws {
        try await withTemporaryFolder { folder in
            #expect(throws: ImageFolderError.empty(path: folder)) { try ImageFolder.imageNames(in: folder) }
            let missing = folder + "/nope"
            #expect(throws: ImageFolderError.notAFolder(path: missing)) { try ImageFolder.imageNames(in: missing) }
            #expect(ImageFolderError.notAFolder(path: missing).description == "\(missing) is not a folder")
        }
    }
}
