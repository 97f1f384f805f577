#include "spice/callback_sink.hpp"

#include <fmt/format.h>
#include <string_view>
#include <utility>

namespace memcosim::spice::detail {

std::vector<LogLine> parse_send_char(const char* text) {
    std::vector<LogLine> result;
    if (text == nullptr) {
        return result;
    }
    std::string_view rest(text);
    auto stream = LogLine::Stream::untagged;
    if (rest.starts_with("stdout ")) {
        stream = LogLine::Stream::out;
        rest.remove_prefix(7);
    } else if (rest.starts_with("stderr ")) {
        stream = LogLine::Stream::err;
        rest.remove_prefix(7);
    }
    // ngspice normally sends one line per call, but progress messages end in
    // '\r' and a message may hold several lines.
    while (!rest.empty()) {
        const auto end = rest.find_first_of("\r\n");
        const auto line = rest.substr(0, end);
        if (line.find_first_not_of(" \t") != std::string_view::npos) {
            result.push_back({stream, std::string(line)});
        }
        if (end == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(end + 1);
    }
    return result;
}

int CallbackSink::on_char(char* text, int /*ident*/, void* self) {
    static_cast<CallbackSink*>(self)->append(parse_send_char(text));
    return 0;
}

int CallbackSink::on_exit(int /*status*/, NG_BOOL /*immediate*/, NG_BOOL /*quit*/, int /*ident*/, void* self) {
    // Only a flag: unloading from inside the callback would pull the library
    // out from under the ngspice code that called it. The engine unloads it
    // once control is back in its own code.
    auto* sink = static_cast<CallbackSink*>(self);
    {
        std::lock_guard lock(sink->mutex_);
        sink->exit_requested_ = true;
    }
    sink->changed_.notify_all();
    return 0;
}

int CallbackSink::on_bg_thread(NG_BOOL exited, int /*ident*/, void* self) {
    // sharedspice.h documents the flag as "true if running", but ngspice 46
    // passes its fl_exited flag: false when the thread starts, true when it
    // ends (seen in practice and in sharedspice.c).
    auto* sink = static_cast<CallbackSink*>(self);
    {
        std::lock_guard lock(sink->mutex_);
        if (exited) {
            sink->finished_ = true;
        } else {
            sink->started_ = true;
        }
    }
    sink->changed_.notify_all();
    return 0;
}

void CallbackSink::append(std::vector<LogLine> lines) {
    std::lock_guard lock(mutex_);
    for (auto& line : lines) {
        if (lines_.size() >= max_lines && line.stream != LogLine::Stream::err) {
            ++dropped_;
            continue;
        }
        lines_.push_back(std::move(line));
    }
}

void CallbackSink::clear_log() {
    std::lock_guard lock(mutex_);
    lines_.clear();
    dropped_ = 0;
}

std::size_t CallbackSink::line_count() const {
    std::lock_guard lock(mutex_);
    return lines_.size();
}

std::vector<LogLine> CallbackSink::lines() const {
    std::lock_guard lock(mutex_);
    auto copy = lines_;
    if (dropped_ > 0) {
        copy.push_back(
            {LogLine::Stream::untagged, fmt::format("[memcosim: {} further ngspice stdout lines not kept]", dropped_)});
    }
    return copy;
}

void CallbackSink::arm_background() {
    std::lock_guard lock(mutex_);
    started_ = false;
    finished_ = false;
}

bool CallbackSink::wait_finished_until(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [this] { return finished_; });
}

bool CallbackSink::background_started() const {
    std::lock_guard lock(mutex_);
    return started_;
}

bool CallbackSink::background_finished() const {
    std::lock_guard lock(mutex_);
    return finished_;
}

bool CallbackSink::exit_requested() const {
    std::lock_guard lock(mutex_);
    return exit_requested_;
}

bool CallbackSink::wait_exit_for(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this] { return exit_requested_; });
}

void CallbackSink::clear_exit() {
    std::lock_guard lock(mutex_);
    exit_requested_ = false;
}

}  // namespace memcosim::spice::detail
