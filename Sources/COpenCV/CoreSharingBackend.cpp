// A parallel_for backend for OpenCV (cv::parallel::ParallelForAPI) that shares the machine's cores between
// concurrent forward passes instead of oversubscribing them.
//
// Why: Debian's OpenCV runs parallel loops on TBB. With one network per worker thread, a fixed thread count is
// wrong half the time: 1 thread leaves a lone request's pass on one core, 2 threads make two concurrent passes
// fight over the cores (TBB workers spin while they wait for the shared arena). Here a parallel loop takes only
// the cores no other image holds right now: a lone pass gets every core, two passes on two cores run one
// thread each, and helper threads never spin while another image needs the core.
//
// Each task is still computed whole by one thread, so results are bit-identical to OpenCV's own backends.
#include "COpenCV.h"
#include "CoreSharing.hpp"

#include <opencv2/core.hpp>
#include <opencv2/core/parallel/parallel_backend.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace {

/// Threads currently inside a BusyScope (working on an image).
std::atomic<int> busyThreads{0};

/// The thread's index inside the parallel loop it is running: 0 for the caller, 1... for helpers.
thread_local int threadIndex = 0;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
    _mm_pause();
#elif defined(__aarch64__)
    asm volatile("yield");
#endif
}

class CoreSharingBackend final : public cv::parallel::ParallelForAPI {
public:
    explicit CoreSharingBackend(int cores) : cores_(std::max(1, cores)), limit_(std::max(1, cores)) {}

    void parallel_for(int tasks, FN_parallel_for_body_cb_t body, void *data) override {
        int helpers = helpersFor(tasks);
        if (helpers == 0 || !loopSlot_.try_lock()) {
            body(0, tasks, data);
            return;
        }
        std::lock_guard<std::mutex> slot(loopSlot_, std::adopt_lock);
        startHelpersOnce();

        Loop loop{body, data, tasks};
        loop.seats = helpers;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            current_ = &loop;
            generation_.fetch_add(1, std::memory_order_release);
        }
        wake_.notify_all();
        runTasks(loop);
        int joined;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            current_ = nullptr;  // no helper joins from here on
            joined = loop.joined;
        }
        for (int spins = 0; loop.finished.load(std::memory_order_acquire) != joined; ++spins) {
            if (spins < 4096) cpuRelax(); else std::this_thread::yield();
        }
    }

    int getThreadNum() const override { return threadIndex; }

    int getNumThreads() const override { return limit_.load(std::memory_order_relaxed); }

    int setNumThreads(int threads) override {
        int clamped = threads <= 0 ? cores_ : std::min(threads, cores_);
        return limit_.exchange(clamped, std::memory_order_relaxed);
    }

    const char *getName() const override { return "core-sharing"; }

    int cores() const { return cores_; }

private:
    /// One parallel loop being run: tasks are handed out one at a time to whoever asks next.
    struct Loop {
        FN_parallel_for_body_cb_t body;
        void *data;
        int tasks;
        std::atomic<int> next{0};
        int seats = 0;   // helpers that may still join (guarded by mutex_)
        int joined = 0;  // helpers that joined (guarded by mutex_)
        std::atomic<int> finished{0};
    };

    const int cores_;
    std::atomic<int> limit_;
    std::mutex loopSlot_;  // one loop at a time uses the helpers; a second caller runs its loop inline
    std::mutex mutex_;
    std::condition_variable wake_;
    std::atomic<uint64_t> generation_{0};
    Loop *current_ = nullptr;
    std::once_flag helpersStarted_;

    /// Cores not held by another image, minus the caller's own, capped by the tasks and the thread limit.
    int helpersFor(int tasks) const {
        int busy = std::max(1, busyThreads.load(std::memory_order_relaxed));
        int free = std::min(limit_.load(std::memory_order_relaxed), cores_) - busy;
        return std::max(0, std::min(free, tasks - 1));
    }

    static void runTasks(Loop &loop) {
        for (int task; (task = loop.next.fetch_add(1, std::memory_order_relaxed)) < loop.tasks;) {
            loop.body(task, task + 1, loop.data);
        }
    }

    /// Helpers live as long as the process: OpenCV keeps the backend until exit, and worker threads may still
    /// be inside a loop while the process exits.
    void startHelpersOnce() {
        std::call_once(helpersStarted_, [this] {
            for (int index = 1; index < cores_; ++index) std::thread([this, index] { helperLoop(index); }).detach();
        });
    }

    void helperLoop(int index) {
        threadIndex = index;
        uint64_t seen = generation_.load(std::memory_order_acquire);
        for (;;) {
            // Between the loops of one forward pass the next loop comes within microseconds: wait for it
            // spinning, but only while no other image needs this core.
            auto deadline = std::chrono::steady_clock::now() + std::chrono::microseconds(200);
            while (generation_.load(std::memory_order_acquire) == seen &&
                   busyThreads.load(std::memory_order_relaxed) < cores_ &&
                   std::chrono::steady_clock::now() < deadline) {
                for (int i = 0; i < 32; ++i) cpuRelax();
            }
            Loop *loop;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
                seen = generation_.load(std::memory_order_acquire);
                loop = current_;
                if (loop == nullptr || loop->seats == 0) continue;
                loop->seats -= 1;
                loop->joined += 1;
            }
            runTasks(*loop);
            loop->finished.fetch_add(1, std::memory_order_release);
        }
    }
};

CoreSharingBackend *installedBackend = nullptr;

}  // namespace

namespace cocv {

BusyScope::BusyScope() { busyThreads.fetch_add(1, std::memory_order_relaxed); }

BusyScope::~BusyScope() { busyThreads.fetch_sub(1, std::memory_order_relaxed); }

}  // namespace cocv

extern "C" {

bool cocv_use_core_sharing(int32_t cores, char *error, size_t error_capacity) {
    static std::mutex installing;
    std::lock_guard<std::mutex> lock(installing);
    if (installedBackend != nullptr) return true;
    try {
        auto *backend = new CoreSharingBackend(cores);
        // Never deleted: see startHelpersOnce.
        cv::parallel::setParallelForBackend(
            std::shared_ptr<cv::parallel::ParallelForAPI>(backend, [](cv::parallel::ParallelForAPI *) {}), true);
        installedBackend = backend;
        return true;
    } catch (const cv::Exception &e) {
        std::string message = "setParallelForBackend: " + (e.err.empty() ? e.msg : e.err);
        if (error && error_capacity) snprintf(error, error_capacity, "%s", message.c_str());
    } catch (const std::exception &e) {
        if (error && error_capacity) snprintf(error, error_capacity, "setParallelForBackend: %s", e.what());
    }
    return false;
}

int32_t cocv_core_sharing_cores(void) { return installedBackend ? installedBackend->cores() : 0; }

}  // extern "C"
