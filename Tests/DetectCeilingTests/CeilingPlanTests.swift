import SettingRange
import Testing

@testable import DetectCeiling

/// What a `detect-ceiling` run measures: its layouts and passes, checked where the plan is made.
@Suite struct CeilingPlanTests {
    @Test func oneLayoutOnePassIsAccepted() throws {
        let plan = try CeilingPlan(requested: [Layout(nets: 2, threads: 1)], cores: 4, passes: 1)
        #expect(plan.layouts == [Layout(nets: 2, threads: 1)] && plan.passes == 1)
    }

    @Test func zeroPassesAreRefused() {
        #expect(throws: SettingRangeError(option: "--passes", requirement: "be at least 1")) {
            try CeilingPlan(requested: [], cores: 2, passes: 0)
        }
    }

    @Test func coreSharingLayoutsGoLast() throws {
        let plan = try CeilingPlan(requested: [Layout(nets: 1, sharing: 2), Layout(nets: 1, threads: 2)], cores: 2, passes: 8)
        #expect(plan.layouts.map(\.description) == ["1x2", "1xS"])
        #expect(try CeilingPlan(requested: [], cores: 2, passes: 8).layouts == Layout.candidates(cores: 2))
    }
}
