// A fresh, uniquely named folder under the system temp folder, removed at the
// end of the test (shared by the tests that write files).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <iterator>
#include <random>
#include <string>
#include <system_error>

namespace ambassim::testing {

struct TempDir {
    std::filesystem::path path;
    explicit TempDir(const std::string& tag = "test") {
        static int counter = 0;
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("ambassim-" + tag + "-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
                std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path / name; }
    std::size_t entries() const {
        return static_cast<std::size_t>(
            std::distance(std::filesystem::directory_iterator(path), std::filesystem::directory_iterator()));
    }
};

}  // namespace ambassim::testing
