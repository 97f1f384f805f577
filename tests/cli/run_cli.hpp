#pragma once
// Runs the memcosim binary as a user would, capturing exit code and output.
#include <array>
#include <catch2/catch_test_macros.hpp>
#include <catch2/matchers/catch_matchers_string.hpp>
#include <cstdio>
#include <filesystem>
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

// Runs a failing command: checks the exit code, that the message names the
// problem, and that the output file was not created.
inline void expect_failure(const std::string& arguments, const std::string& output, const std::string& message,
                           int code = 1) {
    INFO(arguments);
    const auto result = run_cli(arguments);
    INFO(result.output);
    CHECK(result.exit_code == code);
    CHECK_THAT(result.output, Catch::Matchers::ContainsSubstring(message));
    CHECK_FALSE(std::filesystem::exists(output));
}

}  // namespace memcosim::test
