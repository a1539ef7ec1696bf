import CCurl
import Foundation

/// One request in flight on the curl multi loop: the libcurl options it sets, the buffers libcurl writes into,
/// and the continuation it resumes.
///
/// Everything but `cancelRequested` is touched only on the loop thread (or before submission).
final class CurlTransfer: @unchecked Sendable {
    let method: String
    let url: String
    /// Redacted URL for errors: no query string, so no presigned signature or token.
    let displayURL: String
    let headerLines: [String]
    let body: [UInt8]
    let connectTimeoutMilliseconds: Int
    /// 0 means no total timeout.
    let totalTimeoutMilliseconds: Int
    let lowSpeedLimit: HTTPClient.LowSpeedLimit?

    private(set) var responseHeaders: [(name: String, value: String)] = []
    private(set) var responseBody: [UInt8] = []

    var continuation: CheckedContinuation<HTTPResponse, any Error>?
    /// Set under the loop's lock by a cancelling task.
    var cancelRequested = false

    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    init(request: HTTPRequest, connectTimeout: Duration, totalTimeout: Duration?, lowSpeedLimit: HTTPClient.LowSpeedLimit? = nil) {
        method = request.method.uppercased()
        url = request.urlString
        displayURL = String(url.prefix { $0 != "?" })
        var lines: [String] = []
        var hasContentType = false
        var hasUserAgent = false
        for header in request.headers {
            let name = header.name.lowercased()
            if name == "content-length" { continue }  // libcurl derives it from the body
            if name == "content-type" { hasContentType = true }
            if name == "user-agent" { hasUserAgent = true }
            // "Name;" is libcurl's spelling for a header with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        // libcurl would add `Expect: 100-continue` to large bodies and a form Content-Type to any body.
        lines.append("Expect:")
        if !hasContentType { lines.append("Content-Type:") }
        if !hasUserAgent { lines.append("User-Agent: AWSKitLite") }
        headerLines = lines
        body = request.body
        connectTimeoutMilliseconds = connectTimeout.milliseconds
        totalTimeoutMilliseconds = totalTimeout.map { max(1, $0.milliseconds) } ?? 0
        self.lowSpeedLimit = lowSpeedLimit
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Applies this request's options to a freshly reset easy handle; returns libcurl's first refusal, if any.
    func configure(_ easy: UnsafeMutableRawPointer) -> CURLcode {
        let context = Unmanaged.passUnretained(self).toOpaque()
        var codes: [CURLcode] = []
        codes.append(ccurl_easy_setopt_string(easy, CURLOPT_URL, url))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        // Keep `/./` and `/../` in S3 keys as they are; libcurl would otherwise squash them.
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_PATH_AS_IS, 1))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1)))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, connectTimeoutMilliseconds))
        codes.append(ccurl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, totalTimeoutMilliseconds))
        if let lowSpeedLimit {
            codes.append(ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, lowSpeedLimit.bytesPerSecond))
            let seconds = (lowSpeedLimit.duration.milliseconds + 999) / 1000
            codes.append(ccurl_easy_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, seconds)))
        }
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        codes.append(ccurl_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlTransferWriteBody))
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context))
        codes.append(ccurl_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlTransferWriteHeader))
        codes.append(ccurl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context))

        if method == "HEAD" {
            codes.append(ccurl_easy_setopt_long(easy, CURLOPT_NOBODY, 1))
        } else if body.isEmpty && !["POST", "PUT", "PATCH"].contains(method) {
            // GET, DELETE and the like without a body: no Content-Length at all.
            codes.append(ccurl_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
            if method != "GET" { codes.append(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)) }
        } else {
            // A body (possibly empty, sent with Content-Length: 0) under any method; libcurl keeps its own copy.
            codes.append(ccurl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            codes.append(body.withUnsafeBytes { buffer in
                let bytes = buffer.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                return ccurl_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes))
            })
            if method != "POST" { codes.append(ccurl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, method)) }
        }

        for line in headerLines {
            headerList = curl_slist_append(headerList, line)
        }
        codes.append(ccurl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    func appendBody(_ bytes: UnsafeRawBufferPointer) {
        responseBody.append(contentsOf: bytes)
    }

    /// One raw header line from libcurl; a status line starts a new header block (after 100 Continue).
    func appendHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            responseHeaders.removeAll()
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        responseHeaders.append((name: name, value: value))
    }

    /// The HTTP response of a finished transfer.
    func response(from easy: UnsafeMutableRawPointer) -> HTTPResponse {
        var status = 0
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: responseHeaders, body: responseBody)
    }

    /// The typed error for a failed transfer.
    func error(for code: CURLcode, easy: UnsafeMutableRawPointer?) -> HTTPClientError {
        var detail = String(cString: errorBuffer)
        if detail.isEmpty { detail = String(cString: curl_easy_strerror(code)) }
        let kind: HTTPClientError.Kind
        switch code {
        case CURLE_COULDNT_CONNECT:
            kind = .connectionRefused
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            kind = .hostNotFound
        case CURLE_OPERATION_TIMEDOUT:
            // CURLINFO_CONNECT_TIME_T stays 0 until the TCP (and TLS) connect completed; the low-speed check
            // reports the same code with its own message ("Operation too slow. Less than ...").
            var connectMicroseconds: curl_off_t = 0
            if let easy { _ = ccurl_easy_getinfo_off_t(easy, CURLINFO_CONNECT_TIME_T, &connectMicroseconds) }
            if connectMicroseconds == 0 {
                kind = .connectTimeout
            } else {
                kind = detail.hasPrefix("Operation too slow") ? .transferTooSlow : .timeout
            }
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE, CURLE_HTTP2_STREAM:
            kind = .connectionDropped
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR:
            kind = .tls
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT, CURLE_UNKNOWN_OPTION:
            kind = .invalidRequest
        default:
            kind = .other
        }
        return HTTPClientError(kind: kind, method: method, url: displayURL, curlCode: Int(code.rawValue), detail: detail)
    }
}

private func curlTransferWriteBody(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    transfer.appendBody(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

private func curlTransferWriteHeader(
    _ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    transfer.appendHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
    return length
}

extension Duration {
    /// Whole milliseconds, rounded down, at least 0.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
