import DetectServerKit
import Testing
import YoloCore

/// The ranges a server configuration accepts, checked where it is made, with the option to fix in the error.
@Suite("Server setting ranges")
struct ServerSettingRangeTests {
    @Test("Each setting out of its range is refused, naming its option")
    func outOfRangeSettingsAreRefused() {
        #expect(throws: SettingRangeError(option: "--workers", requirement: "be between 1 and 64")) {
            try DetectServerConfiguration(workers: 0)
        }
        #expect(throws: SettingRangeError(option: "--port", requirement: "be between 0 and 65535")) {
            try DetectServerConfiguration(port: 65536)
        }
        #expect(throws: SettingRangeError(option: "--queue", requirement: "be 0 or more")) {
            try DetectServerConfiguration(queueCapacity: -1)
        }
        #expect(throws: SettingRangeError(option: "--confidence", requirement: "be between 0 and 1")) {
            try DetectServerConfiguration(detection: YoloConfiguration(confidenceThreshold: 1.5))
        }
        #expect(throws: SettingRangeError(option: "--drain-timeout", requirement: "be a number of seconds >= 0")) {
            try DetectServerConfiguration(limits: ConnectionLimits(drainTimeout: -1))
        }
        // Times and sizes the server converts to 64-bit nanoseconds and bytes are bounded, so none can overflow.
        #expect(throws: SettingRangeError(option: "--header-timeout", requirement: "be at most 31536000 seconds (a year)")) {
            try DetectServerConfiguration(limits: ConnectionLimits(headerTimeout: 1e300))
        }
        #expect(throws: SettingRangeError(option: "--max-body-mb", requirement: "be at most 1048576 (a TiB)")) {
            try DetectServerConfiguration.bytes(mebibytes: 1e300, option: "--max-body-mb")
        }
        #expect(throws: SettingRangeError(option: "--max-body-mb", requirement: "be positive")) {
            try DetectServerConfiguration.bytes(mebibytes: .infinity, option: "--max-body-mb")
        }
        #expect(SettingRangeError(option: "--nms", requirement: "be between 0 and 1").description == "--nms must be between 0 and 1")
    }

    @Test("The documented defaults are within range")
    func defaultsAreAccepted() throws {
        let configuration = try DetectServerConfiguration()
        #expect(configuration.workers == DetectServerConfiguration.defaults.workers)
        #expect(try DetectServerConfiguration.bytes(mebibytes: 20, option: "--max-body-mb") == configuration.maxBodyBytes)
    }
}
