// Dimension scales for every file kind, derived from the `dimensions` attribute
// (see dimension_scales.hpp). netCDF-4 (and so xarray's h5netcdf engine) names
// a dimension after the dataset that is its scale, and `open_dataset(group=g)`
// only reads g's own datasets: hence one coordinate dataset per group and
// label, named after the label. Coordinates are copied from the label's source
// dataset below (role names, strategies, ticks, ...); a label without one gets
// 0..n-1. Everything is created in a fixed order without timestamps, so files
// stay byte-identical for any thread count.
#include "sim/output/dimension_scales.hpp"

#include "sim/output/unit_names.hpp"
#include "sim/util/errors.hpp"

#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <type_traits>
#include <utility>
#include <vector>

namespace ambassim {
namespace {

static_assert(std::is_same_v<hid_t, std::int64_t>, "the header passes hid_t as int64_t");

// Where the coordinate values of a label live: the first of these datasets
// that exists, is 1-d and has the label's length. Labels not listed (replicate,
// point, unit, employee, person, verdict, phase, field) are numbered 0..n-1.
const std::map<std::string, std::vector<std::string>>& coordinate_sources() {
    static const std::map<std::string, std::vector<std::string>> sources{
        {"tick", {"/time/tick"}},
        {"quantile", {"/time/quantile_levels"}},
        {"role", {"/employees/role_names", "/runs/employees/role_names"}},
        {"program", {"/programs/program_names", "/runs/programs/program_names"}},
        {"family", {"/programs/family_names", "/runs/programs/family_names"}},
        {"snapshot", {"/snapshots/tick"}},
        {"strategy", {"/strategies"}},
        {"strategy_a", {"/strategies"}},
        {"strategy_b", {"/strategies"}},
        {"factor", {"/design/factors", "/sweep/factors"}},
    };
    return sources;
}

constexpr hsize_t kIndexChunk = 8192;  // elements; index coordinates longer than this are chunked and compressed

// An HDF5 id closed at scope exit.
class Id {
public:
    Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Id() {
        if (id_ >= 0) close_(id_);
    }
    Id(Id&& other) noexcept : id_(std::exchange(other.id_, -1)), close_(other.close_) {}
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    Id& operator=(Id&&) = delete;
    hid_t get() const { return id_; }
    bool ok() const { return id_ >= 0; }

private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

struct Axis {
    std::string dataset;
    unsigned index = 0;
};

struct Label {
    hsize_t length = 0;
    std::vector<Axis> axes;
};

struct Context {
    hid_t file;
    std::string name;
    // group path -> label -> its length and the axes carrying it (ordered: deterministic files)
    std::map<std::string, std::map<std::string, Label>> groups;
    std::string error;

    [[noreturn]] void fail(const std::string& what) const {
        throw OutputError("cannot add dimension scales to `" + name + "`: " + what);
    }
};

std::string parent_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string child(const std::string& group, const std::string& name) {
    return group == "/" ? "/" + name : group + "/" + name;
}

std::vector<std::string> split_labels(const std::string& text) {
    std::vector<std::string> labels;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(',', start), text.size());
        labels.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return labels;
}

Id utf8_type() {
    Id type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    return type;
}

// The string attribute `name` of `object`, or nullopt-like empty flag.
bool read_string_attribute(hid_t object, const char* name, std::string& out) {
    if (H5Aexists(object, name) <= 0) return false;
    const Id attr(H5Aopen(object, name, H5P_DEFAULT), H5Aclose);
    const Id stored(H5Aget_type(attr.get()), H5Tclose);
    if (H5Tget_class(stored.get()) != H5T_STRING || H5Tis_variable_str(stored.get()) <= 0) return false;
    const Id type = utf8_type();
    char* text = nullptr;
    if (H5Aread(attr.get(), type.get(), &text) < 0) return false;
    out = text != nullptr ? text : "";
    const Id space(H5Screate(H5S_SCALAR), H5Sclose);
    H5Dvlen_reclaim(type.get(), space.get(), H5P_DEFAULT, &text);
    return true;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value) {
    if (H5Aexists(object, name) > 0) H5Adelete(object, name);
    const Id type = utf8_type();
    const Id space(H5Screate(H5S_SCALAR), H5Sclose);
    const Id attr(H5Acreate2(object, name, type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    const char* text = value.c_str();
    if (!attr.ok() || H5Awrite(attr.get(), type.get(), &text) < 0) {
        throw OutputError("cannot write attribute `" + std::string(name) + "`");
    }
}

std::vector<hsize_t> shape_of(hid_t dataset) {
    const Id space(H5Dget_space(dataset), H5Sclose);
    std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(0, H5Sget_simple_extent_ndims(space.get()))));
    if (!dims.empty()) H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
    return dims;
}

// Records the labelled axes of one dataset.
void note_dataset(Context& c, const std::string& path, hid_t dataset) {
    std::string text;
    if (!read_string_attribute(dataset, "dimensions", text)) return;
    const std::vector<std::string> labels = split_labels(text);
    const std::vector<hsize_t> shape = shape_of(dataset);
    if (labels.size() != shape.size()) {
        c.fail("dataset `" + path + "` has " + std::to_string(shape.size()) + " axes but dimensions `" + text + "`");
    }
    auto& group = c.groups[parent_of(path)];
    for (std::size_t i = 0; i < labels.size(); ++i) {
        Label& label = group[labels[i]];
        if (!label.axes.empty() && label.length != shape[i]) {
            c.fail("axis `" + labels[i] + "` has lengths " + std::to_string(label.length) + " and " +
                   std::to_string(shape[i]) + " in group `" + parent_of(path) + "`");
        }
        label.length = shape[i];
        label.axes.push_back({path, static_cast<unsigned>(i)});
    }
}

herr_t visit(hid_t root, const char* name, const H5L_info_t* info, void* data) {
    auto& c = *static_cast<Context*>(data);
    if (info->type != H5L_TYPE_HARD) return 0;
    try {
        const Id object(H5Oopen(root, name, H5P_DEFAULT), H5Oclose);
        if (object.ok() && H5Iget_type(object.get()) == H5I_DATASET) note_dataset(c, "/" + std::string(name), object.get());
    } catch (const std::exception& e) {
        c.error = e.what();
        return -1;
    }
    return 0;
}

bool is_coordinate_for(hid_t dataset, const std::string& label, hsize_t length) {
    std::string dims;
    const std::vector<hsize_t> shape = shape_of(dataset);
    return shape.size() == 1 && shape[0] == length && read_string_attribute(dataset, "dimensions", dims) &&
           dims == label;
}

// A copy of the label's source dataset at `path`, or false if it has none.
// Copied by reading and writing its values, not with H5Ocopy: libhdf5 1.10
// crashes inside H5Ocopy when the disk fills up during the copy, while a
// failed H5Dcreate2/H5Dwrite only returns an error.
bool copy_from(const Context& c, const std::vector<std::string>& sources, const std::string& path,
               const std::string& label, hsize_t length) {
    for (const std::string& source : sources) {
        if (H5Lexists(c.file, source.c_str(), H5P_DEFAULT) <= 0) continue;
        const Id dataset(H5Oopen(c.file, source.c_str(), H5P_DEFAULT), H5Oclose);
        if (!dataset.ok() || H5Iget_type(dataset.get()) != H5I_DATASET) continue;
        const std::vector<hsize_t> shape = shape_of(dataset.get());
        if (shape.size() != 1 || shape[0] != length) continue;
        const Id file_type(H5Dget_type(dataset.get()), H5Tclose);
        const Id memory_type(H5Tget_native_type(file_type.get(), H5T_DIR_DEFAULT), H5Tclose);
        const Id space(H5Dget_space(dataset.get()), H5Sclose);
        std::vector<unsigned char> values(static_cast<std::size_t>(length) * H5Tget_size(memory_type.get()) + 1);
        if (length > 0 &&
            H5Dread(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
            c.fail("cannot read `" + source + "`");
        const Id plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
        H5Pset_obj_track_times(plist.get(), false);
        const Id copy(H5Dcreate2(c.file, path.c_str(), file_type.get(), space.get(), H5P_DEFAULT, plist.get(),
                                 H5P_DEFAULT),
                      H5Dclose);
        const bool written = copy.ok() && (length == 0 || H5Dwrite(copy.get(), memory_type.get(), H5S_ALL, H5S_ALL,
                                                                   H5P_DEFAULT, values.data()) >= 0);
        if (length > 0 && H5Tis_variable_str(memory_type.get()) > 0)
            H5Dvlen_reclaim(memory_type.get(), space.get(), H5P_DEFAULT, values.data());
        if (!written) c.fail("cannot copy `" + source + "` to `" + path + "`");
        for (const char* name : {"units", "units_label", "description"}) {
            std::string text;
            if (read_string_attribute(dataset.get(), name, text)) write_string_attribute(copy.get(), name, text);
        }
        write_string_attribute(copy.get(), "dimensions", label);
        return true;
    }
    return false;
}

bool copy_coordinate(const Context& c, const std::string& path, const std::string& label, hsize_t length) {
    const auto found = coordinate_sources().find(label);
    return found != coordinate_sources().end() && copy_from(c, found->second, path, label, length);
}

// The day of every tick beside each group's `tick` coordinate: a copy of
// /time/day on the tick axis, named by a CF `coordinates` attribute on every
// dataset with a tick axis, so xarray shows it as a (non-index) coordinate
// and `ds.swap_dims(tick="day")` works. /time holds the original.
void add_day_coordinates(Context& c) {
    for (auto& [group, labels] : c.groups) {
        const auto tick = labels.find("tick");
        if (group == "/time" || tick == labels.end()) continue;
        const std::string path = child(group, "day");
        if (H5Lexists(c.file, path.c_str(), H5P_DEFAULT) > 0) continue;  // a dataset of its own
        if (!copy_from(c, {"/time/day"}, path, "tick", tick->second.length)) continue;
        for (const Axis& axis : tick->second.axes) {
            const Id dataset(H5Dopen2(c.file, axis.dataset.c_str(), H5P_DEFAULT), H5Dclose);
            if (!dataset.ok()) c.fail("cannot open `" + axis.dataset + "`");
            write_string_attribute(dataset.get(), "coordinates", "day");
        }
        tick->second.axes.push_back({path, 0});
    }
}

// 0..n-1 at `path`: the coordinate of a label without labels of its own.
void write_index(const Context& c, const std::string& path, const std::string& label, hsize_t length) {
    std::vector<std::int64_t> values(length);
    std::iota(values.begin(), values.end(), std::int64_t{0});
    const Id space(H5Screate_simple(1, &length, nullptr), H5Sclose);
    const Id plist(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    H5Pset_obj_track_times(plist.get(), false);
    if (length > kIndexChunk) {
        H5Pset_chunk(plist.get(), 1, &kIndexChunk);
        H5Pset_shuffle(plist.get());
        H5Pset_deflate(plist.get(), 4);
    }
    const Id dataset(H5Dcreate2(c.file, path.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, plist.get(),
                                H5P_DEFAULT),
                     H5Dclose);
    if (!dataset.ok() ||
        (length > 0 && H5Dwrite(dataset.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)) {
        c.fail("cannot write `" + path + "`");
    }
    const UnitStrings units = unit_strings("index");
    write_string_attribute(dataset.get(), "units", units.units);
    write_string_attribute(dataset.get(), "units_label", units.label);
    write_string_attribute(dataset.get(), "description", "position along the " + label + " axis (0-based)");
    write_string_attribute(dataset.get(), "dimensions", label);
}

// The coordinate dataset of `label` in `group` (created if missing); its own
// axis is dropped from the axes to attach.
std::string ensure_coordinate(const Context& c, const std::string& group, const std::string& label, Label& l) {
    const std::string path = child(group, label);
    if (H5Lexists(c.file, path.c_str(), H5P_DEFAULT) > 0) {
        const Id object(H5Oopen(c.file, path.c_str(), H5P_DEFAULT), H5Oclose);
        if (H5Iget_type(object.get()) != H5I_DATASET || !is_coordinate_for(object.get(), label, l.length)) {
            c.fail("`" + path + "` is not the 1-d coordinate of axis `" + label + "` its name claims");
        }
        std::erase_if(l.axes, [&](const Axis& a) { return a.dataset == path; });
        return path;
    }
    if (!copy_coordinate(c, path, label, l.length)) write_index(c, path, label, l.length);
    return path;
}

}  // namespace

void attach_dimension_scales(std::int64_t file, const std::string& name) {
    Context c{file, name, {}, {}};
    if (H5Lvisit(file, H5_INDEX_NAME, H5_ITER_INC, visit, &c) < 0) {
        if (!c.error.empty()) throw OutputError(c.error);  // already the whole message
        c.fail("cannot list the datasets");
    }
    // First every coordinate (copies must be taken before any source becomes
    // a scale, whose back-references must not be copied), then the scales.
    add_day_coordinates(c);
    std::vector<std::pair<std::string, const Label*>> scales;
    for (auto& [group, labels] : c.groups)
        for (auto& [label, l] : labels) scales.emplace_back(ensure_coordinate(c, group, label, l), &l);
    for (const auto& [path, l] : scales) {
        const Id scale(H5Dopen2(file, path.c_str(), H5P_DEFAULT), H5Dclose);
        const std::string label = path.substr(path.rfind('/') + 1);
        if (!scale.ok() || H5DSset_scale(scale.get(), label.c_str()) < 0) c.fail("cannot make `" + path + "` a scale");
        for (const Axis& axis : l->axes) {
            const Id dataset(H5Dopen2(file, axis.dataset.c_str(), H5P_DEFAULT), H5Dclose);
            if (!dataset.ok() || H5DSattach_scale(dataset.get(), scale.get(), axis.index) < 0) {
                c.fail("cannot attach `" + path + "` to axis " + std::to_string(axis.index) + " of `" + axis.dataset + "`");
            }
        }
    }
}

}  // namespace ambassim
