#include "calibrate/worker_pool.hpp"

#include "core/error.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <mutex>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace memcosim::calibrate {

using nlohmann::json;

namespace {

json failure(const std::string& message) { return {{"ok", false}, {"error", message}}; }

void write_all(int fd, const std::string& text) {
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the worker closed its input; its exit status tells why
        written += static_cast<std::size_t>(n);
    }
}

std::string read_all(int fd) {
    std::string text;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

// One job in one child process.
json run_one(const WorkerCommand& command, const json& request) {
    int to_child[2], from_child[2];
    if (::pipe2(to_child, O_CLOEXEC) != 0) return failure(fmt::format("pipe: {}", std::strerror(errno)));
    if (::pipe2(from_child, O_CLOEXEC) != 0) {
        ::close(to_child[0]);
        ::close(to_child[1]);
        return failure(fmt::format("pipe: {}", std::strerror(errno)));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    std::vector<std::string> args{command.program};
    args.insert(args.end(), command.arguments.begin(), command.arguments.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, command.program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    if (spawned != 0) {
        ::close(to_child[1]);
        ::close(from_child[0]);
        return failure(fmt::format("cannot start worker {}: {}", command.program, std::strerror(spawned)));
    }
    write_all(to_child[1], request.dump());
    ::close(to_child[1]);
    const std::string reply = read_all(from_child[0]);
    ::close(from_child[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        return failure(WIFSIGNALED(status) ? fmt::format("worker killed by signal {}", WTERMSIG(status))
                                           : fmt::format("worker exited with status {}", WEXITSTATUS(status)));
    }
    try {
        json parsed = json::parse(reply);
        if (!parsed.is_object() || !parsed.contains("ok")) return failure("worker reply has no 'ok' field");
        return parsed;
    } catch (const json::parse_error&) {
        return failure("worker wrote no valid JSON reply");
    }
}

}  // namespace

std::vector<json> run_in_workers(const WorkerCommand& command, const std::vector<json>& requests, int parallel,
                                 const WorkerProgress& progress) {
    std::vector<json> replies(requests.size());
    if (requests.empty()) return replies;
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t threads =
        std::min<std::size_t>(requests.size(), parallel > 0 ? static_cast<std::size_t>(parallel) : cores);
    // A worker that dies early must not kill the parent through SIGPIPE.
    std::signal(SIGPIPE, SIG_IGN);
    std::atomic<std::size_t> next{0};
    std::size_t finished = 0;
    std::mutex mutex;
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) {
        pool.emplace_back([&] {
            for (std::size_t k = next++; k < requests.size(); k = next++) {
                json reply = run_one(command, requests[k]);
                const std::lock_guard lock(mutex);
                replies[k] = std::move(reply);
                ++finished;
                if (progress) progress(finished, requests.size(), replies[k]);
            }
        });
    }
    for (std::thread& thread : pool) thread.join();
    return replies;
}

std::string current_executable() {
    std::string path(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size() - 1);
    if (n <= 0) throw EngineError("cannot find the running program (/proc/self/exe) to start SPICE workers");
    path.resize(static_cast<std::size_t>(n));
    return path;
}

}  // namespace memcosim::calibrate
