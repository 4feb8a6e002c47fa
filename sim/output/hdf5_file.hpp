// The one HDF5 writer (and reader) of ambassim. Nothing else includes H5Cpp.h:
// the recorder, the CLI, analysis and tests go through these two classes.
//
// H5Output writes to a temporary file beside the final path and renames it
// only in commit(), so a killed run never leaves a file that looks complete;
// an existing final path is never overwritten unless `force` is set.
// HDF5's C++ wrappers are not thread-safe: use both classes from one thread.
// Errors are thrown as ambassim::OutputError with the file name in the message.
#pragma once

#include "sim/util/errors.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace ambassim {

// Self-description attached to every dataset as attributes `units` (the
// standard unit string of the readable word given here, see unit_names.hpp),
// `units_label` (that word), `description` and (if given) `dimensions`
// (comma-separated labels, from which commit() derives dimension scales).
struct DatasetMeta {
    std::string units;
    std::string description;
    std::vector<std::string> dimensions;  // one label per axis, e.g. {"tick", "role"}
};

class H5Output {
public:
    // Checks that `final_path` does not exist (unless force) and that its folder
    // is writable, then creates the temporary file `<final_path>.tmp-<pid>`.
    H5Output(std::filesystem::path final_path, bool force);
    ~H5Output();  // not committed: closes and deletes the temporary file
    H5Output(const H5Output&) = delete;
    H5Output& operator=(const H5Output&) = delete;

    const std::filesystem::path& final_path() const;
    const std::filesystem::path& temp_path() const;

    // Attributes on a group ("/" or "/a/b"; missing groups are created) or on
    // an existing dataset. Setting an existing attribute replaces it.
    void set_attribute(const std::string& object, const std::string& name, const std::string& value);
    void set_attribute(const std::string& object, const std::string& name, double value);
    void set_attribute(const std::string& object, const std::string& name, std::int64_t value);

    // A complete N-d dataset (row-major; data.size() == product of dims),
    // chunked and gzip-compressed (shuffle + level 4) when larger than a few KiB.
    void write(const std::string& path, std::span<const double> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    void write(const std::string& path, std::span<const float> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    void write(const std::string& path, std::span<const std::int64_t> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    void write(const std::string& path, std::span<const std::int32_t> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    void write(const std::string& path, std::span<const std::uint8_t> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    // A 1-d dataset of variable-length UTF-8 strings.
    void write_strings(const std::string& path, const std::vector<std::string>& values, const DatasetMeta& meta);

    // Appends one row to an extendible 2-d dataset [unlimited x row.size()],
    // created on first use (chunked, compressed). Used for per-agent snapshots.
    void append_row(const std::string& path, std::span<const float> row, const DatasetMeta& meta);
    void append_row(const std::string& path, std::span<const std::uint8_t> row, const DatasetMeta& meta);
    void append_row(const std::string& path, std::span<const std::int32_t> row, const DatasetMeta& meta);

    void flush();
    // Gives every group a coordinate dataset per axis label its datasets use
    // and makes it their dimension scale (dimension_scales.hpp), then
    // flushes, closes and renames the temporary file to the final path.
    // Fails (and keeps the temporary file) if the final path appeared meanwhile and !force.
    void commit();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// True once HDF5 failed to close a file (a full disk in libhdf5 1.10 can
// leave an id that would crash HDF5's own clean-up at exit): the program
// must then end with std::_Exit after flushing its output (sim/cli/main.cpp).
bool hdf5_left_unclosable();

// Read access for analysis, `rerun` and tests.
class H5Input {
public:
    explicit H5Input(const std::filesystem::path& path);  // throws OutputError if missing or not HDF5
    ~H5Input();
    H5Input(const H5Input&) = delete;
    H5Input& operator=(const H5Input&) = delete;

    bool exists(const std::string& path) const;  // group or dataset
    bool is_group(const std::string& path) const;
    std::vector<std::string> list(const std::string& group) const;  // member names, sorted
    std::string attribute_string(const std::string& object, const std::string& name) const;
    double attribute_double(const std::string& object, const std::string& name) const;
    std::int64_t attribute_int(const std::string& object, const std::string& name) const;
    bool has_attribute(const std::string& object, const std::string& name) const;
    std::vector<std::uint64_t> dims(const std::string& dataset) const;
    std::vector<double> read_double(const std::string& dataset) const;  // any numeric type, converted
    std::vector<std::string> read_strings(const std::string& dataset) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ambassim
