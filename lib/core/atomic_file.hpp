#pragma once
// Output files appear whole or not at all: content goes to a temporary file
// beside the target and is renamed over it only on commit(). If the writer is
// destroyed without commit() (an exception on the way), the temporary file is
// removed and no half-written result is left behind.
#include <fstream>
#include <string>

namespace memcosim {

class AtomicFile {
public:
    explicit AtomicFile(std::string path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    [[nodiscard]] std::ofstream& stream() { return out_; }
    [[nodiscard]] const std::string& path() const { return path_; }
    // Flushes, checks for write errors and moves the file into place.
    void commit();

private:
    std::string path_;
    std::string temporary_path_;
    std::ofstream out_;
    bool committed_ = false;
};

// Convenience: writes the whole text at once.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace memcosim
