import AWSKitLite
import DetectionContract

/// The names `infractl policy` fills into the policy: the caller's account from STS GetCallerIdentity when it can
/// be learned, else the placeholder `<account>` (and `<region>` when no region is configured), with a note saying
/// what to replace and why it could not be filled in.
public struct CallerPolicyTarget: Sendable {
    public var names: PipelineNames
    /// Set when a placeholder stands in the names: what to replace, and why.
    public var note: String?

    /// Names for `prefix`: region and account from `configuration()` and STS, or placeholders where those fail.
    /// - Throws: `PipelineNamesError` for a prefix that cannot make valid names.
    public static func resolve(prefix: String, configuration: () throws -> AWSConfiguration) async throws -> CallerPolicyTarget {
        var region: String?
        let reason: String
        do {
            let resolved = try configuration()
            region = resolved.region
            try PipelineNames.validate(prefix: prefix, accountId: "000000000000", region: resolved.region)
            let names = try await PipelineClients(configuration: resolved).names(prefix: prefix)
            return CallerPolicyTarget(names: names, note: nil)
        } catch let error as PipelineNamesError {
            throw error
        } catch {
            reason = String(ErrorSummary.line(for: error).dropFirst("error: ".count))
        }
        try PipelineNames.validate(prefix: prefix, accountId: "000000000000", region: region ?? "us-east-1")
        let placeholders = ["<account> (your 12-digit account id)"] + (region == nil ? ["<region>"] : [])
        return CallerPolicyTarget(
            names: PipelineNames(unchecked: prefix, accountId: "<account>", region: region ?? "<region>"),
            note: "could not learn the account from STS (\(reason)); replace " + placeholders.joined(separator: " and ")
                + " in the policy before using it")
    }
}
