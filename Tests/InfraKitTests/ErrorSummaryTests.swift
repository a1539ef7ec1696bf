import AWSKitLite
import InfraKit
import Testing

/// The single line `infractl` prints for a failure.
@Suite struct ErrorSummaryTests {
    @Test func awsErrorNamesServiceOperationStatusCodeMessageAndRequestId() {
        let error = AWSError(service: "lambda", operation: "CreateFunction", statusCode: 400, code: "InvalidParameterValueException",
                             message: "The role defined for the function cannot be assumed by Lambda.", requestId: "req-1")
        #expect(ErrorSummary.line(for: error)
            == "error: lambda CreateFunction failed: HTTP 400 InvalidParameterValueException: The role defined for the function cannot be assumed by Lambda. (request id req-1)")
    }

    @Test func multiLineMessagesBecomeOneLine() {
        let error = DockerError.commandFailed(arguments: ["push", "x"], status: 1, detail: "first\nsecond")
        let line = ErrorSummary.line(for: error)
        #expect(!line.contains("\n"))
        #expect(line.contains("first second"))
    }

    @Test func infraErrorsSayWhatToDo() {
        #expect(ErrorSummary.line(for: InfraError.noImageForNewFunction(function: "p1-detect")).contains("--image-uri"))
        #expect(ErrorSummary.line(for: InfraError.deletionNotConfirmed(reason: "no terminal")).contains("nothing deleted"))
    }
}
