import Foundation

/// Processor time used so far, for the benchmark tools' figures.
public enum ProcessorTime {
    /// User plus system time of the whole process, every thread (getrusage(RUSAGE_SELF)), in milliseconds.
    public static func processMilliseconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func milliseconds(_ time: timeval) -> Double { Double(time.tv_sec) * 1000 + Double(time.tv_usec) / 1000 }
        return milliseconds(usage.ru_utime) + milliseconds(usage.ru_stime)
    }

    /// The calling thread's (clock_gettime(CLOCK_THREAD_CPUTIME_ID)), in nanoseconds.
    public static func threadNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
