import Foundation

/// One try of a call, below the retry loop: signing, sending, S3's redirects, and learning the clock offset.
extension AWSServiceCore {
    /// Signs `request` at the corrected time and sends it; for S3, follows up to `S3TemporaryRedirect.maxHops`
    /// `307 Temporary Redirect`s, each signed again for its new host (and the bucket's region when S3 names it).
    /// Returns the last response, whatever its status (a 307 beyond the limit comes back as it is).
    func exchange(_ request: HTTPRequest, payload: PayloadSigning, signed: Bool = true, timeout: HTTPClient.Timeout) async throws -> HTTPResponse {
        var request = request
        var signingEndpoint = endpoint
        var hops = 0
        while true {
            if signed { try await configuration.sign(&request, for: signingEndpoint, payload: payload) }
            let response = try await httpClient.execute(request, timeout: timeout)
            guard api.wireProtocol == .restXML, hops < S3TemporaryRedirect.maxHops,
                  let redirect = S3TemporaryRedirect(response)
            else { return response }
            request = redirect.apply(to: request)
            if let region = redirect.region { signingEndpoint.signingRegion = region }
            hops += 1
        }
    }

    /// When `error` is a clock-skew refusal (`ClockSkewCorrection.isClockSkewError`) and `response` carries the
    /// service's `Date`, stores the offset between that and the local clock in the configuration's
    /// `clockSkew`, logs it as a warning, and returns true: the request is worth sending again. False otherwise,
    /// including when the offset was already known (the refusal has another cause).
    func correctClock(after error: AWSError, in response: HTTPResponse) -> Bool {
        guard ClockSkewCorrection.isClockSkewError(error),
              let serverDate = response.header("Date").flatMap(HTTPDate.parse),
              let offset = configuration.clockSkew.learn(serverDate: serverDate, localDate: configuration.clock())
        else { return false }
        configuration.logger.warning(
            "Local clock is off from AWS's: signing with an offset of \(Int(offset)) s from now on",
            metadata: ["service": "\(service)", "operation": "\(error.operation)", "code": "\(error.code)",
                       "offset_seconds": "\(Int(offset))"])
        return true
    }
}
