import Foundation

/// Debian's `chromium` in headless mode, for looking at a report as a browser does: the console messages a page
/// produces, what each of its SVGs measures once laid out, and a screenshot. Each call is one browser process
/// (`--no-sandbox`, as the tests run as root), bounded by `timeout`.
struct HeadlessChromium {
    /// What the probe script found in the page.
    struct Probe: Decodable {
        struct SVG: Decodable {
            var title: String
            var width: Double
            var height: Double
            var boxWidth: Double
            var boxHeight: Double
            var shapes: Int
        }
        var svgs: [SVG]
        var errors: [String]
        var parserErrors: Int
        var scrollHeight: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var executable = "/usr/bin/chromium"
    var timeoutSeconds = 120

    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") }

    /// The console lines (`CONSOLE`) the page logs while loading, with its DOM after load.
    func consoleMessages(of page: URL) async throws -> (messages: [String], dom: String) {
        let (status, out, err) = try await run(["--enable-logging=stderr", "--v=0", "--dump-dom", page.absoluteString])
        guard status == 0 else { throw Failure(description: "chromium --dump-dom exited \(status): \(err.suffix(2000))") }
        let messages = err.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (messages, out)
    }

    /// Loads a copy of `page` with a probe script added (an error listener first, a measurement of every SVG
    /// last) and returns what it measured.
    func probe(_ page: URL, copyTo probePage: URL) async throws -> Probe {
        var html = try String(contentsOf: page, encoding: .utf8)
        let listener = """
            <script>window.__errors = []; window.addEventListener('error', function (e) { \
            window.__errors.push(e.message || ('failed to load ' + (e.target && (e.target.src || e.target.href)))); }, true);</script>
            """
        let measure = """
            <script>(function () { var out = { svgs: [], errors: window.__errors, \
            parserErrors: document.getElementsByTagName('parsererror').length, \
            scrollHeight: document.documentElement.scrollHeight }; \
            document.querySelectorAll('svg').forEach(function (svg) { var box = svg.getBBox(); var rect = svg.getBoundingClientRect(); \
            var title = svg.querySelector('title'); out.svgs.push({ title: title ? title.textContent : '', width: rect.width, height: rect.height, \
            boxWidth: box.width, boxHeight: box.height, shapes: svg.querySelectorAll('rect, polyline, line, path, circle').length }); }); \
            var pre = document.createElement('pre'); pre.id = 'probe-result'; pre.textContent = JSON.stringify(out); document.body.appendChild(pre); })();</script>
            """
        guard let head = html.range(of: "<head>"), html.contains("</body>") else { throw Failure(description: "\(page.path) has no <head> or </body>") }
        html.insert(contentsOf: "\n" + listener, at: head.upperBound)
        html = html.replacingOccurrences(of: "</body>", with: measure + "\n</body>")
        try Data(html.utf8).write(to: probePage)
        let (status, out, err) = try await run(["--dump-dom", probePage.absoluteString])
        guard status == 0 else { throw Failure(description: "chromium --dump-dom exited \(status): \(err.suffix(2000))") }
        guard let start = out.range(of: "<pre id=\"probe-result\">"), let end = out.range(of: "</pre>", range: start.upperBound..<out.endIndex) else {
            throw Failure(description: "the probe did not run in \(probePage.path)")
        }
        let json = String(out[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Probe.self, from: Data(json.utf8))
    }

    /// A PNG of `page` at `width` × `height` CSS pixels.
    func screenshot(_ page: URL, to png: URL, width: Int = 1000, height: Int) async throws {
        try? FileManager.default.removeItem(at: png)
        let (status, _, err) = try await run(["--hide-scrollbars", "--window-size=\(width),\(height)", "--screenshot=\(png.path)", page.absoluteString])
        guard status == 0, FileManager.default.fileExists(atPath: png.path) else {
            throw Failure(description: "chromium --screenshot exited \(status): \(err.suffix(2000))")
        }
    }

    /// Runs the browser and waits for it without holding a thread of the tests' cooperative pool (a page can take
    /// seconds, and the other tests need those threads meanwhile).
    private func run(_ arguments: [String]) async throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["\(timeoutSeconds)", executable, "--headless", "--no-sandbox", "--disable-gpu",
                             "--no-first-run", "--disable-dev-shm-usage"]
        // Output goes to files, so neither stream can fill a pipe and stall the browser.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        process.arguments! += ["--user-data-dir=\(folder.appendingPathComponent("profile").path)"] + arguments
        let outURL = folder.appendingPathComponent("stdout"), errURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return (status, try String(contentsOf: outURL, encoding: .utf8), try String(contentsOf: errURL, encoding: .utf8))
    }
}
