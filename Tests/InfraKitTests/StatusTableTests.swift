import Foundation
import InfraKit
import Testing

/// What `status` prints for people and for scripts, and when it counts as complete.
@Suite struct StatusTableTests {
    func status(allPresent: Bool, wired: Bool) -> PipelineStatus {
        let kinds: [(PipelineResource, String)] = [
            (.bucket, "p1-images-123456789012-us-east-1"), (.repository, "p1/detect-server"), (.table, "p1-detections"),
            (.logGroup, "/aws/lambda/p1-detect"), (.role, "p1-detect-role"), (.rolePolicy, "p1-detect-policy"), (.function, "p1-detect"),
            (.permission, "p1-s3-invoke"), (.notification, "p1-detect"),
        ]
        let resources = kinds.map { kind, name -> PipelineStatus.Resource in
            var resource = PipelineStatus.Resource(resource: kind, name: name, present: allPresent || kind == .bucket)
            switch kind {
            case .bucket: resource.objectCount = 3
            case .logGroup where allPresent: resource.retentionDays = 14; resource.storedBytes = 2048
            case .table where allPresent: resource.itemCount = 1; resource.tableStatus = "ACTIVE"
            case .function where allPresent:
                resource.state = "Active"; resource.lastUpdateStatus = "Successful"; resource.memoryMB = 1024
                resource.timeoutSeconds = 60; resource.imageUri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/p1/detect-server:v1"
            case .rolePolicy, .permission, .notification: resource.current = allPresent ? true : nil
            default: break
            }
            return resource
        }
        return PipelineStatus(prefix: "p1", accountId: "123456789012", region: "us-east-1", resources: resources, triggerWired: wired)
    }

    @Test func tableHasOneRowPerResourceAndTheTrigger() {
        let text = StatusTable.render(status(allPresent: true, wired: true))
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + 1 + 9 + 1)  // title, header, resources, trigger
        #expect(lines.contains { $0.hasPrefix("log-group") && $0.contains("/aws/lambda/p1-detect") && $0.contains("kept 14 days, 2048 bytes") })
        #expect(lines[1].hasPrefix("RESOURCE"))
        #expect(lines.contains { $0.hasPrefix("bucket") && $0.contains("3 objects") })
        #expect(lines.contains { $0.hasPrefix("table") && $0.contains("ACTIVE, 1 item") })
        #expect(lines.contains { $0.hasPrefix("function") && $0.contains("Active/Successful, 1024 MB, 60 s, image 123456789012") })
        #expect(lines.last!.hasPrefix("trigger") && lines.last!.contains("wired"))
    }

    @Test func missingResourcesAreListedAndTheStatusIsIncomplete() {
        let partial = status(allPresent: false, wired: false)
        #expect(!partial.isComplete)
        #expect(partial.missing == [.repository, .table, .logGroup, .role, .rolePolicy, .function, .permission, .notification])
        let text = StatusTable.render(partial)
        #expect(text.contains("not wired"))
        #expect(text.contains("missing: repository, table, log-group, role, role-policy, function, permission, notification"))
    }

    @Test func aStalePolicyMakesItIncompleteEvenWhenPresent() {
        var stale = status(allPresent: true, wired: true)
        #expect(stale.isComplete)
        stale.resources[4].current = false
        #expect(!stale.isComplete)
    }

    @Test func jsonCarriesEveryResourceAndTheVerdict() throws {
        let json = StatusTable.json(status(allPresent: true, wired: true))
        let object = try #require(JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["complete"] as? Bool == true)
        #expect(object["triggerWired"] as? Bool == true)
        #expect(object["accountId"] as? String == "123456789012")
        let resources = try #require(object["resources"] as? [[String: Any]])
        #expect(resources.map { $0["resource"] as? String } == [
            "bucket", "repository", "table", "log-group", "role", "role-policy", "function", "permission", "notification",
        ])
        #expect(resources[6]["memoryMB"] as? Int == 1024)
        #expect(resources[3]["retentionDays"] as? Int == 14)
        #expect(resources[0]["objectCount"] as? Int == 3)
        // Absent properties are left out, not null.
        #expect(resources[0]["memoryMB"] == nil)
    }
}
