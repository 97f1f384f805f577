#pragma once
// Receives ngspice's callbacks. ngspice calls them from whichever thread is
// running its code: the caller's (inside ngSpice_Circ and ngSpice_Command)
// or its own background thread (during bg_run), so all state here is under
// one mutex. The static trampolines find this object through the user-data
// pointer given to ngSpice_Init: no global state.
//
// Internal to lib/spice.
#include <ngspice/sharedspice.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

namespace memcosim::spice::detail {

// One line ngspice printed. ngspice tags each line "stdout " or "stderr "
// (its own stdout/stderr, both redirected to the callback in shared mode);
// a few progress lines come untagged.
struct LogLine {
    enum class Stream { out, err, untagged };
    Stream stream = Stream::untagged;
    std::string text;  // without the tag and the trailing CR/LF
};

// Splits one SendChar string into log lines (exposed for tests).
[[nodiscard]] std::vector<LogLine> parse_send_char(const char* text);

class CallbackSink {
public:
    // Signatures of sharedspice.h's SendChar, ControlledExit, BGThreadRunning.
    static int on_char(char* text, int ident, void* self);
    static int on_exit(int status, NG_BOOL immediate, NG_BOOL quit, int ident, void* self);
    static int on_bg_thread(NG_BOOL exited, int ident, void* self);

    void clear_log();
    [[nodiscard]] std::size_t line_count() const;
    [[nodiscard]] std::vector<LogLine> lines() const;

    // Call before "bg_run": forgets the previous thread's start and finish.
    void arm_background();
    // Waits until ngspice says its background thread has finished, at most
    // until `deadline`; true if it has.
    [[nodiscard]] bool wait_finished_until(std::chrono::steady_clock::time_point deadline);
    [[nodiscard]] bool background_started() const;
    [[nodiscard]] bool background_finished() const;

    // ngspice called its ControlledExit callback: the instance must be dropped.
    [[nodiscard]] bool exit_requested() const;
    // Waits at most `timeout` for the exit callback; true if it came.
    [[nodiscard]] bool wait_exit_for(std::chrono::milliseconds timeout);
    void clear_exit();

    // A pathological run could print without end; past this many lines only
    // stderr (where ngspice's errors go) is kept and the rest is counted.
    static constexpr std::size_t max_lines = 100000;

private:
    void append(std::vector<LogLine> lines);

    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<LogLine> lines_;
    std::size_t dropped_ = 0;
    bool started_ = false;
    bool finished_ = false;
    bool exit_requested_ = false;
};

}  // namespace memcosim::spice::detail
