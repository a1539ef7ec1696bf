import AWSKitLite
import Foundation
import NIOCore
import NIOPosix

/// An HTTP/1.1 proxy between the tools and an AWS emulator (MiniStack) that reproduces, when asked, what AWS
/// does and the emulators do not: the first-deployment failures of a real account.
///
/// Start it with `start(upstream:)` and point any process at `endpoint` (`--endpoint-url`, `AWS_ENDPOINT_URL`):
/// the test, `infractl`, `detect-client` and the function can share one proxy. Every request is forwarded
/// unchanged (method, path and query, every header including `Host` and `Authorization`, so the emulator's SigV4
/// check still passes, and the body) and the emulator's answer returned, except where a behaviour that is
/// switched on applies. All behaviours start off. `record` tells what happened to each call, so a test can assert
/// that a behaviour was exercised before it checks the end result. The path and query are sent in AWS's canonical
/// percent-encoding (what every SigV4 client sends); `Expect: 100-continue` is not supported.
///
/// | Behaviour | Where AWS documents it | What the proxy answers |
/// | --- | --- | --- |
/// | `.iamPropagationDelay(d)` | IAM eventual consistency, https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html#troubleshoot_general_eventual-consistency ; CreateFunction errors, https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html#API_CreateFunction_Errors | CreateFunction / UpdateFunctionConfiguration naming a role CreateRole'd through the proxy less than `d` ago: 400 `InvalidParameterValueException`, "The role defined for the function cannot be assumed by Lambda." (REST-JSON) |
/// | `.functionStates(pending:updating:)` | https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html | (MiniStack alone is Pending for half a second after every call, also after updates, which AWS reports as Active, and accepts back-to-back updates.) For `pending` after CreateFunction: CreateFunction, GetFunction and GetFunctionConfiguration report `State: Pending`, `StateReason` "The function is being created.", `StateReasonCode: Creating` (no `LastUpdateStatus` yet); updates, PublishVersion and Invoke get 409 `ResourceConflictException` "The operation cannot be performed at this time. The function is currently in the following state: Pending". For `updating` after UpdateFunctionCode / UpdateFunctionConfiguration: `LastUpdateStatus: InProgress`, "The function is being created.", `Creating`; a further update or PublishVersion gets 409 "… An update is in progress for resource: <function ARN>". `markInactive(function:)`: `State: Inactive`, "The function is currently idle.", `Idle`; Invoke gets 409 "… in the following state: Inactive" and starts a restore, an update wakes it; either way `Pending` (`Restoring`) for `pending`, then `Active` |
/// | `.notificationValidationDelay(d)` | https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketNotificationConfiguration.html ; https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html | PutBucketNotificationConfiguration naming a function whose AddPermission passed less than `d` ago: 400 `InvalidArgument` "Unable to validate the following destination configurations" with `ArgumentName1` "<ARN>, null" and `ArgumentValue1` "Not authorized to invoke function [<ARN>]" (S3 XML) |
/// | `.listBucketAccessDenial` | https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html (Permissions) ; https://docs.aws.amazon.com/AmazonS3/latest/userguide/troubleshoot-403-errors.html | GetObject of a missing key by a principal whose policies do not allow `s3:ListBucket` on the bucket (honouring an `s3:prefix` condition against the key): the emulator's 404 `NoSuchKey` becomes 403 `AccessDenied` "User: <ARN> is not authorized to perform: s3:ListBucket on resource: \"arn:aws:s3:::<bucket>\" because no identity-based policy allows the s3:ListBucket action"; a principal or policy it cannot read leaves the 404 as it is |
/// | `.throttling(service:operation:count:retryAfterSeconds:)` | Lambda: https://docs.aws.amazon.com/lambda/latest/api/API_Invoke.html#API_Invoke_Errors ; DynamoDB: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html ; S3: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html ; IAM/STS: https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html | The next `count` matching requests: Lambda 429 `TooManyRequestsException` "Rate Exceeded." (`Reason: CallerRateLimitExceeded`); DynamoDB, ECR, Logs 400 `ThrottlingException`; S3 503 `SlowDown` "Please reduce your request rate."; IAM, STS 400 `Throttling` "Rate exceeded"; with `Retry-After` when given |
/// | `.clockSkewAnswers` | https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html (RequestTimeTooSkewed) ; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-troubleshooting.html | The emulator's own refusals of a signing time too far off, made AWS's: S3 403 `RequestTimeTooSkewed` gains `RequestTime`, `ServerTime`, `MaxAllowedSkewMilliseconds`, `HostId` and the request-id headers; DynamoDB/ECR/Logs `InvalidSignatureException` gets AWS's `com.amazon.coral.service#` type; every one carries `Date` (the server's time). Lambda's 403 and IAM/STS's 403 `SignatureDoesNotMatch` "Signature expired: …" already match AWS and keep their shape |
/// | `.temporaryRedirects(count:)` | https://docs.aws.amazon.com/AmazonS3/latest/userguide/Redirects.html ; https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html | The next `count` S3 requests: 307 `TemporaryRedirect` with `Location` (the same path and query at `secondEndpoint`) and `Endpoint`/`Bucket` in the XML; `secondEndpoint` forwards without behaviours |
/// | `.uploadResets(count:afterBytes:service:operation:stallFor:)` | https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html (connection errors are transient and retried) | The next `count` matching requests with a body: reads `afterBytes` of the body, then (for `stallFor`) reads and answers nothing, as a link that stopped moving, then resets the connection (RST); no answer. A client that closes the connection during the stall is recorded as `abandoned` |
public final class AWSBehaviourProxy: Sendable {
    /// A behaviour switched on, with its parameters.
    public enum Behaviour: Sendable {
        /// Refuse Lambda's use of roles created less than this long ago.
        case iamPropagationDelay(Duration)
        /// Pending for `pending` after CreateFunction (and after waking an inactive function), InProgress for
        /// `updating` after each update.
        case functionStates(pending: Duration, updating: Duration)
        /// Refuse notification destinations whose AddPermission passed less than this long ago.
        case notificationValidationDelay(Duration)
        /// 403 instead of 404 for a missing key when the caller may not list the bucket.
        case listBucketAccessDenial
        /// Throttle the next `count` requests of `service` (signing name), and of `operation` when given. Bursts
        /// for different services or operations stand side by side; switching the behaviour off ends them all.
        case throttling(service: String, operation: String? = nil, count: Int, retryAfterSeconds: Int? = nil)
        /// Give the emulator's clock-skew refusals AWS's shape.
        case clockSkewAnswers
        /// Redirect the next `count` S3 requests to `secondEndpoint`.
        case temporaryRedirects(count: Int)
        /// Reset the connection after `afterBytes` of the body of the next `count` requests with a body (of
        /// `service`, and `operation` when given; operations of the Query protocol cannot be told before the body,
        /// so match those by service only). With `stallFor`, nothing moves for that long before the reset.
        case uploadResets(count: Int, afterBytes: Int = 16 * 1024, service: String? = nil, operation: String? = nil,
                          stallFor: Duration = .zero)

        public var kind: BehaviourKind {
            switch self {
            case .iamPropagationDelay: .iamPropagationDelay
            case .functionStates: .functionStates
            case .notificationValidationDelay: .notificationValidationDelay
            case .listBucketAccessDenial: .listBucketAccessDenial
            case .throttling: .throttling
            case .clockSkewAnswers: .clockSkewAnswers
            case .temporaryRedirects: .temporaryRedirects
            case .uploadResets: .uploadResets
            }
        }
    }

    /// The name of a behaviour, to switch it off and to read its counts in `record`.
    public enum BehaviourKind: String, Sendable, CaseIterable {
        case iamPropagationDelay, functionStates, notificationValidationDelay, listBucketAccessDenial
        case throttling, clockSkewAnswers, temporaryRedirects, uploadResets
    }

    /// Thrown by `start` when the upstream URL is not an http URL with a host.
    public struct InvalidUpstream: Error, CustomStringConvertible {
        public var upstream: String
        public var description: String { "not an http://host:port upstream URL: \(upstream)" }
    }

    /// The proxy's URL (`http://127.0.0.1:<port>`), for `--endpoint-url` and `AWS_ENDPOINT_URL`.
    public let endpoint: String
    /// A second URL served by the same proxy that forwards without any behaviour: where temporary redirects point.
    public let secondEndpoint: String

    private let pipeline: ProxyPipeline
    private let servers: [ProxyServer]

    private init(endpoint: String, secondEndpoint: String, pipeline: ProxyPipeline, servers: [ProxyServer]) {
        self.endpoint = endpoint
        self.secondEndpoint = secondEndpoint
        self.pipeline = pipeline
        self.servers = servers
    }

    /// Starts the proxy on two loopback ports the OS picks, forwarding to `upstream` (e.g. MiniStack's URL).
    /// `adminCredentials` read principals' IAM policies for `.listBucketAccessDenial`: MiniStack's root key `test`
    /// is accepted with any secret.
    /// - Throws: `InvalidUpstream`, or NIO's error when a port cannot be bound.
    public static func start(
        upstream: String,
        adminCredentials: AWSCredentials = AWSCredentials(accessKeyId: "test", secretAccessKey: "test"),
        region: String = "us-east-1"
    ) async throws -> AWSBehaviourProxy {
        guard let upstreamURL = EndpointURL(upstream), upstreamURL.scheme == "http" else { throw InvalidUpstream(upstream: upstream) }
        let pipeline = ProxyPipeline(upstream: upstreamURL, adminCredentials: adminCredentials, region: region)
        let main = try await ProxyServer.start(pipeline: pipeline, applyingBehaviours: true)
        let second: ProxyServer
        do {
            second = try await ProxyServer.start(pipeline: pipeline, applyingBehaviours: false)
        } catch {
            await main.shutdown()
            throw error
        }
        pipeline.setRedirectTarget(host: "127.0.0.1", port: second.port)
        return AWSBehaviourProxy(endpoint: "http://127.0.0.1:\(main.port)", secondEndpoint: "http://127.0.0.1:\(second.port)",
                                 pipeline: pipeline, servers: [main, second])
    }

    /// Switches `behaviour` on with its parameters (replacing the same behaviour's earlier setting and counters).
    public func switchOn(_ behaviour: Behaviour) {
        pipeline.configure(behaviour.kind, behaviour)
    }

    /// Switches the behaviour off: requests it would have acted on are forwarded as they are from now on.
    public func switchOff(_ kind: BehaviourKind) {
        pipeline.configure(kind, nil)
    }

    /// Reports `function` as `State: Inactive` (`Idle`) until an Invoke or an update wakes it (with
    /// `.functionStates` on).
    public func markInactive(function: String) {
        pipeline.functionStates.markInactive(function)
    }

    /// Every call so far and what each behaviour did.
    public var record: ProxyRecord {
        pipeline.record
    }

    /// Stops listening on both ports and closes open connections.
    public func shutdown() async {
        for server in servers { await server.shutdown() }
        pipeline.shutdown()
    }
}
