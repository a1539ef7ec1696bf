import CCurl
import Foundation

/// One curl multi handle driven by one dedicated thread: Swift tasks hand it transfers and suspend; the thread runs
/// every transfer concurrently, keeps connections alive in the multi handle's cache, and resumes the tasks.
///
/// Nothing here blocks Swift's cooperative pool. https://curl.se/libcurl/c/libcurl-multi.html
final class CurlMultiLoop: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer
    private let lock = NSLock()
    // Guarded by `lock`.
    private var submitted: [CurlTransfer] = []
    private var cancelled: [CurlTransfer] = []
    private var stopping = false
    // Touched only on the loop thread.
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private let maxIdleHandles = 64

    private static let globalInit: Void = {
        _ = curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    init(maxConnectionsPerHost: Int, maxCachedConnections: Int) {
        _ = Self.globalInit
        multi = curl_multi_init()
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(1, maxCachedConnections))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, maxConnectionsPerHost))
        let thread = Thread { [self] in run() }
        thread.name = "AWSKitLite.HTTPClient"
        thread.start()
    }

    /// Queues a transfer; its continuation must already be set.
    func submit(_ transfer: CurlTransfer) {
        let accepted = lock.withLock { () -> Bool in
            guard !stopping else { return false }
            submitted.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.continuation?.resume(throwing: HTTPClientError(kind: .shutdown, method: transfer.method, url: transfer.displayURL))
            transfer.continuation = nil
        }
    }

    /// Asks the loop to abandon a transfer; it resumes with a `.cancelled` error if it has not finished.
    func cancel(_ transfer: CurlTransfer) {
        lock.withLock {
            transfer.cancelRequested = true
            cancelled.append(transfer)
        }
        curl_multi_wakeup(multi)
    }

    /// Stops the thread; transfers still running fail with `.shutdown`.
    func stop() {
        lock.withLock { stopping = true }
        curl_multi_wakeup(multi)
    }

    private func run() {
        while true {
            let (newTransfers, cancelledTransfers, isStopping) = lock.withLock { () -> ([CurlTransfer], [CurlTransfer], Bool) in
                defer {
                    submitted.removeAll(keepingCapacity: true)
                    cancelled.removeAll(keepingCapacity: true)
                }
                return (submitted, cancelled, stopping)
            }
            if isStopping {
                for transfer in newTransfers { finish(transfer, with: .failure(shutdownError(transfer))) }
                for (easy, transfer) in active { detach(easy); finish(transfer, with: .failure(shutdownError(transfer))) }
                active.removeAll()
                break
            }
            for transfer in newTransfers { start(transfer) }
            for transfer in cancelledTransfers {
                guard let entry = active.first(where: { $0.value === transfer }) else { continue }
                active[entry.key] = nil
                detach(entry.key)
                finish(transfer, with: .failure(HTTPClientError(kind: .cancelled, method: transfer.method, url: transfer.displayURL)))
            }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            collectFinished()
            // Sleeps until a socket is ready, a timeout is due, or curl_multi_wakeup is called.
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for easy in idleHandles { curl_easy_cleanup(easy) }
        idleHandles.removeAll()
    }

    deinit {
        // Only here: `cancel` and `stop` may still call curl_multi_wakeup after the thread has ended.
        curl_multi_cleanup(multi)
    }

    private func start(_ transfer: CurlTransfer) {
        if lock.withLock({ transfer.cancelRequested }) {
            finish(transfer, with: .failure(HTTPClientError(kind: .cancelled, method: transfer.method, url: transfer.displayURL)))
            return
        }
        guard let easy = idleHandles.popLast() ?? curl_easy_init() else {
            finish(transfer, with: .failure(HTTPClientError(kind: .other, method: transfer.method, url: transfer.displayURL, detail: "curl_easy_init failed")))
            return
        }
        let code = transfer.configure(easy)
        guard code == CURLE_OK else {
            finish(transfer, with: .failure(transfer.error(for: code, easy: nil)))
            recycle(easy)
            return
        }
        active[easy] = transfer
        curl_multi_add_handle(multi, easy)
    }

    private func collectFinished() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let code = ccurl_message_result(message)
            guard let transfer = active.removeValue(forKey: easy) else { continue }
            let result: Result<HTTPResponse, any Error> =
                code == CURLE_OK ? .success(transfer.response(from: easy)) : .failure(transfer.error(for: code, easy: easy))
            detach(easy)
            finish(transfer, with: result)
        }
    }

    private func detach(_ easy: UnsafeMutableRawPointer) {
        curl_multi_remove_handle(multi, easy)
        recycle(easy)
    }

    private func recycle(_ easy: UnsafeMutableRawPointer) {
        if idleHandles.count < maxIdleHandles {
            curl_easy_reset(easy)
            idleHandles.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }

    private func finish(_ transfer: CurlTransfer, with result: Result<HTTPResponse, any Error>) {
        transfer.continuation?.resume(with: result)
        transfer.continuation = nil
    }

    private func shutdownError(_ transfer: CurlTransfer) -> HTTPClientError {
        HTTPClientError(kind: .shutdown, method: transfer.method, url: transfer.displayURL)
    }
}
