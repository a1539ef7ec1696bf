import AWSKitLite
import InfraKit
import TestSupport
import Testing

/// The function's role, exercised as the function: session credentials from AssumeRole on the role `up` made,
/// on MiniStack (AUTH=true), which evaluates the role's inline policy for every call. The role may list the bucket
/// under `images/` only (on AWS that is what makes GetObject of a missing upload answer 404 rather than 403), and
/// read nothing outside `images/`.
@Suite struct FunctionRoleTests {
    @Test func theRoleListsUploadsAndNothingElse() async throws {
        let clients = try Emulator.ministack.clients()
        let prefix = Emulator.uniquePrefix()
        let names = try await clients.names(prefix: prefix)
        try await withPipelineCleanup(.ministack, prefix: prefix) {
            let image = try await Emulator.ministack.pushFunctionImage(repository: names.repository, accountId: names.accountId)
            try await PipelineProvisioner(clients: clients, polling: Emulator.polling)
                .up(prefix: prefix, options: UpOptions(image: .uri(image)), report: { _ in })
            try await clients.s3.putObject(bucket: names.bucket, key: names.uploadKey(id: "a", fileName: "dog.jpg"), body: [1, 2, 3])
            try await clients.s3.putObject(bucket: names.bucket, key: "misc/notes.txt", body: [4])

            let session = try await AssumedRole.credentials(roleArn: names.roleArn, emulator: .ministack)
            let asFunction = try S3Client(configuration: Emulator.ministack.configuration(credentials: session))

            let uploads = try await asFunction.listObjectsV2(bucket: names.bucket, prefix: "images/")
            #expect(uploads.objects.map(\.key) == ["images/a/dog.jpg"])
            #expect(try await asFunction.listObjectsV2(bucket: names.bucket, prefix: "images/a/").objects.count == 1)
            for prefix in ["misc/", nil] {
                let refused = try await #require(throws: AWSError.self) { try await asFunction.listObjectsV2(bucket: names.bucket, prefix: prefix) }
                #expect(refused.statusCode == 403 && refused.code == "AccessDenied", "prefix \(prefix ?? "none")")
            }
            #expect(try await asFunction.getObject(bucket: names.bucket, key: "images/a/dog.jpg").body == [1, 2, 3])
            let missing = try await #require(throws: AWSError.self) {
                try await asFunction.getObject(bucket: names.bucket, key: names.uploadKey(id: "b", fileName: "gone.jpg"))
            }
            #expect(missing.statusCode == 404 && missing.code == "NoSuchKey")
            let outside = try await #require(throws: AWSError.self) { try await asFunction.getObject(bucket: names.bucket, key: "misc/notes.txt") }
            #expect(outside.statusCode == 403)
        }
    }
}
