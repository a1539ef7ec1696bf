import Foundation

/// Works out the AWS region: explicit, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's
/// `region` in the shared config file.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-region.html
public enum RegionResolver {
    /// The region, trimmed.
    /// - Throws: `AWSConfigurationError.noRegion` listing the places looked at; `.malformedProfile` for a bad file.
    public static func resolve(explicit: String? = nil, environment: [String: String], profile: String? = nil) throws -> String {
        for candidate in [explicit, environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]] {
            if let region = candidate?.trimmingCharacters(in: .whitespaces), !region.isEmpty { return region }
        }
        let files = try SharedConfigFiles.load(environment: environment)
        let name = SharedConfigFiles.profileName(explicit: profile, environment: environment)
        if let region = files.settings(for: name)?["region"], !region.isEmpty { return region }
        let fileLabel = files.configPath ?? "~/.aws/config"
        throw AWSConfigurationError.noRegion(tried: ["AWS_REGION", "AWS_DEFAULT_REGION", "'region' of profile \(name) in \(fileLabel)"])
    }
}
