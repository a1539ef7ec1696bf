import DetectClientKit
import Synchronization
import Testing

/// What the progress line writes, in each style.
@Suite struct ProgressReporterTests {
    final class Capture: Sendable {
        let text = Mutex("")
        func append(_ piece: String) { text.withLock { $0 += piece } }
        var value: String { text.withLock { $0 } }
    }

    @Test func plainLinesEveryTenthAndEveryFailure() {
        let capture = Capture()
        let progress = ProgressReporter(style: .lines, write: capture.append)
        progress.start("detecting", total: 20)
        for index in 1...20 {
            progress.advance(item: "image\(index).jpg", failure: index == 7 ? "HTTP 422: not a decodable JPEG/PNG" : nil)
        }
        progress.finish()
        let lines = capture.value.split(separator: "\n").map(String.init)
        #expect(lines.first == "detecting: 0/20")
        #expect(lines.contains("detecting: image7.jpg failed: HTTP 422: not a decodable JPEG/PNG"))
        #expect(lines.contains("detecting: 2/20"))
        #expect(lines.contains("detecting: 8/20 (1 failed)"))
        // 0/20 at the start, then one line per tenth (2, 4, ..., 18); the twentieth is the closing line.
        #expect(lines.filter { $0.wholeMatch(of: /detecting: \d+\/20( \(1 failed\))?/) != nil }.count == 10)
        #expect(lines.last?.hasPrefix("detecting: 20/20 done, 1 failed in ") == true)
        #expect(!capture.value.contains("\r"))
    }

    @Test func barRedrawsInPlace() {
        let capture = Capture()
        let progress = ProgressReporter(style: .bar, write: capture.append)
        progress.start("uploading", total: 4)
        for index in 1...4 { progress.advance(item: "f\(index).png") }
        progress.finish()
        #expect(capture.value.hasPrefix("\r\u{1B}[2Kuploading [#######"))
        #expect(capture.value.contains("] 4/4"))
        #expect(capture.value.contains("\r\u{1B}[2Kuploading: 4/4 done in "))
        #expect(capture.value.hasSuffix(" s\n"))
    }

    @Test func silentWritesNothing() {
        let capture = Capture()
        let progress = ProgressReporter(style: .silent, write: capture.append)
        progress.start("x", total: 1)
        progress.advance(item: "a", failure: "b")
        progress.note("c")
        progress.finish()
        #expect(capture.value.isEmpty)
    }
}
