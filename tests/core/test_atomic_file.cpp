#include "core/atomic_file.hpp"
#include "temp_dir.hpp"

#include <catch2/catch_test_macros.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>

using memcosim::AtomicFile;
using memcosim::test::TempDir;

TEST_CASE("an uncommitted output file leaves nothing behind", "[atomic-file][bad-input]") {
    TempDir dir;
    const auto path = dir.file("out.csv");
    try {
        AtomicFile file(path);
        file.stream() << "col,current\n0,";
        throw std::runtime_error("failure half-way");
    } catch (const std::runtime_error&) {
    }
    CHECK_FALSE(std::filesystem::exists(path));
    CHECK(dir.entry_count() == 0);
}

TEST_CASE("a committed output file replaces the old one whole", "[atomic-file]") {
    TempDir dir;
    const auto path = dir.write("out.csv", "old\n");
    {
        AtomicFile file(path);
        file.stream() << "new\n";
        file.commit();
    }
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    CHECK(line == "new");
    CHECK(dir.entry_count() == 1);
}

TEST_CASE("an output file in a missing folder is an error", "[atomic-file][bad-input]") {
    TempDir dir;
    CHECK_THROWS(AtomicFile(dir.file("no/such/folder/out.csv")));
}
