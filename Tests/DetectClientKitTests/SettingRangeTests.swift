import DetectClientKit
import Testing

/// The ranges a run's settings accept, checked where the settings are made, with the option to fix in the error.
@Suite struct SettingRangeTests {
    let endpoint = try! DetectionEndpoint("http://127.0.0.1:8080")

    @Test func localRunCountsOutOfRangeAreRefused() {
        #expect(throws: SettingRangeError(option: "--concurrency", requirement: "be at least 1")) {
            try LocalRunOptions(endpoint: endpoint, concurrency: 0)
        }
        #expect(throws: SettingRangeError(option: "--repeat", requirement: "be at least 1")) {
            try LocalRunOptions(endpoint: endpoint, repeatCount: 0)
        }
        #expect(throws: SettingRangeError(option: "--warmup", requirement: "not be negative")) {
            try LocalRunOptions(endpoint: endpoint, warmup: -1)
        }
        #expect(SettingRangeError(option: "--warmup", requirement: "not be negative").description == "--warmup must not be negative")
    }

    @Test func loadCountsAndDurationsOutOfRangeAreRefused() throws {
        #expect(throws: SettingRangeError(option: "--concurrency", requirement: "be at least 1")) {
            try LoadDriverOptions(endpoint: endpoint, concurrency: 0)
        }
        #expect(throws: SettingRangeError(option: "--requests", requirement: "be at least 1")) {
            try LoadDriverOptions(endpoint: endpoint, limit: .requests(0))
        }
        for seconds in [0, -1, Double.infinity, Double.nan] {
            #expect(throws: SettingRangeError(option: "--duration", requirement: "be a positive number of seconds")) {
                try LoadDriverOptions.Limit.duration(seconds: seconds)
            }
        }
        #expect(try LoadDriverOptions.Limit.duration(seconds: 1.5) == .duration(.milliseconds(1500)))
    }
}
