/// Listing the caller's buckets: what proves a bucket is gone without trusting HeadBucket alone.
extension S3Client {
    /// The names of every bucket the caller owns, in the order S3 returns them (by name).
    /// Spec: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListBuckets.html
    public func listBuckets() async throws -> [String] {
        let response = try await send("ListBuckets") { core.request(method: "GET", path: "/") }
        let root = try parseXML(response, operation: "ListBuckets")
        return (root.child("Buckets")?.children("Bucket") ?? []).compactMap { $0.text(of: "Name") }
    }
}
