import AWSKitLite
import DetectClientKit
import DetectionContract
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
        for seconds in [0, -1, Double.nan] {
            #expect(throws: SettingRangeError(option: "--duration", requirement: "be a number of seconds > 0")) {
                try LoadDriverOptions.Limit.duration(seconds: seconds)
            }
        }
        for seconds in [Double.infinity, 1e300] {
            #expect(throws: SettingRangeError(option: "--duration", requirement: "be at most 31536000 seconds (a year)")) {
                try LoadDriverOptions.Limit.duration(seconds: seconds)
            }
        }
        #expect(try LoadDriverOptions.Limit.duration(seconds: 1.5) == .duration(.milliseconds(1500)))
    }

    let names = try! PipelineNames(accountId: "123456789012", region: "us-east-1")

    @Test func awsRunSettingsAtTheirBoundsAreAccepted() throws {
        let options = try AWSRunOptions(names: names, concurrency: 1, timeout: .zero, reportLinesWait: .zero,
                                        memorySizes: [128, 10240])
        #expect(options.concurrency == 1 && options.timeout == .zero && options.memorySizes == [128, 10240])
        #expect(try AWSRunOptions.wait(seconds: 0, option: "--timeout") == .zero)
        #expect(try AWSRunOptions.wait(seconds: 1.5, option: "--timeout") == .milliseconds(1500))
    }

    @Test func awsRunSettingsOutOfRangeAreRefused() {
        #expect(throws: SettingRangeError(option: "--concurrency", requirement: "be at least 1")) {
            try AWSRunOptions(names: names, concurrency: 0)
        }
        #expect(throws: SettingRangeError(option: "--timeout", requirement: "be a number of seconds >= 0")) {
            try AWSRunOptions(names: names, timeout: .milliseconds(-1))
        }
        #expect(throws: SettingRangeError(option: "--report-lines-wait", requirement: "be a number of seconds >= 0")) {
            try AWSRunOptions(names: names, reportLinesWait: .milliseconds(-1))
        }
        for seconds in [-0.001, Double.nan] {
            #expect(throws: SettingRangeError(option: "--report-lines-wait", requirement: "be a number of seconds >= 0")) {
                try AWSRunOptions.wait(seconds: seconds, option: "--report-lines-wait")
            }
        }
        for seconds in [Double.infinity, 1e300] {
            #expect(throws: SettingRangeError(option: "--report-lines-wait", requirement: "be at most 31536000 seconds (a year)")) {
                try AWSRunOptions.wait(seconds: seconds, option: "--report-lines-wait")
            }
        }
        #expect(throws: SettingRangeError(option: "--memory-sizes", requirement: "be sizes in MB from 128 to 10240 ('127' is not)")) {
            try AWSRunOptions(names: names, memorySizes: [512, 127])
        }
        #expect(throws: SettingRangeError(option: "--memory-sizes", requirement: "be sizes in MB from 128 to 10240 ('10241' is not)")) {
            try AWSRunOptions(names: names, memorySizes: [10241])
        }
        #expect(throws: SettingRangeError(option: "--memory-sizes", requirement: "name each size once (512 is given twice)")) {
            try AWSRunOptions(names: names, memorySizes: [512, 1024, 512])
        }
        #expect(throws: SettingRangeError(option: "--memory-sizes", requirement: "name at least one size")) {
            try AWSRunOptions(names: names, memorySizes: [])
        }
    }

    @Test func transferLimitsAtTheirBoundsAreAccepted() throws {
        let limits = try TransferLimits(requestTimeout: 0.001, slowestUploadRate: 1, lowSpeedLimit: 0, lowSpeedTime: 1)
        #expect(limits.httpConfiguration.requestTimeout == .milliseconds(1))
        #expect(limits.httpConfiguration.slowestUploadRate == 1)
        #expect(limits.httpConfiguration.lowSpeedLimit == nil)
        let slow = try TransferLimits(lowSpeedLimit: 1, lowSpeedTime: 1)
        #expect(slow.httpConfiguration.lowSpeedLimit == .init(bytesPerSecond: 1, duration: .seconds(1)))
    }

    @Test func transferLimitsOutOfRangeAreRefused() {
        #expect(throws: SettingRangeError(option: "--request-timeout", requirement: "be a number of seconds > 0")) {
            try TransferLimits(requestTimeout: 0)
        }
        for seconds in [Double.infinity, 1e300] {
            #expect(throws: SettingRangeError(option: "--request-timeout", requirement: "be at most 31536000 seconds (a year)")) {
                try TransferLimits(requestTimeout: seconds)
            }
        }
        #expect(throws: SettingRangeError(option: "--slowest-upload-rate", requirement: "be a number of bytes per second > 0")) {
            try TransferLimits(slowestUploadRate: 0)
        }
        #expect(throws: SettingRangeError(option: "--low-speed-limit", requirement: "be a number of bytes per second >= 0")) {
            try TransferLimits(lowSpeedLimit: -1)
        }
        #expect(throws: SettingRangeError(option: "--low-speed-time", requirement: "be a number of seconds >= 1")) {
            try TransferLimits(lowSpeedTime: 0.999)
        }
    }
}
