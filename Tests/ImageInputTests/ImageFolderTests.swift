import Foundation
import ImageInput
import Testing

/// Which files a run reads, and in what order.
@Suite struct ImageFolderTests {
    @Test func keepsJPEGAndPNGFilesOfAnyCaseInByteOrder() throws {
        try withTemporaryFolder { folder in
            let names = ["b.PNG", "a.jpg", "Z.jpg", "c.jpeg", "D.JPG", "e.JPEG", "f.png", "notes.txt", "g.gif", "h.jpg.bak", ".hidden.jpg"]
            for name in names {
                try Data(name.utf8).write(to: URL(fileURLWithPath: folder).appendingPathComponent(name))
            }
            try FileManager.default.createDirectory(atPath: folder + "/sub.jpg", withIntermediateDirectories: true)
            let expected = ["D.JPG", "Z.jpg", "a.jpg", "b.PNG", "c.jpeg", "e.JPEG", "f.png"]
            #expect(try ImageFolder.imageNames(in: folder) == expected)
            let images = try ImageFolder.load(from: folder)
            #expect(images.map(\.name) == expected)
            #expect(images[2].bytes == Array("a.jpg".utf8))
            #expect(images[3].contentType == "image/png")
            #expect(images[4].contentType == "image/jpeg")
        }
    }

    @Test func listsTheSameOrderWhateverTheDirectoryOrder() throws {
        let names = (0..<40).map { "image-\(String($0, radix: 7)).jpg" }
        let first = try withTemporaryFolder { folder in
            for name in names { try Data().write(to: URL(fileURLWithPath: folder).appendingPathComponent(name)) }
            return try ImageFolder.imageNames(in: folder)
        }
        let second = try withTemporaryFolder { folder in
            for name in names.reversed() { try Data().write(to: URL(fileURLWithPath: folder).appendingPathComponent(name)) }
            return try ImageFolder.imageNames(in: folder)
        }
        #expect(first == names.sorted())
        #expect(second == first)
    }

    @Test func refusesMissingAndEmptyFolders() throws {
        try withTemporaryFolder { folder in
            #expect(throws: ImageFolderError.empty(path: folder)) { try ImageFolder.imageNames(in: folder) }
            let missing = folder + "/nope"
            #expect(throws: ImageFolderError.notAFolder(path: missing)) { try ImageFolder.imageNames(in: missing) }
            #expect(ImageFolderError.notAFolder(path: missing).description == "\(missing) is not a folder")
        }
    }
}
