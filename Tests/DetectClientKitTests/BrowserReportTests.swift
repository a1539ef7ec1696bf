import DetectClientKit
import Foundation
import TestSupport
import Testing

/// The report looked at in a real browser (Debian's `chromium`, headless; `scripts/setup.sh --tests` installs it):
/// no console message, every SVG laid out with a size and something drawn in it, no parse error, and a screenshot
/// under `out/` to look at. Pages: the fixture pair with prices, and a 1,000-image run (the renderer `make run`'s
/// report comes from).
@Suite(.serialized) struct BrowserReportTests {
    static let out = Fixtures.root.deletingLastPathComponent().appendingPathComponent("out")
    static let browser = out.appendingPathComponent("browser")

    static func pricing() throws -> Pricing {
        try Pricing.read(from: Fixtures.root.deletingLastPathComponent().appendingPathComponent(Pricing.defaultPath).path)
    }

    /// Opens `page` in Chromium and checks it; returns the number of SVGs and the screenshot's path.
    static func check(_ page: URL, screenshot: URL) async throws -> (svgs: Int, screenshot: URL) {
        #expect(HeadlessChromium.isInstalled, "chromium is not installed: run scripts/setup.sh --tests")
        let chromium = HeadlessChromium()
        let (messages, dom) = try await chromium.consoleMessages(of: page)
        #expect(messages.isEmpty, "console: \(messages.joined(separator: "\n"))")
        #expect(dom.contains("<svg"))
        try FileManager.default.createDirectory(at: browser, withIntermediateDirectories: true)
        let probe = try await chromium.probe(page, copyTo: browser.appendingPathComponent(page.deletingPathExtension().lastPathComponent + ".probe.html"))
        #expect(probe.errors.isEmpty, "errors: \(probe.errors)")
        #expect(probe.parserErrors == 0)
        #expect(!probe.svgs.isEmpty)
        for svg in probe.svgs {
            #expect(svg.width > 100 && svg.height > 50, "SVG '\(svg.title)' laid out at \(svg.width) × \(svg.height)")
            #expect(svg.boxWidth > 10 && svg.boxHeight > 10, "SVG '\(svg.title)' draws \(svg.boxWidth) × \(svg.boxHeight)")
            #expect(svg.shapes > 0, "SVG '\(svg.title)' has nothing drawn")
        }
        let height = Int(min(max(probe.scrollHeight, 800), 16_000).rounded(.up))
        try await chromium.screenshot(page, to: screenshot, height: height)
        let size = (try FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot \(screenshot.path) is \(size) bytes")
        return (probe.svgs.count, screenshot)
    }

    @Test func theFixtureReportRenders() async throws {
        let inputs = try RunSettingTests.inputs(endpoint: CloudEndpoint(url: "http://127.0.0.1:4566", emulator: "MiniStack"), sequential: true)
        let page = Self.browser.appendingPathComponent("report-fixture.html")
        try FileManager.default.createDirectory(at: Self.browser, withIntermediateDirectories: true)
        try Data(HTMLReport.render(DecisionReport(inputs: inputs, pricing: try Self.pricing()), inputs: inputs).utf8).write(to: page)
        // Per-image latency and inference bars, the distribution and the cost plot.
        let result = try await Self.check(page, screenshot: Self.out.appendingPathComponent("report-fixture.png"))
        #expect(result.svgs == 4)
    }

    @Test func aThousandImageReportRenders() async throws {
        let inputs = SyntheticRun.inputs(images: 1000)
        let page = Self.browser.appendingPathComponent("report-1000.html")
        try FileManager.default.createDirectory(at: Self.browser, withIntermediateDirectories: true)
        try Data(HTMLReport.render(DecisionReport(inputs: inputs, pricing: try Self.pricing()), inputs: inputs).utf8).write(to: page)
        let result = try await Self.check(page, screenshot: Self.out.appendingPathComponent("report-1000.png"))
        #expect(result.svgs == 6)
    }
}

/// The browser check itself catches what it is for: a console message, and an SVG with nothing to show.
@Suite struct HeadlessChromiumTests {
    @Test func aBrokenPageIsCaught() async throws {
        try FileManager.default.createDirectory(at: BrowserReportTests.browser, withIntermediateDirectories: true)
        let page = BrowserReportTests.browser.appendingPathComponent("broken.html")
        try Data("""
            <!DOCTYPE html><html><head><title>broken</title></head><body>
            <svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"><title>empty</title></svg>
            <script>console.error("something failed")</script></body></html>
            """.utf8).write(to: page)
        let chromium = HeadlessChromium()
        let (messages, _) = try await chromium.consoleMessages(of: page)
        #expect(messages.contains { $0.contains("something failed") })
        let probe = try await chromium.probe(page, copyTo: BrowserReportTests.browser.appendingPathComponent("broken.probe.html"))
        #expect(probe.svgs.count == 1)
        #expect(probe.svgs.first.map { $0.width == 0 && $0.shapes == 0 } == true)
    }
}
