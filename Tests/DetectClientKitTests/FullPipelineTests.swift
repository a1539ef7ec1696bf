import AWSKitLite
import DetectClientKit
import Foundation
import InfraKit
import TestSupport
import Testing

/// The whole cloud path on one machine, as `make run` runs it: `detect-client aws` uploads to MiniStack's S3, the S3
/// trigger invokes the function under AWS's Runtime Interface Emulator (local-lambda, the role's credentials), the
/// function writes its item to DynamoDB, and the client collects it.
@Suite struct FullPipelineTests {
    @Test func everyFixtureImageThroughS3LambdaAndDynamoDB() async throws {
        try await EmulatedPipeline.with { pipeline in
            var images = try Fixtures.imageNames.map { ImageFile(name: $0, bytes: [UInt8](try Fixtures.image($0))) }
            images.append(ImageFile(name: "corrupt.jpg", bytes: [0xFF, 0xD8, 0xFF, 0xE0] + Array("not really a JPEG".utf8)))
            let runner = AWSRunner(
                options: try AWSRunOptions(names: pipeline.names, concurrency: 8, timeout: .seconds(120)),
                s3: pipeline.clients.s3, dynamoDB: pipeline.clients.dynamoDB)
            try await runner.checkPipeline()
            let (results, transfers) = await runner.run(images: images)

            let golden = try Fixtures.golden("golden_conf0.5_nms0.4.json")
            #expect(results.images.count == images.count)
            #expect(results.summary.missing == 0, "\(results.images.filter { $0.status == .missing }.map(\.file))")
            for image in golden.images {
                let result = try #require(results.images.first { $0.file == image.file })
                #expect(result.status == .ok, "\(image.file): \(result.error ?? "")")
                #expect(result.objects.map(\.label) == image.objects.map(\.label), "\(image.file)")
                #expect(result.objects.map(\.classId) == image.objects.map(\.class_id), "\(image.file)")
                #expect(result.objects.map(\.box) == image.objects.map(\.box), "\(image.file)")
                for (found, expected) in zip(result.objects, image.objects) {
                    #expect(abs(found.accuracy - expected.accuracy) <= 1e-4, "\(image.file) \(expected.label)")
                }
                #expect(result.width == image.width && result.height == image.height)
                #expect(result.inferenceMilliseconds != nil && result.endToEndMilliseconds != nil && result.uploadMilliseconds != nil)
                #expect(result.coldStart != nil)
            }
            let corrupt = try #require(results.images.first { $0.file == "corrupt.jpg" })
            #expect(corrupt.status == .failed)
            #expect(corrupt.error?.hasPrefix("the function failed: ") == true, "\(corrupt.error ?? "")")
            #expect(results.summary.ok == golden.images.count && results.summary.failed == 1)
            let environments = await pipeline.lambda.currentStatus().environmentsStarted
            #expect(results.summary.coldStarts == environments, "one cold start per execution environment")
            #expect(transfers.summary.uploaded == images.count)
        }
    }
}
