#include "core/atomic_file.hpp"

#include "core/error.hpp"

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <unistd.h>

namespace memcosim {

AtomicFile::AtomicFile(std::string path)
    : path_(std::move(path)), temporary_path_(fmt::format("{}.tmp.{}", path_, ::getpid())) {
    out_.open(temporary_path_, std::ios::out | std::ios::trunc);
    if (!out_) throw InputError(fmt::format("{}: cannot open for writing", path_));
}

AtomicFile::~AtomicFile() {
    if (committed_) return;
    out_.close();
    std::error_code ignored;
    std::filesystem::remove(temporary_path_, ignored);
}

void AtomicFile::commit() {
    out_.flush();
    if (!out_) throw InputError(fmt::format("{}: write failed", path_));
    out_.close();
    std::error_code error;
    std::filesystem::rename(temporary_path_, path_, error);
    if (error) throw InputError(fmt::format("{}: cannot move result into place: {}", path_, error.message()));
    committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    file.stream() << text;
    file.commit();
}

}  // namespace memcosim
