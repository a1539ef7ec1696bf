import AWSKitLite

/// The "it is not there" answers of each service, which lookups turn into `nil` and deletions into "already gone".
enum AbsentResource {
    /// S3: a missing bucket (`NoSuchBucket`, or HEAD's bare 404 `NotFound`).
    static let s3: Set<String> = ["NoSuchBucket", "NotFound"]
    /// DynamoDB, Lambda, CloudWatch Logs: `ResourceNotFoundException`.
    static let resourceNotFound: Set<String> = ["ResourceNotFoundException"]
    /// ECR: a missing repository.
    static let ecr: Set<String> = ["RepositoryNotFoundException"]
    /// IAM: a missing role or policy.
    static let iam: Set<String> = ["NoSuchEntity"]

    /// `body`'s result, or nil when it throws an `AWSError` whose code is in `codes`; other errors are rethrown.
    static func orNil<T: Sendable>(_ codes: Set<String>, _ body: () async throws -> T) async throws -> T? {
        do {
            return try await body()
        } catch let error as AWSError where codes.contains(error.code) {
            return nil
        }
    }

    /// True when `body` ran, false when it threw an `AWSError` whose code is in `codes` (the thing was already gone).
    static func ran(_ codes: Set<String>, _ body: () async throws -> Void) async throws -> Bool {
        try await orNil(codes) { try await body(); return true } ?? false
    }
}
