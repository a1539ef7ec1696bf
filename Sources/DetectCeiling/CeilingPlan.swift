import SettingRange

/// What one `detect-ceiling` run measures: the layouts, in the order they run, and how many times each image is
/// processed per layout.
struct CeilingPlan {
    /// The layouts asked for (every candidate for the machine's cores when none is), those of the core-sharing
    /// backend last: once installed, it stays.
    let layouts: [Layout]
    /// Times each image is processed per layout (at least 1).
    let passes: Int

    /// Throws `SettingRangeError` naming `--passes` unless `passes` is at least 1.
    init(requested: [Layout], cores: Int, passes: Int) throws(SettingRangeError) {
        try SettingRangeError.check(passes, atLeast: 1, option: "--passes")
        let layouts = requested.isEmpty ? Layout.candidates(cores: cores) : requested
        self.layouts = layouts.filter { !$0.sharesCores } + layouts.filter(\.sharesCores)
        self.passes = passes
    }
}
