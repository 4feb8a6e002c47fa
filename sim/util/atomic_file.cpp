// Exclusive temporaries and no-replace renames (see atomic_file.hpp).
#include "sim/util/atomic_file.hpp"

#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace ambassim {

namespace {

std::string q(const fs::path& p) { return "`" + printable(p.string(), 200) + "`"; }

// `<name>.tmp-<pid>-<random>` beside `destination`: unpredictable, so that
// nobody can plant a file or a symlink under the name in advance.
fs::path temporary_name(const fs::path& destination) {
    static thread_local std::mt19937_64 engine{std::random_device{}() ^ (static_cast<std::uint64_t>(::getpid()) << 32)};
    static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string suffix;
    for (int i = 0; i < 10; ++i) suffix += kAlphabet[engine() % (sizeof kAlphabet - 1)];
    fs::path temp = destination;
    temp += ".tmp-" + std::to_string(::getpid()) + "-" + suffix;
    return temp;
}

}  // namespace

std::string already_exists_message(const fs::path& path) {
    return "output file " + q(path) + " already exists; use --force to overwrite it";
}

void check_new_output(const fs::path& path, bool replace) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) == 0) {
        if (S_ISDIR(st.st_mode)) throw OutputError("output path " + q(path) + " is a directory");
        if (!replace) throw OutputError(already_exists_message(path));
    }
    const fs::path dir = path.parent_path().empty() ? fs::path(".") : path.parent_path();
    const std::string prefix = "cannot write output " + q(path) + ": ";
    std::error_code ec;
    if (!fs::exists(dir, ec)) throw OutputError(prefix + "folder " + q(dir) + " does not exist");
    if (!fs::is_directory(dir, ec)) throw OutputError(prefix + q(dir) + " is not a folder");
    if (::access(dir.c_str(), W_OK | X_OK) != 0) throw OutputError(prefix + "folder " + q(dir) + " is not writable");
}

bool rename_no_replace(const fs::path& from, const fs::path& to, bool replace) {
    auto fail = [&](int err) -> bool {
        throw OutputError("cannot rename " + q(from) + " to " + q(to) + ": " + std::strerror(err));
    };
    if (replace) {
        if (::rename(from.c_str(), to.c_str()) != 0) fail(errno);
        return true;
    }
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
    if (errno == EEXIST) return false;
    if (errno != EINVAL && errno != ENOSYS) fail(errno);
    // No RENAME_NOREPLACE on this file system: link() never replaces either.
    if (::link(from.c_str(), to.c_str()) != 0) {
        if (errno == EEXIST) return false;
        fail(errno);
    }
    ::unlink(from.c_str());
    return true;
}

AtomicFile::AtomicFile(fs::path destination, bool replace, Create create)
    : destination_(std::move(destination)), replace_(replace) {
    check_new_output(destination_, replace_);
    for (int attempt = 0;; ++attempt) {
        temp_ = temporary_name(destination_);
        if (create == Create::name_only) {
            struct stat st {};
            if (::lstat(temp_.c_str(), &st) != 0 && errno == ENOENT) return;
        } else {
            fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
            if (fd_ >= 0) return;
            if (errno != EEXIST) {
                const int err = errno;
                temp_.clear();
                throw OutputError("cannot write " + q(destination_) + ": " + std::strerror(err));
            }
        }
        if (attempt == 100) {
            temp_.clear();
            throw OutputError("cannot write " + q(destination_) + ": no free temporary name");
        }
    }
}

AtomicFile::~AtomicFile() {
    close_fd();
    if (!committed_ && !kept_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicFile::close_fd() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

void AtomicFile::write(std::string_view data) {
    if (fd_ < 0) throw OutputError("cannot write " + q(destination_) + ": the file is not open");
    while (!data.empty()) {
        const ssize_t n = ::write(fd_, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            throw OutputError("cannot write " + q(destination_) + ": " + std::strerror(errno));
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
}

void AtomicFile::commit() {
    if (fd_ >= 0) {
        // Errors of delayed allocation (a full disk) surface here at the latest.
        if (::fsync(fd_) != 0 && errno != EINVAL && errno != EROFS) {
            throw OutputError("cannot write " + q(destination_) + ": " + std::strerror(errno));
        }
        const int rc = ::close(fd_);
        fd_ = -1;
        if (rc != 0) throw OutputError("cannot write " + q(destination_) + ": " + std::strerror(errno));
    }
    if (!rename_no_replace(temp_, destination_, replace_)) {
        kept_ = true;
        throw OutputError(already_exists_message(destination_) + " (the data are kept in " + q(temp_) + ")");
    }
    committed_ = true;
}

void write_file_atomically(const fs::path& path, std::string_view text, bool replace) {
    AtomicFile file(path, replace);
    file.write(text);
    file.commit();
}

}  // namespace ambassim
