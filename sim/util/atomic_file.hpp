// The one way ambassim writes a file: under a unique temporary name in the
// destination's folder, created exclusively (O_CREAT | O_EXCL | O_NOFOLLOW:
// never through a planted symlink, never onto another process's file), then
// renamed into place by commit() - without replacing an existing file unless
// asked to (renameat2 RENAME_NOREPLACE, or link + unlink where the file
// system lacks it). Until commit() succeeds the destructor removes the
// temporary, so a failed or interrupted write leaves nothing behind and a
// reader never sees half a file. Every failure is an OutputError naming the
// destination and the operating system's reason ("No space left on device").
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ambassim {

// Throws OutputError unless `path` may be written: not a folder, not existing
// (unless `replace`), in an existing writable folder.
void check_new_output(const std::filesystem::path& path, bool replace);

// "output file `X` already exists; use --force to overwrite it"
std::string already_exists_message(const std::filesystem::path& path);

class AtomicFile {
public:
    // How the temporary is made: opened here (write through fd()/write()), or
    // only named, for a library that creates the file itself exclusively
    // (HDF5's H5F_ACC_EXCL).
    enum class Create { open, name_only };

    // Checks the destination (check_new_output) and creates the temporary.
    AtomicFile(std::filesystem::path destination, bool replace, Create create = Create::open);
    ~AtomicFile();  // removes the temporary unless committed
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::filesystem::path& destination() const { return destination_; }
    const std::filesystem::path& temp_path() const { return temp_; }

    // Appends all of `data` (retrying short writes); OutputError on failure.
    void write(std::string_view data);
    // Flushes to disk, closes and renames into place. If the destination
    // appeared meanwhile and !replace, throws and keeps the temporary
    // (named in the message) so no data are lost.
    void commit();
    // Keeps the temporary file whatever happens next (data worth keeping).
    void keep() { kept_ = true; }
    bool committed() const { return committed_; }

private:
    void close_fd();
    std::filesystem::path destination_, temp_;
    bool replace_;
    int fd_ = -1;
    bool committed_ = false, kept_ = false;
};

// The whole of `text` as the file `path`, atomically (see AtomicFile).
void write_file_atomically(const std::filesystem::path& path, std::string_view text, bool replace);

// Renames `from` to `to`; without `replace` never over an existing `to`
// (returns false then). OutputError naming both on any other failure.
bool rename_no_replace(const std::filesystem::path& from, const std::filesystem::path& to, bool replace);

}  // namespace ambassim
