import Foundation
import Synchronization

/// Runs a process as on a machine whose wall clock drifted: a small `LD_PRELOAD` library, compiled once per test
/// run, adds a fixed number of seconds to what `clock_gettime(CLOCK_REALTIME…)`, `gettimeofday` and `time` return
/// (what Foundation's `Date()` reads, and so what the signer stamps). Only the wall clock moves: the monotonic
/// clocks behind timeouts, `Task.sleep` and the timers the Swift runtime arms keep running true, as they do on a
/// drifted machine. (libfaketime also shifts those timers, so a sleep under it lasts the offset longer or never
/// ends.) The setting travels in the environment, so a process's children (the function under `local-lambda`)
/// inherit the same clock.
public enum WallClockShift {
    public struct Unavailable: Error, CustomStringConvertible {
        public var description: String
    }

    /// `/usr/bin/env LD_PRELOAD=… WALL_CLOCK_SHIFT_SECONDS=…`: put it before a command to run it `seconds` off
    /// (positive: ahead, negative: behind).
    /// - Throws: `Unavailable` when no C compiler could build the library.
    public static func launcher(seconds: Int) throws -> [String] {
        ["/usr/bin/env", "LD_PRELOAD=\(try library())", "WALL_CLOCK_SHIFT_SECONDS=\(seconds)"]
    }

    private static let built = Mutex<Result<String, Unavailable>?>(nil)

    /// The library's path, building it on first use.
    static func library() throws -> String {
        try built.withLock { built in
            if built == nil { built = Result { () throws(Unavailable) -> String in try build() } }
            return try built!.get()
        }
    }

    private static func build() throws(Unavailable) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wall-clock-shift-\(UUID().uuidString)")
        let source = folder.appendingPathComponent("wall_clock_shift.c"), library = folder.appendingPathComponent("wall_clock_shift.so")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Self.source.write(to: source, atomically: true, encoding: .utf8)
        } catch {
            throw Unavailable(description: "cannot write \(source.path): \(error)")
        }
        for compiler in ["/usr/bin/cc", "/usr/bin/clang", "/opt/swift/usr/bin/clang"]
        where FileManager.default.isExecutableFile(atPath: compiler) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: compiler)
            process.arguments = ["-shared", "-fPIC", "-O2", "-o", library.path, source.path, "-ldl"]
            let errors = Pipe()
            process.standardError = errors
            do { try process.run() } catch { continue }
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw Unavailable(description: "\(compiler) could not build \(source.path): \(message)")
            }
            return library.path
        }
        throw Unavailable(description: "no C compiler (cc or clang) to build the wall-clock shift library")
    }

    private static let source = """
        #define _GNU_SOURCE
        #include <dlfcn.h>
        #include <stdlib.h>
        #include <sys/time.h>
        #include <time.h>

        static long shift_seconds(void) {
            const char *text = getenv("WALL_CLOCK_SHIFT_SECONDS");
            return text ? atol(text) : 0;
        }

        int clock_gettime(clockid_t clock, struct timespec *now) {
            static int (*real)(clockid_t, struct timespec *);
            if (!real) real = (int (*)(clockid_t, struct timespec *))dlsym(RTLD_NEXT, "clock_gettime");
            int result = real(clock, now);
            if (result == 0 && (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE)) now->tv_sec += shift_seconds();
            return result;
        }

        int gettimeofday(struct timeval *restrict now, void *restrict zone) {
            static int (*real)(struct timeval *restrict, void *restrict);
            if (!real) real = (int (*)(struct timeval *restrict, void *restrict))dlsym(RTLD_NEXT, "gettimeofday");
            int result = real(now, zone);
            if (result == 0) now->tv_sec += shift_seconds();
            return result;
        }

        time_t time(time_t *out) {
            struct timespec now;
            clock_gettime(CLOCK_REALTIME, &now);
            if (out) *out = now.tv_sec;
            return now.tv_sec;
        }
        """
}
