/// Works out a service's endpoint: an explicit URL, else `AWS_ENDPOINT_URL_<SERVICE>`, else
/// `AWS_ENDPOINT_URL` (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`), else AWS's standard
/// host for the region. S3 is path-style on custom endpoints and virtual-hosted on AWS.
/// Spec: https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html
public enum EndpointResolver {
    /// The endpoint of `service` in `region`.
    /// - Throws: `AWSConfigurationError.invalidEndpoint` naming the option or variable that held a bad URL.
    public static func resolve(service: AWSService, region: String, environment: [String: String],
                               explicit: String? = nil) throws -> AWSEndpoint {
        var overrides: [(value: String?, source: String)] = [(explicit, "the explicit endpoint option")]
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" {
            let variable = "AWS_ENDPOINT_URL_\(service.environmentSuffix)"
            overrides.append((environment[variable], variable))
            overrides.append((environment["AWS_ENDPOINT_URL"], "AWS_ENDPOINT_URL"))
        }
        for (value, source) in overrides {
            guard let value, !value.isEmpty else { continue }
            guard let url = EndpointURL(value) else {
                throw AWSConfigurationError.invalidEndpoint(url: value, source: source)
            }
            return AWSEndpoint(url: url, signingRegion: region, signingName: service.signingName, isCustom: true,
                               s3AddressingStyle: .path)
        }
        return standard(service: service, region: region)
    }

    /// AWS's own endpoint: `prefix.region.amazonaws.com` (`.amazonaws.com.cn` in China); IAM's is global
    /// (`iam.amazonaws.com`, signed for us-east-1).
    public static func standard(service: AWSService, region: String) -> AWSEndpoint {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        var host = "\(service.endpointPrefix).\(region).\(domain)"
        var signingRegion = region
        if service.isGlobal {
            if region.hasPrefix("cn-") {
                (host, signingRegion) = ("\(service.endpointPrefix).cn-north-1.\(domain)", "cn-north-1")
            } else if region.hasPrefix("us-gov-") {
                (host, signingRegion) = ("\(service.endpointPrefix).us-gov.\(domain)", "us-gov-west-1")
            } else {
                (host, signingRegion) = ("\(service.endpointPrefix).\(domain)", "us-east-1")
            }
        }
        let url = EndpointURL("https://\(host)")!
        return AWSEndpoint(url: url, signingRegion: signingRegion, signingName: service.signingName, isCustom: false,
                           s3AddressingStyle: service == .s3 ? .virtualHosted : .path)
    }
}
