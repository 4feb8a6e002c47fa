// Tidy table of an ambassim file (see tidy_table.hpp). Rows run over the lead
// axes point, strategy, replicate[, tick] in that order; a file kind without
// an axis has it of length 1 (a run file: one strategy, one replicate), so the
// row number is also the flat index of the lead axes in every selected
// dataset, and a dataset's value for row i and tail column j is data[i*W + j].
#include "sim/output/tidy_table.hpp"

#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/param_check.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/number_format.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace ambassim {
namespace {

namespace fs = std::filesystem;

// One selected dataset: its values and the column names of its tail axes.
struct Source {
    std::vector<double> data;
    std::vector<std::string> columns;  // W names
};

struct Table {
    std::string name;                  // "`FILE`" for messages
    std::vector<std::uint64_t> lead_shape;  // lengths of the lead axes, as the file's own axes declare them
    std::vector<std::string> factors;  // sweep only
    std::vector<double> matrix;        // P x K
    std::size_t points = 1;
    bool has_point = false;
    std::vector<std::string> strategies;
    std::vector<std::int64_t> replicates;  // replicate numbers
    bool per_tick = false;
    std::vector<double> tick, day;         // per tick only
    std::vector<Source> sources;
};

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t end = std::min(text.find(sep, start), text.size());
        parts.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

// Largest tail (values per row) a column block may have: a per-unit series
// has one column per unit; a declared 2^40 would otherwise be turned into
// column names before anything is read.
constexpr std::uint64_t kMaxColumns = 10'000'000;

// Axis labels of a dataset, one per axis: every dataset of an ambassim file
// names its axes (docs/hdf5-format.md), so one without them is not silently
// left out of the table.
std::vector<std::string> axis_labels_of(const H5Input& in, const std::string& path, const Table& t) {
    if (!in.has_attribute(path, "dimensions"))
        throw InputError(t.name + ": dataset `" + path + "` has no `dimensions` attribute (every dataset names its axes; "
                         "docs/hdf5-format.md)");
    std::vector<std::string> labels = split(in.attribute_string(path, "dimensions"), ',');
    const std::vector<std::uint64_t> shape = in.dims(path);
    if (labels.size() != shape.size())
        throw InputError(t.name + ": dataset `" + path + "` has shape " + shape_text(shape) + " but its `dimensions` names " +
                         std::to_string(labels.size()) + " axes (`" + printable(in.attribute_string(path, "dimensions"), 80) + "`)");
    return labels;
}

// Labels of a tail axis: its coordinate dataset in the same group (strings or
// numbers), or 0..n-1 in files without coordinates.
std::vector<std::string> axis_labels(const H5Input& in, const std::string& group, const std::string& label,
                                     std::size_t n) {
    const std::string path = group + "/" + label;
    std::vector<std::string> out;
    if (in.exists(path) && !in.is_group(path) && in.dims(path) == std::vector<std::uint64_t>{n}) {
        try {
            return in.read_strings(path);
        } catch (const OutputError&) {  // a numeric coordinate (quantile levels, indices)
            for (double v : in.read_double(path)) out.push_back(format_number(v));
            return out;
        }
    }
    for (std::size_t i = 0; i < n; ++i) out.push_back(std::to_string(i));
    return out;
}

// Every dataset under `group` whose axes begin with `lead` (coordinates excluded):
// column names from its path below `root` ("/" -> ".", a final "values" dropped).
void select(const H5Input& in, const std::string& root, const std::string& group, const std::vector<std::string>& lead,
            Table& t) {
    for (const std::string& name : in.list(group)) {
        const std::string path = group == "/" ? "/" + name : group + "/" + name;
        if (in.is_group(path)) {
            if (path != "/time" && path != "/parameters" && path != "/snapshots" && path != "/sweep")
                select(in, root, path, lead, t);
            continue;
        }
        const std::vector<std::string> labels = axis_labels_of(in, path, t);
        const bool coordinate = labels.size() == 1 && labels[0] == name;
        if (coordinate || labels.size() < lead.size() || !std::equal(lead.begin(), lead.end(), labels.begin())) continue;
        // The lead axes must have the lengths the file declares (a longer
        // dataset was read flattened into the wrong rows; a huge one allocated).
        const std::vector<std::uint64_t> shape = in.dims(path);
        std::uint64_t width = 1;
        for (std::size_t axis = lead.size(); axis < shape.size(); ++axis)
            width = shape[axis] > kMaxColumns ? kMaxColumns + 1 : std::min(width * shape[axis], kMaxColumns + 1);
        if (!std::equal(t.lead_shape.begin(), t.lead_shape.end(), shape.begin()) || width > kMaxColumns) {
            std::vector<std::uint64_t> expected = t.lead_shape;
            std::string axes;
            for (const auto& l : labels) axes += (axes.empty() ? "" : " x ") + l;
            for (std::size_t axis = lead.size(); axis < shape.size(); ++axis)
                expected.push_back(shape[axis]);
            throw InputError(t.name + ": dataset `" + path + "` has shape " + shape_text(shape) + ", expected " +
                             shape_text(expected) + " (" + axes + (width > kMaxColumns ? ", at most 10000000 values per row" : "") + ")");
        }
        std::string column = path.substr(root == "/" ? 1 : root.size() + 1);
        for (char& c : column) c = c == '/' ? '.' : c;
        if (column.ends_with(".values")) column.resize(column.size() - 7);
        std::vector<std::string> columns{column};
        for (std::size_t axis = lead.size(); axis < labels.size(); ++axis) {
            std::vector<std::string> wider;
            for (const auto& prefix : columns)
                for (const auto& l : axis_labels(in, group, labels[axis], shape[axis])) wider.push_back(prefix + "." + l);
            columns = std::move(wider);
        }
        t.sources.push_back({in.read_double(path), std::move(columns)});
    }
}

Table read_table(const fs::path& file, bool per_tick) {
    const H5Input in(file);
    const std::string format = in.has_attribute("/", "format") ? in.attribute_string("/", "format") : "";
    Table t;
    t.name = "`" + printable(file.string(), 200) + "`";
    std::vector<std::string> lead;
    std::string root;
    if (format == "ambassim-sweep") {
        t.has_point = true;
        t.factors = in.read_strings("/design/factors");
        const auto matrix = in.dims("/design/matrix");
        if (matrix.size() != 2 || matrix[1] != t.factors.size() || matrix[0] < 1 || matrix[0] > 10'000'000)
            throw InputError(t.name + ": dataset `/design/matrix` has shape " + shape_text(matrix) + ", expected [points x " +
                             std::to_string(t.factors.size()) + "] (one column per factor, at most 10000000 points)");
        t.matrix = in.read_double("/design/matrix");
        t.points = matrix[0];
        t.lead_shape.push_back(t.points);
        lead = {"point", "strategy", "replicate"};
        root = per_tick ? "/runs" : "/outcomes";
    } else if (format == "ambassim-compare") {
        lead = {"strategy", "replicate"};
        root = per_tick ? "/runs" : "/summary/outcomes";
    } else if (format == "ambassim-run") {
        per_tick = true;
        root = "/";
        t.strategies = {in.attribute_string("/", "strategy")};
        t.replicates = {in.attribute_int("/", "replicate")};
    } else {
        throw InputError("`" + file.string() + "` is not an ambassim run, comparison or sweep file (root attribute "
                         "`format` is `" + format + "`)");
    }
    if (format != "ambassim-run") {
        // Sizes are checked before anything is read (the limits are a comparison's own).
        const auto strategies = in.dims("/strategies");
        if (strategies.size() != 1 || strategies[0] < 1 || strategies[0] > 64)
            throw InputError(t.name + ": dataset `/strategies` has shape " + shape_text(strategies) + ", expected [1..64]");
        t.strategies = in.read_strings("/strategies");
        const std::int64_t replicates = in.attribute_int("/", "replicates");
        if (replicates < 1 || replicates > 100'000)
            throw InputError(t.name + ": attribute `replicates` = " + std::to_string(replicates) + " is out of range [1, 100000]");
        for (std::int64_t r = 0; r < replicates; ++r) t.replicates.push_back(r);
        t.lead_shape.push_back(t.strategies.size());
        t.lead_shape.push_back(t.replicates.size());
    }
    if (per_tick) {
        lead.push_back("tick");
        // A run file's tick axis is as long as the ticks it ran; a comparison's is its horizon.
        const auto ticks = in.dims("/time/tick");
        const std::int64_t declared = format == "ambassim-run" ? in.attribute_int("/", "ticks_run") : -1;
        if (ticks.size() != 1 || ticks[0] > 10'000'000 || (declared >= 0 && ticks[0] != static_cast<std::uint64_t>(declared)))
            throw InputError(t.name + ": dataset `/time/tick` has shape " + shape_text(ticks) + ", expected " +
                             (declared >= 0 ? "[" + std::to_string(declared) + "] (ticks_run)" : std::string("[ticks] with at most 10000000 ticks")));
        if (in.dims("/time/day") != ticks)
            throw InputError(t.name + ": dataset `/time/day` has shape " + shape_text(in.dims("/time/day")) + ", expected " +
                             shape_text(ticks) + " (tick)");
        t.tick = in.read_double("/time/tick");
        t.day = in.read_double("/time/day");
        t.lead_shape.push_back(ticks[0]);
    }
    t.per_tick = per_tick;
    select(in, root, root, lead, t);
    return t;
}

void append_number(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "NA";
        return;
    }
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, v);  // shortest text that reads back exactly
    out.append(text, ec == std::errc() ? end : text);
}

void append_text(std::string& out, const std::string& s, char sep) {
    if (s.find_first_of(std::string{sep, '"', '\n', '\r'}) == std::string::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    out += '"';
}

}  // namespace

void write_tidy_table(const fs::path& file, const TidyOptions& options,
                      const std::function<void(std::string_view)>& sink) {
    const Table t = read_table(file, options.per_tick);
    const char sep = options.separator;
    std::string buf;
    auto cell = [&](const std::string& s) {
        if (!buf.empty() && buf.back() != '\n') buf += sep;
        append_text(buf, s, sep);
    };
    if (t.has_point) cell("point");
    for (const auto& f : t.factors) cell(f);
    cell("strategy");
    cell("replicate");
    if (t.per_tick) cell("tick"), cell("day");
    for (const auto& s : t.sources)
        for (const auto& c : s.columns) cell(c);
    buf += '\n';

    const std::size_t T = t.per_tick ? t.tick.size() : 1;
    const std::size_t K = t.factors.size();
    std::size_t row = 0;
    for (std::size_t p = 0; p < t.points; ++p)
        for (const auto& strategy : t.strategies)
            for (std::int64_t replicate : t.replicates)
                for (std::size_t k = 0; k < T; ++k, ++row) {
                    if (t.has_point) buf += std::to_string(p) + sep;
                    for (std::size_t f = 0; f < K; ++f) append_number(buf, t.matrix[p * K + f]), buf += sep;
                    append_text(buf, strategy, sep);
                    buf += sep + std::to_string(replicate);
                    if (t.per_tick) {
                        buf += sep + std::to_string(static_cast<std::int64_t>(t.tick[k])) + sep;
                        append_number(buf, t.day[k]);
                    }
                    for (const auto& s : t.sources) {
                        const std::size_t W = s.columns.size();
                        for (std::size_t j = 0; j < W; ++j) buf += sep, append_number(buf, s.data[row * W + j]);
                    }
                    buf += '\n';
                    if (buf.size() > (1u << 20)) sink(buf), buf.clear();
                }
    sink(buf);
}

}  // namespace ambassim
