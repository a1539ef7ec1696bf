import Foundation
import Testing
import AWSKitLite

/// Parsing of the shared config and credentials files, and locating them from the environment.
@Suite("Shared config and credentials files")
struct ConfigurationProfileFileTests {
    /// A fresh temporary HOME with `.aws/` holding the given files.
    static func home(config: String? = nil, credentials: String? = nil) throws -> String {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("awskit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home + "/.aws", withIntermediateDirectories: true)
        if let config { try config.write(toFile: home + "/.aws/config", atomically: true, encoding: .utf8) }
        if let credentials { try credentials.write(toFile: home + "/.aws/credentials", atomically: true, encoding: .utf8) }
        return home
    }

    @Test func parsesProfilesCommentsAndNestedSettings() throws {
        let text = """
            # comment
            ; another
            [default]
            region = eu-west-1
            aws_access_key_id=AKIDDEFAULT

            [profile dev]   # inline comment on a section line
            Region = us-west-2
            s3 =
              addressing_style = path
            output = json

            [sso-session corp]
            sso_region = us-east-1
            """
        let file = try SharedConfigFile.parse(text, path: "config", kind: .config)
        #expect(file.profiles["default"] == ["region": "eu-west-1", "aws_access_key_id": "AKIDDEFAULT"])
        #expect(file.profiles["dev"] == ["region": "us-west-2", "s3": "", "output": "json"])
        #expect(file.profiles["corp"] == nil && file.profiles["sso-session corp"] == nil)
    }

    @Test func credentialsFileSectionsAreBareNames() throws {
        let file = try SharedConfigFile.parse("[dev]\r\naws_access_key_id = A\r\n[profile x]\r\nk = v\r\n",
                                              path: "credentials", kind: .credentials)
        #expect(file.profiles["dev"] == ["aws_access_key_id": "A"])
        #expect(file.profiles["profile x"] == ["k": "v"])
    }

    @Test(arguments: [
        ("[default]\nregion eu-west-1\n", 2, "expected 'key = value'"),
        ("region = eu-west-1\n[default]\n", 1, "setting before any [section]"),
        ("[default]\nregion = x\n[broken\n", 3, "section header without ']'"),
        ("[default]\n= value\n", 2, "empty key before '='"),
        ("[default]\n[]\n", 2, "empty section name"),
    ])
    func reportsTheFileAndLineOfAMalformedLine(text: String, line: Int, reason: String) {
        #expect(throws: AWSConfigurationError.malformedProfile(file: "/x/config", line: line, reason: reason)) {
            try SharedConfigFile.parse(text, path: "/x/config", kind: .config)
        }
    }

    @Test func locatesFilesUnderHomeOrFromVariables() throws {
        let home = try Self.home(config: "[default]\nregion = ap-south-1\n", credentials: "[default]\nregion = eu-north-1\n")
        let files = try SharedConfigFiles.load(environment: ["HOME": home])
        #expect(files.configPath == home + "/.aws/config")
        #expect(files.credentialsPath == home + "/.aws/credentials")
        // The credentials file wins over the config file for the same key.
        #expect(files.settings(for: "default")?["region"] == "eu-north-1")

        let elsewhere = try Self.home(config: "[profile other]\nregion = sa-east-1\n")
        let moved = try SharedConfigFiles.load(environment: [
            "HOME": home, "AWS_CONFIG_FILE": elsewhere + "/.aws/config",
            "AWS_SHARED_CREDENTIALS_FILE": elsewhere + "/.aws/none"])
        #expect(moved.settings(for: "other")?["region"] == "sa-east-1")
        #expect(moved.settings(for: "default") == nil)
    }

    @Test func missingFilesAndMissingHomeReadAsEmpty() throws {
        let files = try SharedConfigFiles.load(environment: [:])
        #expect(files.configPath == nil && files.credentialsPath == nil)
        #expect(files.config.profiles.isEmpty && files.credentials.profiles.isEmpty)
    }

    @Test func profileNameComesFromOptionThenAWSProfile() {
        #expect(SharedConfigFiles.profileName(explicit: nil, environment: [:]) == "default")
        #expect(SharedConfigFiles.profileName(explicit: nil, environment: ["AWS_PROFILE": "dev"]) == "dev")
        #expect(SharedConfigFiles.profileName(explicit: "ops", environment: ["AWS_PROFILE": "dev"]) == "ops")
    }
}
