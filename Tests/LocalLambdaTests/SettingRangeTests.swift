import LocalLambda
import Testing

/// The ranges local-lambda's settings accept, checked where the settings are made, with the option to fix in the error.
@Suite struct SettingRangeTests {
    let emulator = RuntimeInterfaceEmulator(path: "/usr/local/bin/aws-lambda-rie")

    func configuration(maxEnvironments: Int = 2, retryDelays: [Duration] = [.seconds(60)]) throws -> LocalLambda.Configuration {
        try LocalLambda.Configuration(functionName: "f", command: ["true"], emulator: emulator, maxEnvironments: maxEnvironments,
                                      asyncRetryDelays: retryDelays)
    }

    @Test func functionSettingsAtTheirBoundsAreAccepted() throws {
        #expect(try configuration(maxEnvironments: 1, retryDelays: [.zero, .zero]).maxEnvironments == 1)
        #expect(try configuration(maxEnvironments: 64).maxEnvironments == 64)
    }

    @Test func functionSettingsOutOfRangeAreRefused() {
        for count in [0, 65] {
            #expect(throws: SettingRangeError(option: "--max-environments", requirement: "be between 1 and 64")) {
                try configuration(maxEnvironments: count)
            }
        }
        #expect(throws: SettingRangeError(option: "--retry-delays", requirement: "be seconds of 0 or more")) {
            try configuration(retryDelays: [.seconds(60), .milliseconds(-1)])
        }
    }

    @Test func serverSettingsAtTheirBoundsAreAccepted() throws {
        #expect(try LocalLambdaServer.Configuration(port: 0, drain: .zero).port == 0)
        #expect(try LocalLambdaServer.Configuration(port: 65535).drain == .seconds(30))
    }

    @Test func serverSettingsOutOfRangeAreRefused() {
        #expect(throws: SettingRangeError(option: "--port", requirement: "be between 0 and 65535")) {
            try LocalLambdaServer.Configuration(port: 65536)
        }
        #expect(throws: SettingRangeError(option: "--port", requirement: "be between 0 and 65535")) {
            try LocalLambdaServer.Configuration(port: -1)
        }
        #expect(throws: SettingRangeError(option: "--drain-timeout", requirement: "be 0 or more")) {
            try LocalLambdaServer.Configuration(port: 0, drain: .seconds(-1))
        }
    }
}
