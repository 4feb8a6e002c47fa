// HDF5 back end of ambassim: H5Output (writes to `<final>.tmp-<pid>`, renames on
// commit) and H5Input (read access). The only file that includes H5Cpp.h; every
// H5::Exception is turned into an OutputError naming the file and the operation.
#include "sim/output/hdf5_file.hpp"

#include "sim/output/dimension_scales.hpp"
#include "sim/output/unit_names.hpp"
#include "sim/util/atomic_file.hpp"
#include "sim/util/text_input.hpp"

#include <H5Cpp.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <type_traits>
#include <utility>

namespace ambassim {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kCompressAbove = 4096;        // bytes; smaller datasets stay contiguous
constexpr std::size_t kChunkBytes = 64 * 1024;      // target chunk size of complete datasets
constexpr hsize_t kAppendChunkElems = hsize_t{1} << 16;  // target chunk size of appendable datasets
constexpr int kDeflateLevel = 4;
// Per-agent snapshot tables are large and written during the run: the
// fastest deflate level (with shuffle) keeps them off the critical path
// (bench W3: level 4 made snapshots cost 65% of the run, level 1 much less).
// Floating-point states are stored uncompressed: deflate shrank them only
// 1.35x and was most of the snapshots' CPU time (bench W3); codes and
// scores still shrink 2-4x cheaply.
constexpr int kAppendDeflateLevel = 1;

std::string q(const std::string& s) { return "`" + s + "`"; }
std::string q(const fs::path& p) { return q(printable(p.string(), 200)); }  // a huge name cannot flood a message

// ---- HDF5 errors -------------------------------------------------------------

herr_t keep_innermost(unsigned /*n*/, const H5E_error2_t* err, void* out) {
    if (err->desc != nullptr && err->desc[0] != '\0') *static_cast<std::string*>(out) = err->desc;
    return 0;
}

// The operating system's reason inside a message of HDF5's file drivers
// ("file write failed: time = ..., errno = 28, error message = 'No space
// left on device', buf = ..."): only that reason, or `message` as it is.
std::string system_reason(const std::string& message) {
    const std::string marker = "error message = '";
    const std::size_t at = message.find(marker);
    if (at == std::string::npos) return message;
    const std::size_t start = at + marker.size();
    const std::size_t end = message.find('\'', start);
    return message.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The most specific message of HDF5's error stack (e.g. "file signature not
// found", or the system's "No space left on device").
std::string h5_reason(const H5::Exception& e) {
    std::string innermost;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &innermost);
    return innermost.empty() ? e.getFuncName() + ": " + e.getDetailMsg() : system_reason(innermost);
}

// HDF5 keeps its automatic error printing per thread (thread-safe build).
void silence_hdf5() {
    thread_local bool silenced = false;
    if (!silenced) {
        H5::Exception::dontPrint();
        silenced = true;
    }
}

// Runs `f`, turning an H5::Exception into OutputError("<what> (HDF5: <reason>)").
template <class F>
decltype(auto) guarded(const std::string& what, F&& f) {
    silence_hdf5();
    try {
        return std::forward<F>(f)();
    } catch (const H5::Exception& e) {
        throw OutputError(what + " (HDF5: " + h5_reason(e) + ")");
    }
}

// ---- paths and objects -------------------------------------------------------

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = std::min(path.find('/', start), path.size());
        if (end > start) parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

std::string join_path(const std::vector<std::string>& parts, std::size_t count) {
    std::string path;
    for (std::size_t i = 0; i < count; ++i) path += "/" + parts[i];
    return path.empty() ? "/" : path;
}

// "a//b/" -> "/a/b", "" -> "/".
std::string normalized(const std::string& path) {
    const std::vector<std::string> parts = split_path(path);
    return join_path(parts, parts.size());
}

// Type of the object at `path`; nullopt if some component is missing or an
// intermediate component is not a group.
std::optional<H5O_type_t> object_type(const H5::H5File& file, const std::string& path) {
    const std::vector<std::string> parts = split_path(path);
    H5O_type_t type = H5O_TYPE_GROUP;  // the root
    std::string prefix;
    for (const std::string& part : parts) {
        if (type != H5O_TYPE_GROUP) return std::nullopt;
        prefix += "/" + part;
        if (!file.nameExists(prefix)) return std::nullopt;
        type = file.childObjType(prefix);
    }
    return type;
}

// Calls f(object) with the group or dataset at `path` (H5Object cannot be owned
// through a base pointer: its destructor is protected).
template <class F>
decltype(auto) with_object(const H5::H5File& file, const std::string& path, H5O_type_t type, F&& f) {
    if (type == H5O_TYPE_DATASET) return f(file.openDataSet(path));
    return f(file.openGroup(normalized(path)));
}

std::vector<hsize_t> to_hsize(const std::vector<std::uint64_t>& dims) { return {dims.begin(), dims.end()}; }

// ---- types -------------------------------------------------------------------

template <class T>
const H5::PredType& file_type() {
    if constexpr (std::is_same_v<T, double>) return H5::PredType::IEEE_F64LE;
    else if constexpr (std::is_same_v<T, float>) return H5::PredType::IEEE_F32LE;
    else if constexpr (std::is_same_v<T, std::int64_t>) return H5::PredType::STD_I64LE;
    else if constexpr (std::is_same_v<T, std::int32_t>) return H5::PredType::STD_I32LE;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return H5::PredType::STD_U8LE;
    else static_assert(sizeof(T) == 0, "no HDF5 type for T");
}

template <class T>
const H5::PredType& memory_type() {
    if constexpr (std::is_same_v<T, double>) return H5::PredType::NATIVE_DOUBLE;
    else if constexpr (std::is_same_v<T, float>) return H5::PredType::NATIVE_FLOAT;
    else if constexpr (std::is_same_v<T, std::int64_t>) return H5::PredType::NATIVE_INT64;
    else if constexpr (std::is_same_v<T, std::int32_t>) return H5::PredType::NATIVE_INT32;
    else if constexpr (std::is_same_v<T, std::uint8_t>) return H5::PredType::NATIVE_UINT8;
    else static_assert(sizeof(T) == 0, "no HDF5 type for T");
}

H5::StrType utf8_string_type() {
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    return type;
}

bool is_numeric(H5T_class_t c) { return c == H5T_INTEGER || c == H5T_FLOAT; }

// ---- attributes --------------------------------------------------------------

void put_attribute(const H5::H5Object& obj, const std::string& name, const H5::DataType& type, const void* buf) {
    if (obj.attrExists(name)) obj.removeAttr(name);
    obj.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, buf);
}

void put_string_attribute(const H5::H5Object& obj, const std::string& name, const std::string& value) {
    const char* text = value.c_str();
    put_attribute(obj, name, utf8_string_type(), &text);
}

std::string join_labels(const std::vector<std::string>& labels) {
    std::string out;
    for (const auto& label : labels) out += (out.empty() ? "" : ",") + label;
    return out;
}

void put_meta(const H5::H5Object& obj, const DatasetMeta& meta) {
    const UnitStrings units = unit_strings(meta.units);
    put_string_attribute(obj, "units", units.units);
    put_string_attribute(obj, "units_label", units.label);
    put_string_attribute(obj, "description", meta.description);
    if (!meta.dimensions.empty()) put_string_attribute(obj, "dimensions", join_labels(meta.dimensions));
}

// ---- layout ------------------------------------------------------------------

// Chunks of about kChunkBytes: one leading index per chunk while the inner
// block alone is larger than the target, then as many rows of the inner block as fit.
std::vector<hsize_t> chunk_shape(const std::vector<hsize_t>& dims, std::size_t elem_size) {
    const hsize_t target = std::max<hsize_t>(1, kChunkBytes / elem_size);
    std::vector<hsize_t> chunk = dims;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        hsize_t inner = 1;
        for (std::size_t j = i + 1; j < dims.size(); ++j) inner *= dims[j];
        if (inner >= target) {
            chunk[i] = 1;
            continue;
        }
        chunk[i] = std::clamp<hsize_t>(target / inner, 1, dims[i]);
        break;
    }
    return chunk;
}

void set_compressed_chunks(H5::DSetCreatPropList& plist, const std::vector<hsize_t>& chunk,
                           int level = kDeflateLevel) {
    plist.setChunk(static_cast<int>(chunk.size()), chunk.data());
    plist.setShuffle();
    plist.setDeflate(level);
}

H5::DSetCreatPropList layout_for(const std::vector<hsize_t>& dims, std::size_t elem_size) {
    H5::DSetCreatPropList plist;
    hsize_t count = 1;
    for (hsize_t d : dims) count *= d;
    const bool any_zero = std::find(dims.begin(), dims.end(), hsize_t{0}) != dims.end();
    if (!any_zero && count * elem_size > kCompressAbove) set_compressed_chunks(plist, chunk_shape(dims, elem_size));
    return plist;
}

// Product of dims, or nullopt on overflow.
std::optional<std::uint64_t> element_count(const std::vector<std::uint64_t>& dims) {
    std::uint64_t count = 1;
    for (std::uint64_t d : dims) {
        if (d != 0 && count > std::numeric_limits<std::uint64_t>::max() / d) return std::nullopt;
        count *= d;
    }
    return count;
}

std::string shape_text(const std::vector<std::uint64_t>& dims) {
    std::string out;
    for (std::uint64_t d : dims) out += (out.empty() ? "" : " x ") + std::to_string(d);
    return out;
}

}  // namespace

// =============================================================================
// H5Output

struct H5Output::Impl {
    // A dataset grown by append_row; kept open so its partial chunk stays cached.
    struct Appendable {
        H5::DataSet dataset;
        H5::DataType type;
        hsize_t rows = 0;
        hsize_t width = 0;
    };
    enum class State { open, kept, committed };

    fs::path final_path;
    fs::path temp_path;
    std::optional<AtomicFile> atomic;  // the temporary's name and its removal
    State state = State::open;
    std::optional<H5::H5File> file;
    std::map<std::string, Appendable> appendables;

    std::string in_file() const { return " in " + q(final_path); }
    H5::H5File& open_file(const std::string& operation);
    void ensure_groups(const std::vector<std::string>& parts, std::size_t count);
    H5::DataSet create_dataset(const std::string& path, const H5::DataType& type, const H5::DataSpace& space,
                               const H5::DSetCreatPropList& plist);
    void set_attribute(const std::string& object, const std::string& name, const H5::DataType& type,
                       const void* buf);
    void check_shape(const std::string& path, std::size_t size, const std::vector<std::uint64_t>& dims,
                     const DatasetMeta& meta) const;
    template <class T>
    void write(const std::string& path, std::span<const T> data, const std::vector<std::uint64_t>& dims,
               const DatasetMeta& meta);
    template <class T>
    Appendable& appendable(const std::string& path, hsize_t width, const DatasetMeta& meta);
    Appendable& open_appendable(const std::string& path, const std::string& key);
    Appendable& create_appendable(const std::string& path, const std::string& key, const H5::DataType& type,
                                  hsize_t width, const DatasetMeta& meta, bool compress);
    template <class T>
    void append_row(const std::string& path, std::span<const T> row, const DatasetMeta& meta);
    void close_dataset(H5::DataSet& dataset, const std::string& path);
    // Runs fill(), then closes `dataset` exactly once whatever happens.
    template <class F>
    void fill_and_close(H5::DataSet& dataset, const std::string& path, F&& fill) {
        try {
            fill();
        } catch (const H5::Exception& e) {
            const std::string reason = h5_reason(e);  // before H5Dclose clears HDF5's error stack
            H5Dclose(dataset.getId());
            forget_dataset(dataset);
            throw OutputError("cannot write dataset " + q(path) + in_file() + ": " + reason);
        } catch (...) {
            H5Dclose(dataset.getId());
            forget_dataset(dataset);
            throw;
        }
        close_dataset(dataset, path);
    }
    static void forget_dataset(H5::DataSet& dataset);
    void close_appendables(bool report);
    std::string disk_reason() const;
    int file_descriptor() const;
    int reserve_space() const;
    void flush_all();
    void close();
    void discard() noexcept;
};

H5::H5File& H5Output::Impl::open_file(const std::string& operation) {
    if (state != State::open || !file) {
        throw OutputError("cannot " + operation + in_file() + ": commit() was already called");
    }
    return *file;
}

void H5Output::Impl::ensure_groups(const std::vector<std::string>& parts, std::size_t count) {
    std::string prefix;
    for (std::size_t i = 0; i < count; ++i) {
        prefix += "/" + parts[i];
        if (!file->nameExists(prefix)) {
            // Groups and datasets do not record creation times, so the same
            // run gives a byte-identical file.
            const hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
            H5Pset_obj_track_times(gcpl, false);
            const hid_t group = H5Gcreate2(file->getId(), prefix.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT);
            H5Pclose(gcpl);
            if (group < 0) throw OutputError("cannot create group " + q(prefix) + in_file());
            H5Gclose(group);
        } else if (file->childObjType(prefix) != H5O_TYPE_GROUP) {
            throw OutputError(q(prefix) + in_file() + " exists and is not a group");
        }
    }
}

H5::DataSet H5Output::Impl::create_dataset(const std::string& path, const H5::DataType& type,
                                           const H5::DataSpace& space, const H5::DSetCreatPropList& plist) {
    const std::vector<std::string> parts = split_path(path);
    if (parts.empty()) throw OutputError("cannot create a dataset at the root group" + in_file());
    if (object_type(*file, path)) throw OutputError("dataset " + q(path) + " already exists" + in_file());
    ensure_groups(parts, parts.size() - 1);
    H5Pset_obj_track_times(plist.getId(), false);  // the caller's fresh list: no creation times
    return file->createDataSet(join_path(parts, parts.size()), type, space, plist);
}

void H5Output::Impl::set_attribute(const std::string& object, const std::string& name, const H5::DataType& type,
                                   const void* buf) {
    open_file("set attribute " + q(name));
    guarded("cannot set attribute " + q(name) + " of " + q(object) + in_file(), [&] {
        std::optional<H5O_type_t> kind = object_type(*file, object);
        if (!kind) {
            const std::vector<std::string> parts = split_path(object);
            ensure_groups(parts, parts.size());
            kind = H5O_TYPE_GROUP;
        }
        with_object(*file, object, *kind, [&](const H5::H5Object& obj) { put_attribute(obj, name, type, buf); });
    });
}

void H5Output::Impl::check_shape(const std::string& path, std::size_t size, const std::vector<std::uint64_t>& dims,
                                 const DatasetMeta& meta) const {
    const std::string prefix = "cannot write dataset " + q(path) + in_file() + ": ";
    if (dims.empty() || dims.size() > H5S_MAX_RANK) {
        throw OutputError(prefix + "it needs 1 to " + std::to_string(H5S_MAX_RANK) + " dimensions");
    }
    const std::optional<std::uint64_t> count = element_count(dims);
    if (!count || *count != size) {
        throw OutputError(prefix + std::to_string(size) + " values do not fill shape " + shape_text(dims));
    }
    if (!meta.dimensions.empty() && meta.dimensions.size() != dims.size()) {
        throw OutputError(prefix + std::to_string(meta.dimensions.size()) + " dimension labels for " +
                          std::to_string(dims.size()) + " dimensions");
    }
}

template <class T>
void H5Output::Impl::write(const std::string& path, std::span<const T> data, const std::vector<std::uint64_t>& dims,
                           const DatasetMeta& meta) {
    open_file("write dataset " + q(path));
    check_shape(path, data.size(), dims, meta);
    guarded("cannot write dataset " + q(path) + in_file(), [&] {
        const std::vector<hsize_t> shape = to_hsize(dims);
        const H5::DataSpace space(static_cast<int>(shape.size()), shape.data());
        H5::DataSet dataset = create_dataset(path, file_type<T>(), space, layout_for(shape, sizeof(T)));
        fill_and_close(dataset, path, [&] {
            if (!data.empty()) dataset.write(data.data(), memory_type<T>());
            put_meta(dataset, meta);
        });
    });
}

H5Output::Impl::Appendable& H5Output::Impl::open_appendable(const std::string& path, const std::string& key) {
    H5::DataSet dataset = file->openDataSet(key);
    const H5::DataSpace space = dataset.getSpace();
    hsize_t dims[2] = {0, 0};
    hsize_t max_dims[2] = {0, 0};
    if (space.getSimpleExtentNdims() == 2) space.getSimpleExtentDims(dims, max_dims);
    if (max_dims[0] != H5S_UNLIMITED) {
        throw OutputError("dataset " + q(path) + in_file() + " exists and is not an appendable table");
    }
    Appendable entry{dataset, dataset.getDataType(), dims[0], dims[1]};
    return appendables.emplace(key, std::move(entry)).first->second;
}

// [0 x width], growing without limit; chunks of about kAppendChunkElems values
// (several rows of a narrow table, part of one row of a very wide one).
H5Output::Impl::Appendable& H5Output::Impl::create_appendable(const std::string& path, const std::string& key,
                                                              const H5::DataType& type, hsize_t width,
                                                              const DatasetMeta& meta, bool compress) {
    const hsize_t dims[2] = {0, width};
    const hsize_t max_dims[2] = {H5S_UNLIMITED, width};
    const hsize_t cols = std::min(width, kAppendChunkElems);
    H5::DSetCreatPropList plist;
    const std::vector<hsize_t> chunk{std::max<hsize_t>(1, kAppendChunkElems / cols), cols};
    if (compress)
        set_compressed_chunks(plist, chunk, kAppendDeflateLevel);
    else
        plist.setChunk(2, chunk.data());
    H5::DataSet dataset = create_dataset(path, type, H5::DataSpace(2, dims, max_dims), plist);
    put_meta(dataset, meta);
    return appendables.emplace(key, Appendable{dataset, dataset.getDataType(), 0, width}).first->second;
}

template <class T>
H5Output::Impl::Appendable& H5Output::Impl::appendable(const std::string& path, hsize_t width,
                                                       const DatasetMeta& meta) {
    const std::string prefix = "cannot append a row to dataset " + q(path) + in_file() + ": ";
    const std::string key = normalized(path);
    Appendable* entry = nullptr;
    if (auto it = appendables.find(key); it != appendables.end()) {
        entry = &it->second;
    } else if (object_type(*file, key)) {
        entry = &open_appendable(path, key);
    } else {
        if (width == 0) throw OutputError(prefix + "the row is empty");
        entry = &create_appendable(path, key, file_type<T>(), width, meta, !std::is_floating_point_v<T>);
    }
    if (!(entry->type == file_type<T>())) {
        throw OutputError(prefix + "the row's element type differs from the dataset's");
    }
    if (entry->width != width) {
        throw OutputError(prefix + "the row has " + std::to_string(width) + " values, the dataset has " +
                          std::to_string(entry->width) + " columns");
    }
    return *entry;
}

template <class T>
void H5Output::Impl::append_row(const std::string& path, std::span<const T> row, const DatasetMeta& meta) {
    open_file("append a row to dataset " + q(path));
    guarded("cannot append a row to dataset " + q(path) + in_file(), [&] {
        Appendable& table = appendable<T>(path, row.size(), meta);
        const hsize_t grown[2] = {table.rows + 1, table.width};
        table.dataset.extend(grown);
        const hsize_t start[2] = {table.rows, 0};
        const hsize_t count[2] = {1, table.width};
        H5::DataSpace file_space = table.dataset.getSpace();
        file_space.selectHyperslab(H5S_SELECT_SET, count, start);
        table.dataset.write(row.data(), memory_type<T>(), H5::DataSpace(2, count), file_space);
        ++table.rows;
    });
}

// ---- closing: once, and never with a broken cache ----------------------------
//
// libhdf5 1.10 cannot survive a failed metadata flush: the cache stays in
// flush mode ("slist already enabled?"), every later flush and close fails,
// and a failed H5Fclose frees the file but keeps its id, so any second close
// (the C++ wrappers' destructors, or H5close at exit) crashes. Hence:
// - every id is closed exactly once, through the C API; a wrapper whose close
//   failed is forgotten (never closed again by its destructor);
// - before a metadata flush on the real file, the raw data are written (the
//   appendable tables closed, which allocates their chunks) and the file's
//   space up to its end of allocation is reserved with fallocate, so a full
//   disk is found there, with the OS reason, and never inside HDF5's flush;
// - a discarded file's descriptor is first pointed at an anonymous memory
//   file, so that whatever HDF5 still flushes succeeds there (the temporary is
//   deleted anyway) and the disk space is freed at once.

namespace {

// Ends the life of a wrapper whose id must not be closed again (its
// destructor would close it a second time): a fresh, empty wrapper takes its
// place without the old one's destructor running.
template <class T>
void forget(T& wrapper) {
    ::new (static_cast<void*>(&wrapper)) T();
}

bool g_unclosable = false;  // a file id that HDF5 could not close is still registered

std::string os_reason(int err) { return std::strerror(err); }

}  // namespace

void H5Output::Impl::forget_dataset(H5::DataSet& dataset) { forget(dataset); }

// Closes a complete dataset at once (its raw data are written here), so a
// failure is reported with its reason instead of printed by ~DataSet.
void H5Output::Impl::close_dataset(H5::DataSet& dataset, const std::string& path) {
    const herr_t rc = H5Dclose(dataset.getId());
    forget(dataset);
    if (rc < 0) throw OutputError("cannot write dataset " + q(path) + in_file() + disk_reason());
}

void H5Output::Impl::close_appendables(bool report) {
    // In the order they were opened (ids grow), the order in which HDF5's own
    // flush writes their chunks: the file's layout stays what it was.
    std::vector<std::pair<hid_t, std::pair<const std::string, Appendable>*>> by_id;
    for (auto& entry : appendables)
        if (entry.second.dataset.getId() >= 0) by_id.emplace_back(entry.second.dataset.getId(), &entry);
    std::sort(by_id.begin(), by_id.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string failure;
    for (auto& [id, entry] : by_id) {
        if (H5Dclose(id) < 0 && failure.empty()) failure = entry->first;
        forget(entry->second.dataset);  // closed (or failed and freed): never again
    }
    appendables.clear();
    if (report && !failure.empty()) throw OutputError("cannot write dataset " + q(failure) + in_file() + disk_reason());
}

// ": No space left on device" when the disk is full (HDF5 names only the
// system call), else HDF5's innermost message.
std::string H5Output::Impl::disk_reason() const {
    std::string innermost;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, keep_innermost, &innermost);
    if (innermost.find("error message = '") != std::string::npos) return ": " + system_reason(innermost);
    const int err = reserve_space();
    if (err != 0) return ": " + os_reason(err);
    return innermost.empty() ? std::string{} : " (HDF5: " + innermost + ")";
}

int H5Output::Impl::file_descriptor() const {
    void* handle = nullptr;
    if (!file || H5Fget_vfd_handle(file->getId(), H5P_DEFAULT, &handle) < 0 || handle == nullptr) return -1;
    return *static_cast<int*>(handle);  // the sec2 driver's handle is its descriptor
}

// Reserves the disk blocks of the file's whole allocated range (without
// changing its size); 0 or the errno (ENOSPC, EDQUOT, EIO). A file system
// without fallocate is not checked in advance.
int H5Output::Impl::reserve_space() const {
    const int fd = file_descriptor();
    haddr_t eoa = 0;
    if (fd < 0 || H5Fget_eoa(file->getId(), &eoa) < 0 || eoa == 0) return 0;
    if (::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(eoa)) == 0) return 0;
    const int err = errno;
    return err == EOPNOTSUPP || err == ENOSYS || err == EINVAL ? 0 : err;
}

// Writes everything to the real file: raw data first, then (after the
// space for the metadata is reserved) the metadata. Throws OutputError with
// the OS reason; on failure nothing has been flushed in a way HDF5 cannot
// recover from (see above).
void H5Output::Impl::flush_all() {
    silence_hdf5();
    close_appendables(true);  // reopened on the next append_row
    if (const int err = reserve_space(); err != 0) throw OutputError("cannot write" + in_file() + ": " + os_reason(err));
    if (H5Fflush(file->getId(), H5F_SCOPE_GLOBAL) < 0) throw OutputError("cannot write" + in_file() + disk_reason());
}

void H5Output::Impl::close() {
    flush_all();
    const herr_t rc = H5Fclose(file->getId());
    if (rc < 0) {
        g_unclosable = true;
        forget(*file);
        file.reset();
        throw OutputError("cannot close" + in_file() + disk_reason());
    }
    file.reset();  // the wrapper's id is no longer valid: its destructor does nothing
}

void H5Output::Impl::discard() noexcept {
    if (state != State::open) return;
    silence_hdf5();
    // Whatever HDF5 still writes goes to memory; the disk space is freed now.
    if (const int fd = file_descriptor(); fd >= 0) {
        const int scratch = ::memfd_create("ambassim-discarded", MFD_CLOEXEC);
        if (scratch >= 0) {
            ::dup2(scratch, fd);
            ::close(scratch);
        }
    }
    try {
        close_appendables(false);
    } catch (...) {  // NOLINT(bugprone-empty-catch): not reported, the file is discarded
    }
    if (file) {
        if (H5Fclose(file->getId()) < 0) {
            g_unclosable = true;
            forget(*file);
        }
        file.reset();
    }
    atomic.reset();  // removes the temporary
}

bool hdf5_left_unclosable() { return g_unclosable; }

H5Output::H5Output(std::filesystem::path final_path, bool force) {
    auto impl = std::make_unique<Impl>();
    impl->atomic.emplace(final_path, force, AtomicFile::Create::name_only);
    impl->temp_path = impl->atomic->temp_path();
    impl->final_path = std::move(final_path);
    // H5F_ACC_EXCL: HDF5 creates the temporary itself with O_EXCL, so never
    // through a symlink planted under its (unpredictable) name.
    // A failure names the final file in the house format (`cannot write
    // `FILE`: No space left on device`), never the temporary's name.
    silence_hdf5();
    try {
        impl->file.emplace(impl->temp_path.string(), H5F_ACC_EXCL);
    } catch (const H5::Exception& e) {
        throw OutputError("cannot write " + q(impl->final_path) + ": " + h5_reason(e));
    }
    impl_ = std::move(impl);
}

H5Output::~H5Output() {
    if (impl_) impl_->discard();
}

const std::filesystem::path& H5Output::final_path() const { return impl_->final_path; }
const std::filesystem::path& H5Output::temp_path() const { return impl_->temp_path; }

void H5Output::set_attribute(const std::string& object, const std::string& name, const std::string& value) {
    const char* text = value.c_str();
    impl_->set_attribute(object, name, utf8_string_type(), &text);
}

void H5Output::set_attribute(const std::string& object, const std::string& name, double value) {
    impl_->set_attribute(object, name, H5::PredType::NATIVE_DOUBLE, &value);
}

void H5Output::set_attribute(const std::string& object, const std::string& name, std::int64_t value) {
    impl_->set_attribute(object, name, H5::PredType::NATIVE_INT64, &value);
}

void H5Output::write(const std::string& path, std::span<const double> data, const std::vector<std::uint64_t>& dims,
                     const DatasetMeta& meta) {
    impl_->write(path, data, dims, meta);
}

void H5Output::write(const std::string& path, std::span<const float> data, const std::vector<std::uint64_t>& dims,
                     const DatasetMeta& meta) {
    impl_->write(path, data, dims, meta);
}

void H5Output::write(const std::string& path, std::span<const std::int64_t> data,
                     const std::vector<std::uint64_t>& dims, const DatasetMeta& meta) {
    impl_->write(path, data, dims, meta);
}

void H5Output::write(const std::string& path, std::span<const std::int32_t> data,
                     const std::vector<std::uint64_t>& dims, const DatasetMeta& meta) {
    impl_->write(path, data, dims, meta);
}

void H5Output::write(const std::string& path, std::span<const std::uint8_t> data,
                     const std::vector<std::uint64_t>& dims, const DatasetMeta& meta) {
    impl_->write(path, data, dims, meta);
}

void H5Output::write_strings(const std::string& path, const std::vector<std::string>& values,
                             const DatasetMeta& meta) {
    impl_->open_file("write dataset " + q(path));
    impl_->check_shape(path, values.size(), {values.size()}, meta);
    guarded("cannot write dataset " + q(path) + impl_->in_file(), [&] {
        std::vector<const char*> pointers;
        pointers.reserve(values.size());
        for (const auto& value : values) pointers.push_back(value.c_str());
        const hsize_t count = values.size();
        const H5::StrType type = utf8_string_type();
        H5::DataSet dataset = impl_->create_dataset(path, type, H5::DataSpace(1, &count), H5::DSetCreatPropList());
        impl_->fill_and_close(dataset, path, [&] {
            if (!values.empty()) dataset.write(pointers.data(), type);
            put_meta(dataset, meta);
        });
    });
}

void H5Output::append_row(const std::string& path, std::span<const float> row, const DatasetMeta& meta) {
    impl_->append_row(path, row, meta);
}

void H5Output::append_row(const std::string& path, std::span<const std::uint8_t> row, const DatasetMeta& meta) {
    impl_->append_row(path, row, meta);
}

void H5Output::append_row(const std::string& path, std::span<const std::int32_t> row, const DatasetMeta& meta) {
    impl_->append_row(path, row, meta);
}

void H5Output::flush() {
    impl_->open_file("flush");
    impl_->flush_all();
}

void H5Output::commit() {
    H5::H5File& file = impl_->open_file("commit");
    // Everything written so far reaches the disk first (space reserved, a full
    // disk reported with its reason): libhdf5 1.10 crashes copying objects
    // (the coordinates of the dimension scales) in a file whose writes failed.
    impl_->flush_all();
    guarded("cannot add dimension scales" + impl_->in_file(),
            [&] { attach_dimension_scales(file.getId(), impl_->final_path.string()); });
    impl_->close();
    impl_->state = Impl::State::kept;  // from here on the temporary file is never deleted
    impl_->atomic->keep();
    impl_->atomic->commit();  // fails (keeping the data) if the final path appeared meanwhile and !force
    impl_->state = Impl::State::committed;
}

// =============================================================================
// H5Input

namespace {

// A file of a few KB can declare a dataset of 2^40 values: refuse to read
// more than half the machine's memory rather than allocate it (or die of
// bad_alloc). Readers that know the format check shapes first.
void check_read_size(std::uint64_t count, std::size_t element_bytes, const std::string& dataset,
                     const std::string& in_file) {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page_size = ::sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page_size <= 0) return;  // unknown: no check
    const double limit = 0.5 * static_cast<double>(pages) * static_cast<double>(page_size);
    const double bytes = static_cast<double>(count) * static_cast<double>(element_bytes);
    if (bytes > limit) {
        char size[64];
        std::snprintf(size, sizeof size, "%.1f GiB", bytes / (1ull << 30));
        throw OutputError("dataset " + q(dataset) + in_file + " declares " + std::to_string(count) + " values (" +
                          size + "), more than half of this machine's memory; not a file ambassim wrote");
    }
}

}  // namespace

struct H5Input::Impl {
    fs::path path;
    H5::H5File file;

    std::string in_file() const { return " in " + q(path); }
    H5O_type_t require(const std::string& object, const std::string& kind) const;
    H5::DataSet dataset(const std::string& path) const;
    H5::Attribute attribute(const std::string& object, const std::string& name) const;
    std::string read_context(const std::string& object, const std::string& name) const;
};

H5O_type_t H5Input::Impl::require(const std::string& object, const std::string& kind) const {
    const std::optional<H5O_type_t> type = object_type(file, object);
    if (!type) throw OutputError("no " + kind + " " + q(object) + in_file());
    return *type;
}

H5::DataSet H5Input::Impl::dataset(const std::string& name) const {
    if (require(name, "dataset") != H5O_TYPE_DATASET) throw OutputError(q(name) + in_file() + " is not a dataset");
    return file.openDataSet(name);
}

H5::Attribute H5Input::Impl::attribute(const std::string& object, const std::string& name) const {
    H5::Attribute attr = with_object(file, object, require(object, "object"), [&](const H5::H5Object& holder) {
        if (!holder.attrExists(name)) throw OutputError("no attribute " + q(name) + " on " + q(object) + in_file());
        return holder.openAttribute(name);
    });
    if (attr.getSpace().getSimpleExtentNpoints() != 1) {
        throw OutputError("attribute " + q(name) + " of " + q(object) + in_file() + " is not a single value");
    }
    return attr;
}

std::string H5Input::Impl::read_context(const std::string& object, const std::string& name) const {
    return "cannot read attribute " + q(name) + " of " + q(object) + in_file();
}

H5Input::H5Input(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    // Before HDF5 opens it: a FIFO would block isHdf5 forever.
    if (auto why = not_a_regular_file(path)) {
        if (*why == "no such file") throw OutputError("cannot open " + q(path) + ": not found");
        if (*why == "is a directory") throw OutputError("cannot open " + q(path) + ": it is a directory");
        throw OutputError("cannot open " + q(path) + ": " + *why);
    }
    guarded("cannot open " + q(path), [&] {
        if (!H5::H5File::isHdf5(path.string())) throw OutputError("cannot open " + q(path) + ": not an HDF5 file");
        impl_->file.openFile(path.string(), H5F_ACC_RDONLY);
    });
}

H5Input::~H5Input() = default;

bool H5Input::exists(const std::string& path) const {
    return guarded("cannot look up " + q(path) + impl_->in_file(),
                   [&] { return object_type(impl_->file, path).has_value(); });
}

bool H5Input::is_group(const std::string& path) const {
    return guarded("cannot look up " + q(path) + impl_->in_file(),
                   [&] { return object_type(impl_->file, path) == std::optional<H5O_type_t>(H5O_TYPE_GROUP); });
}

std::vector<std::string> H5Input::list(const std::string& group) const {
    return guarded("cannot list group " + q(group) + impl_->in_file(), [&] {
        if (impl_->require(group, "group") != H5O_TYPE_GROUP) {
            throw OutputError(q(group) + impl_->in_file() + " is not a group");
        }
        const H5::Group g = impl_->file.openGroup(normalized(group));
        std::vector<std::string> names;
        for (hsize_t i = 0; i < g.getNumObjs(); ++i) names.push_back(g.getObjnameByIdx(i));
        std::sort(names.begin(), names.end());
        return names;
    });
}

std::string H5Input::attribute_string(const std::string& object, const std::string& name) const {
    return guarded(impl_->read_context(object, name), [&] {
        const H5::Attribute attr = impl_->attribute(object, name);
        if (attr.getTypeClass() != H5T_STRING) {
            throw OutputError("attribute " + q(name) + " of " + q(object) + impl_->in_file() + " is not a string");
        }
        std::string value;
        attr.read(attr.getStrType(), value);
        return value;
    });
}

double H5Input::attribute_double(const std::string& object, const std::string& name) const {
    return guarded(impl_->read_context(object, name), [&] {
        const H5::Attribute attr = impl_->attribute(object, name);
        if (!is_numeric(attr.getTypeClass())) {
            throw OutputError("attribute " + q(name) + " of " + q(object) + impl_->in_file() + " is not numeric");
        }
        double value = 0;
        attr.read(H5::PredType::NATIVE_DOUBLE, &value);
        return value;
    });
}

std::int64_t H5Input::attribute_int(const std::string& object, const std::string& name) const {
    return guarded(impl_->read_context(object, name), [&] {
        const H5::Attribute attr = impl_->attribute(object, name);
        const std::string prefix = "attribute " + q(name) + " of " + q(object) + impl_->in_file();
        const H5T_class_t type_class = attr.getTypeClass();
        if (!is_numeric(type_class)) throw OutputError(prefix + " is not numeric");
        if (type_class == H5T_INTEGER && attr.getIntType().getSign() == H5T_SGN_NONE) {
            std::uint64_t value = 0;
            attr.read(H5::PredType::NATIVE_UINT64, &value);
            if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
                throw OutputError(prefix + " (" + std::to_string(value) + ") does not fit a 64-bit integer");
            }
            return static_cast<std::int64_t>(value);
        }
        if (type_class == H5T_INTEGER) {
            std::int64_t value = 0;
            attr.read(H5::PredType::NATIVE_INT64, &value);
            return value;
        }
        double value = 0;
        attr.read(H5::PredType::NATIVE_DOUBLE, &value);
        if (std::trunc(value) != value || !(std::abs(value) < 0x1p63)) {
            throw OutputError(prefix + " (" + std::to_string(value) + ") is not an integer");
        }
        return static_cast<std::int64_t>(value);
    });
}

bool H5Input::has_attribute(const std::string& object, const std::string& name) const {
    return guarded(impl_->read_context(object, name), [&] {
        const std::optional<H5O_type_t> type = object_type(impl_->file, object);
        return type && with_object(impl_->file, object, *type,
                                   [&](const H5::H5Object& holder) { return holder.attrExists(name); });
    });
}

std::vector<std::uint64_t> H5Input::dims(const std::string& dataset) const {
    return guarded("cannot read the shape of dataset " + q(dataset) + impl_->in_file(), [&] {
        const H5::DataSpace space = impl_->dataset(dataset).getSpace();
        std::vector<hsize_t> shape(static_cast<std::size_t>(space.getSimpleExtentNdims()));
        if (!shape.empty()) space.getSimpleExtentDims(shape.data());
        return std::vector<std::uint64_t>(shape.begin(), shape.end());
    });
}

std::vector<double> H5Input::read_double(const std::string& dataset) const {
    return guarded("cannot read dataset " + q(dataset) + impl_->in_file(), [&] {
        const H5::DataSet ds = impl_->dataset(dataset);
        if (!is_numeric(ds.getTypeClass())) {
            throw OutputError("dataset " + q(dataset) + impl_->in_file() + " is not numeric");
        }
        const auto count = static_cast<std::uint64_t>(ds.getSpace().getSimpleExtentNpoints());
        check_read_size(count, sizeof(double), dataset, impl_->in_file());
        std::vector<double> values(static_cast<std::size_t>(count));
        if (!values.empty()) ds.read(values.data(), H5::PredType::NATIVE_DOUBLE);
        return values;
    });
}

namespace {

std::vector<std::string> read_variable_strings(const H5::DataSet& ds, const H5::DataType& type, std::size_t count) {
    std::vector<char*> pointers(count, nullptr);
    ds.read(pointers.data(), type);
    struct Reclaim {  // frees HDF5's strings even if copying them throws
        std::vector<char*>& buf;
        const H5::DataType& type;
        H5::DataSpace space;
        ~Reclaim() {
            H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, buf.data());
        }
    } reclaim{pointers, type, ds.getSpace()};
    std::vector<std::string> values;
    values.reserve(count);
    for (const char* p : pointers) values.emplace_back(p != nullptr ? p : "");
    return values;
}

std::vector<std::string> read_fixed_strings(const H5::DataSet& ds, const H5::DataType& type, std::size_t count) {
    const std::size_t size = type.getSize();
    std::vector<char> buffer(count * size);
    ds.read(buffer.data(), type);
    std::vector<std::string> values;
    values.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const char* p = buffer.data() + i * size;
        values.emplace_back(p, ::strnlen(p, size));
    }
    return values;
}

}  // namespace

std::vector<std::string> H5Input::read_strings(const std::string& dataset) const {
    return guarded("cannot read dataset " + q(dataset) + impl_->in_file(), [&] {
        const H5::DataSet ds = impl_->dataset(dataset);
        if (ds.getTypeClass() != H5T_STRING) {
            throw OutputError("dataset " + q(dataset) + impl_->in_file() + " does not hold strings");
        }
        const H5::StrType type = ds.getStrType();
        const auto count = static_cast<std::size_t>(ds.getSpace().getSimpleExtentNpoints());
        check_read_size(count, std::max<std::size_t>(type.getSize(), sizeof(char*)) + 32, dataset, impl_->in_file());
        if (count == 0) return std::vector<std::string>{};
        return type.isVariableStr() ? read_variable_strings(ds, type, count) : read_fixed_strings(ds, type, count);
    });
}

}  // namespace ambassim
