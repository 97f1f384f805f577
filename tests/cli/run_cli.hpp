#pragma once
// Runs the memcosim binary as a user would, capturing exit code and output.
#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace memcosim::test {

struct CliResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

inline CliResult run_cli(const std::string& arguments) {
    const std::string command = std::string(MEMCOSIM_BINARY) + " " + arguments + " 2>&1";
    CliResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    std::size_t count = 0;
    while ((count = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), count);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

}  // namespace memcosim::test
