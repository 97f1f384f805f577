// Engine: one ngspice instance, and the load / run / read / clean-up cycle
// of each job. The pieces it uses each have their own file: the dlopen'd
// library, the callback sink, the netlist checks, the failure classifier
// and the plot reader.
#include "spice/engine.hpp"

#include "core/error.hpp"
#include "spice/callback_sink.hpp"
#include "spice/failure_classifier.hpp"
#include "spice/library.hpp"
#include "spice/netlist_text.hpp"
#include "spice/plot_reader.hpp"
#include "spice/scope_exit.hpp"

#include <algorithm>
#include <atomic>
#include <fmt/format.h>
#include <mutex>
#include <thread>

namespace memcosim::spice {

namespace {

using Clock = std::chrono::steady_clock;
using detail::format_what;
using detail::LogLine;
using detail::summary;

// ngspice keeps its state in process globals: a second Engine would share
// (and corrupt) the first one's circuit and plots.
std::atomic<bool> engine_exists{false};

// How often the wait for the background thread wakes to check that the
// thread started at all (bg_run can silently do nothing when ngspice's
// state is broken; seen after an exit callback).
constexpr auto wait_slice = std::chrono::milliseconds(100);
constexpr auto start_grace = std::chrono::seconds(2);
// ngspice's bg_halt itself waits up to 1 s for the thread; a thread busy in
// code that never checks the interrupt flag gets this long in all.
constexpr auto halt_grace = std::chrono::seconds(30);
// The background thread still runs a few instructions of ngspice code after
// its "finished" callback (and after the exit callback it unwinds through
// pthread_exit); the library is not unmapped before they are done.
constexpr auto unload_delay = std::chrono::milliseconds(20);
constexpr auto unload_delay_after_exit = std::chrono::milliseconds(200);

std::vector<std::string> texts(const std::vector<LogLine>& lines) {
    std::vector<std::string> result;
    result.reserve(lines.size());
    for (const auto& line : lines) {
        result.push_back(line.text);
    }
    return result;
}

bool any_line_contains(const std::vector<LogLine>& lines, std::string_view phrase) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const LogLine& line) { return line.text.find(phrase) != std::string::npos; });
}

// "** ngspice-46 shared library" (init banner) or "** ngspice-46 : Circuit
// level simulation program" (the version command) -> "46".
std::string parse_version(const std::vector<LogLine>& lines) {
    static constexpr std::string_view marker = "ngspice-";
    for (const auto& line : lines) {
        const auto at = line.text.find(marker);
        if (at == std::string::npos) {
            continue;
        }
        const auto begin = at + marker.size();
        const auto end = line.text.find_first_of(" \t:", begin);
        auto version = line.text.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
        if (!version.empty()) {
            return version;
        }
    }
    return {};
}

std::string seconds_text(std::chrono::milliseconds duration) {
    return fmt::format("{:g}", std::chrono::duration<double>(duration).count());
}

}  // namespace

struct Engine::Impl {
    // Declared before `library`: ngspice holds a pointer to the sink until
    // the library is unloaded, so the sink must be destroyed after it.
    detail::CallbackSink sink;
    std::unique_ptr<detail::Library> library;
    std::string version;
    std::mutex run_mutex;  // one job at a time: ngspice has one circuit slot
    bool exit_in_background = false;
    // A run that could not be halted keeps ngspice busy for good; the
    // library is then never unloaded (its code is still executing).
    bool stuck = false;

    [[nodiscard]] const detail::NgspiceApi& api() const { return library->api(); }

    int command(const std::string& text) {
        std::string buffer = text;  // the C API takes char*
        return api().command(buffer.data());
    }

    void load() {
        library = std::make_unique<detail::Library>();
        sink.clear_log();
        sink.clear_exit();
        exit_in_background = false;
        // No SendData / SendInitData / SendStat: results are read once at the
        // end, and per-step callbacks would slow long transients.
        const int rc = api().init(&detail::CallbackSink::on_char, nullptr, &detail::CallbackSink::on_exit, nullptr,
                                  nullptr, &detail::CallbackSink::on_bg_thread, &sink);
        if (rc != 0) {
            library.reset();
            throw EngineError(fmt::format("ngspice: ngSpice_Init failed with code {}", rc));
        }
        if (auto parsed = parse_version(sink.lines()); !parsed.empty()) {
            version = std::move(parsed);
        }
        sink.clear_log();
    }

    void unload(std::chrono::milliseconds delay) {
        std::this_thread::sleep_for(delay);
        library.reset();
        sink.clear_exit();
        exit_in_background = false;
    }

    // An instance that called its exit callback is replaced before use
    // (normally clean_up has already unloaded it).
    void reload_if_needed() {
        if (library && sink.exit_requested()) {
            unload(unload_delay);
        }
        if (!library) {
            load();
        }
    }

    // After every run, successful or not: without `destroy all` and
    // `remcirc` each run leaves its plot and circuit behind (megabytes for
    // a large crossbar), and without ngSpice_Command(NULL) ngspice keeps
    // every command it was sent (about 200 bytes each, measured).
    // Must not throw: it runs in a scope guard.
    void clean_up() noexcept {
        try {
            if (stuck || !library) {
                return;
            }
            if (sink.exit_requested()) {
                unload(exit_in_background ? unload_delay_after_exit : unload_delay);
                return;
            }
            command("destroy all");
            command("remcirc");
            api().command(nullptr);
        } catch (...) {
            // Nothing useful to do; the next run checks the plot state again.
        }
    }

    // Waits for the background thread; false on the time limit.
    bool wait_for_run(Clock::time_point deadline, Clock::time_point started_at) {
        while (true) {
            if (sink.wait_finished_until(std::min(deadline, Clock::now() + wait_slice))) {
                return true;
            }
            const auto now = Clock::now();
            if (now >= deadline) {
                return false;
            }
            if (!sink.background_started() && !api().running() && now - started_at > start_grace) {
                // ngspice's state is broken (seen after an exit callback):
                // flag the instance so that clean_up replaces it.
                detail::CallbackSink::on_exit(1, false, false, 0, &sink);
                throw SpiceError(FailureKind::engine_exit,
                                 format_what(summary(FailureKind::engine_exit),
                                             {"bg_run did not start ngspice's background thread"}),
                                 texts(sink.lines()));
            }
        }
    }

    [[noreturn]] void halt_and_throw(std::chrono::milliseconds limit) {
        const auto give_up = Clock::now() + halt_grace;
        // bg_halt sets ngspice's interrupt flag and waits up to 1 s for the
        // thread; repeated in case the thread was inside a long step.
        command("bg_halt");
        while (!sink.wait_finished_until(std::min(give_up, Clock::now() + std::chrono::seconds(1)))) {
            if (Clock::now() >= give_up) {
                stuck = true;
                [[maybe_unused]] auto* leaked = library.release();  // still executing: never unmap it
                throw SpiceError(
                    FailureKind::timeout,
                    format_what(summary(FailureKind::timeout),
                                {"not halted after " + seconds_text(limit) + " s plus " + seconds_text(halt_grace) +
                                 " s; ngspice cannot be used again in this process"}),
                    texts(sink.lines()));
            }
            command("bg_halt");
        }
        throw SpiceError(FailureKind::timeout,
                         format_what(summary(FailureKind::timeout), {"halted after " + seconds_text(limit) + " s"}),
                         texts(sink.lines()));
    }

    RunResult run(const std::vector<std::string>& netlist_lines, const RunOptions& options) {
        std::lock_guard lock(run_mutex);
        if (stuck) {
            throw SpiceError(
                FailureKind::engine_exit,
                format_what(summary(FailureKind::engine_exit),
                            {"an earlier run could not be halted; ngspice cannot run again in this process"}),
                {});
        }
        auto netlist = detail::prepare_netlist(netlist_lines);
        if (!detail::has_analysis_card(netlist)) {
            throw SpiceError(FailureKind::no_analysis,
                             format_what(summary(FailureKind::no_analysis),
                                         {"the netlist has none of .op .tran .dc .ac .noise .tf .sens .pz .disto"}),
                             {});
        }
        reload_if_needed();
        const auto start = Clock::now();

        // Every run ends with `destroy all`, so the constants plot is current
        // here; if not, a plot from an earlier run could be mistaken for
        // this run's result.
        if (detail::current_plot_name(api()) != detail::constants_plot) {
            command("destroy all");
            if (const auto name = detail::current_plot_name(api()); name != detail::constants_plot) {
                throw SpiceError(FailureKind::other,
                                 format_what(summary(FailureKind::other),
                                             {"plot '" + name + "' is still current after destroy all"}),
                                 {});
            }
        }
        sink.clear_log();
        sink.clear_exit();
        detail::ScopeExit cleanup([this] { clean_up(); });

        // Load from memory: ngSpice_Circ copies each line.
        std::vector<char*> pointers;
        pointers.reserve(netlist.size() + 1);
        for (auto& line : netlist) {
            pointers.push_back(line.data());
        }
        pointers.push_back(nullptr);
        const int circ_rc = api().circ(pointers.data());
        const auto load_lines = sink.lines();
        if (auto failure = detail::classify_load(load_lines, circ_rc != 0, sink.exit_requested())) {
            throw SpiceError(failure->kind, failure->what, texts(load_lines));
        }

        sink.arm_background();
        const auto run_start = Clock::now();
        command("bg_run");
        if (!wait_for_run(start + options.time_limit, run_start)) {
            halt_and_throw(options.time_limit);
        }

        auto lines = sink.lines();
        // In the background thread ngspice prints this, reports the thread
        // finished, and only then calls the exit callback.
        if (sink.exit_requested() || any_line_contains(lines, "cannot recover")) {
            exit_in_background = true;
            if (!sink.wait_exit_for(std::chrono::seconds(1))) {
                // Treated the same: an instance that says it cannot recover
                // is not used again.
                detail::CallbackSink::on_exit(1, false, false, 0, &sink);
            }
            lines = sink.lines();
            const std::vector<LogLine> run_lines(lines.begin() + static_cast<std::ptrdiff_t>(load_lines.size()),
                                                 lines.end());
            auto failure = detail::classify_run(run_lines);
            std::string what = failure ? failure->what : format_what(summary(FailureKind::engine_exit), {});
            throw SpiceError(FailureKind::engine_exit, what + " (ngspice exited; it is reloaded for the next run)",
                             texts(lines));
        }
        const std::vector<LogLine> run_lines(lines.begin() + static_cast<std::ptrdiff_t>(load_lines.size()),
                                             lines.end());
        if (auto failure = detail::classify_run(run_lines)) {
            throw SpiceError(failure->kind, failure->what, texts(lines));
        }

        RunResult result;
        detail::read_current_plot(api(), result);
        const bool empty = std::all_of(result.vectors.begin(), result.vectors.end(),
                                       [](const Vector& vector) { return vector.real.empty(); });
        if (result.plot_name.empty() || result.plot_name == detail::constants_plot || empty) {
            throw SpiceError(FailureKind::other,
                             format_what(summary(FailureKind::other), {"the analysis produced no data"}), texts(lines));
        }
        result.log = texts(lines);
        result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        return result;
    }
};

Engine::Engine() {
    if (engine_exists.exchange(true)) {
        throw EngineError(
            "ngspice: only one Engine may exist per process (ngspice's state is global); "
            "run parallel jobs in separate processes");
    }
    try {
        impl_ = std::make_unique<Impl>();
        impl_->load();
    } catch (...) {
        engine_exists = false;
        throw;
    }
}

Engine::~Engine() {
    if (impl_ && impl_->stuck) {
        // ngspice's thread may still call back into the sink: keep it alive.
        [[maybe_unused]] auto* leaked = impl_.release();
    } else if (impl_ && impl_->library) {
        impl_->unload(unload_delay);
    }
    engine_exists = false;
}

RunResult Engine::run(const std::vector<std::string>& netlist_lines, const RunOptions& options) {
    return impl_->run(netlist_lines, options);
}

std::string Engine::version() {
    std::lock_guard lock(impl_->run_mutex);
    if (impl_->version.empty()) {
        impl_->reload_if_needed();
        impl_->sink.clear_log();
        impl_->command("version");
        impl_->version = parse_version(impl_->sink.lines());
        impl_->sink.clear_log();
    }
    return impl_->version;
}

}  // namespace memcosim::spice
