// Scenario discovery over a sweep: PRIM boxes, a tree, words, CSV and the
// zoom-in block (see discovery.hpp).
#include "analysis/sweep/discovery.hpp"

#include "sim/scenario/param_check.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/text_input.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace ambassim {
namespace {

// Three significant digits for people; CSV files keep full precision.
std::string g3(double v) {
    if (std::isnan(v)) return "nan";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
}
std::string full(double v) {
    if (std::isnan(v)) return "nan";
    std::ostringstream s;
    s << std::setprecision(10) << v;
    return s.str();
}
std::string percent(double share) { return g3(std::round(100 * share)) + "%"; }
std::string p_text(double p) {
    if (std::isnan(p)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, p < 1e-4 ? "%.1e" : "%.4f", p);
    return buf;
}

// "1 box", "2 boxes".
std::string count_of(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool numeric_levels(const Factor& f) { return !f.values.empty() && !f.categorical(); }

// The allowed level names of a categorical factor.
std::vector<std::string> allowed_names(const Factor& f, const std::vector<char>& allowed) {
    std::vector<std::string> out;
    for (std::size_t l = 0; l < allowed.size(); ++l)
        if (allowed[l]) out.push_back(f.labels[l]);
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
    return out;
}

// One restriction in words: "x >= 0.42", "0.1 <= x <= 0.3", "network is a or b".
std::string restriction_words(const SweepData& d, const PrimBox& box, std::size_t j, const PrimBox& whole) {
    const Factor& f = d.factors[j];
    if (f.categorical()) return f.name + " is " + join(allowed_names(f, box.allowed[j]), " or ");
    const bool lo = box.lower[j] > whole.lower[j], hi = box.upper[j] < whole.upper[j];
    if (lo && hi) return g3(box.lower[j]) + " <= " + f.name + " <= " + g3(box.upper[j]);
    if (lo) return f.name + " >= " + g3(box.lower[j]);
    return f.name + " <= " + g3(box.upper[j]);
}

// The sweep's own range of a factor, for tables.
std::string range_words(const Factor& f) {
    if (f.categorical()) return join(f.labels, ", ");
    if (numeric_levels(f)) {
        std::vector<std::string> v;
        for (double x : f.values) v.push_back(g3(x));
        return join(v, ", ");
    }
    return g3(f.lower) + " .. " + g3(f.upper);
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string coverage_words(const PrimBox& b) {
    return percent(b.coverage) + " of such points are inside, " + percent(b.density) + " of the points inside are such points (" +
           count_of(b.points, "point", "points") + ")";
}

// Outward rounding to 3 significant digits, kept inside [lo, hi].
double round_out(double v, bool down, double lo, double hi) {
    if (v == 0 || !std::isfinite(v)) return v;
    const double scale = std::pow(10.0, std::floor(std::log10(std::fabs(v))) - 2);
    const double r = (down ? std::floor(v / scale) : std::ceil(v / scale)) * scale;
    return std::clamp(std::round(r * 1e12) / 1e12, lo, hi);
}

}  // namespace

PrimInput prim_input(const SweepData& d, std::vector<char> y) {
    PrimInput in;
    in.x = &d.matrix;
    for (const auto& f : d.factors) in.levels.push_back(f.categorical() ? f.labels.size() : 0);
    in.y = std::move(y);
    return in;
}

Discovery discover(const SweepData& d, const std::string& condition, const DiscoveryOptions& options) {
    Discovery s;
    s.condition = parse_condition(condition, d);
    s.y = evaluate(s.condition, d);
    s.positives = static_cast<std::size_t>(std::count(s.y.begin(), s.y.end(), char{1}));
    if (s.positives == 0)
        throw InputError("--discover \"" + printable(condition, 200) + "\": the condition holds at none of the " +
                         count_of(d.points, "point", "points") + "; nothing to discover");
    const PrimInput in = prim_input(d, s.y);
    const double overall = static_cast<double>(s.positives) / static_cast<double>(d.points);
    std::vector<char> active(d.points, 1);
    for (std::size_t k = 0; k < std::max<std::size_t>(1, options.max_boxes); ++k) {
        std::size_t left = 0, left_pos = 0;
        for (std::size_t p = 0; p < d.points; ++p) left += active[p], left_pos += active[p] && s.y[p];
        if (left_pos == 0) break;
        PrimOptions o = options.prim;
        if (k > 0) o.choose = std::numeric_limits<std::size_t>::max();
        PrimResult r = prim(in, o, active);
        if (k == 0 && o.choose != std::numeric_limits<std::size_t>::max() && o.choose >= r.trajectory.size())
            throw InputError("--box " + std::to_string(o.choose) + ": the peeling trajectory has " +
                             count_of(r.trajectory.size(), "box", "boxes") + " (0 .. " + std::to_string(r.trajectory.size() - 1) + ")");
        const double total = static_cast<double>(s.positives);
        for (auto& b : r.trajectory) b.coverage = static_cast<double>(b.positives) / total;
        r.box.coverage = static_cast<double>(r.box.positives) / total;
        if (k > 0 && !(r.box.density > overall && r.box.coverage >= 0.05 &&
                       hypergeometric_tail(left, left_pos, r.box.points, r.box.positives) < 0.01))
            break;
        for (std::size_t p = 0; p < d.points; ++p)
            if (active[p] && inside(in, r.box, p)) active[p] = 0;
        s.boxes.push_back(std::move(r));
    }
    s.tree = classification_tree(in, options.tree);
    s.tree_boxes = tree_boxes(in, s.tree);
    return s;
}

std::string box_words(const SweepData& d, const PrimBox& box) {
    const PrimBox whole = full_box(prim_input(d, std::vector<char>(d.points, 0)), {});
    std::vector<std::string> parts;
    for (std::size_t j = 0; j < d.factors.size(); ++j)
        if (box.restricted[j]) parts.push_back(restriction_words(d, box, j, whole));
    return parts.empty() ? std::string("everywhere in the sweep (no restriction separates it)") : "when " + join(parts, " and ");
}

std::string format_discovery(const SweepData& d, const Discovery& s) {
    std::ostringstream o;
    const std::string label = condition_label(s.condition, d);
    o << "Scenario discovery: \"" << label << "\" holds at " << s.positives << " of " << count_of(d.points, "point", "points") << " ("
      << percent(static_cast<double>(s.positives) / static_cast<double>(d.points)) << ").\n";
    const PrimBox whole = full_box(prim_input(d, s.y), {});
    for (std::size_t k = 0; k < s.boxes.size(); ++k) {
        const PrimResult& r = s.boxes[k];
        o << "\nPRIM box " << k + 1 << (k ? " (outside the boxes before)" : "") << ": \"" << label << "\" "
          << box_words(d, r.box) << ": " << coverage_words(r.box) << ".\n";
        std::vector<std::array<std::string, 4>> rows{{"restriction", "box", "sweep range", "p-value"}};
        for (std::size_t j = 0; j < d.factors.size(); ++j)
            if (r.box.restricted[j]) {
                const Factor& f = d.factors[j];
                const bool lo = r.box.lower[j] > whole.lower[j], hi = r.box.upper[j] < whole.upper[j];
                const std::string words = f.categorical() ? restriction_words(d, r.box, j, whole).substr(f.name.size() + 1)
                                          : lo && hi      ? g3(r.box.lower[j]) + " .. " + g3(r.box.upper[j])
                                          : lo            ? ">= " + g3(r.box.lower[j])
                                                          : "<= " + g3(r.box.upper[j]);
                rows.push_back({d.factors[j].name, words, range_words(d.factors[j]),
                                p_text(r.p_value[j]) + (r.p_value[j] >= 0.05 ? " (not significant)" : "")});
            }
        std::array<std::size_t, 4> w{};
        for (const auto& row : rows)
            for (std::size_t c = 0; c < 4; ++c) w[c] = std::max(w[c], row[c].size());
        if (rows.size() > 1)
            for (const auto& row : rows) {
                o << "   ";
                for (std::size_t c = 0; c < 4; ++c) o << " " << std::left << std::setw(static_cast<int>(c < 3 ? w[c] : 0)) << row[c] << (c < 3 ? " " : "");
                o << "\n";
            }
        o << "    (peeling trajectory of " << count_of(r.trajectory.size(), "box", "boxes") << "; box " << r.chosen
          << " chosen (largest mass x (density - overall density)), then pasted)\n";
    }
    o << "\nClassification tree (depth " << (s.tree.empty() ? 0 : std::max_element(s.tree.begin(), s.tree.end(), [](const TreeNode& a, const TreeNode& b) { return a.depth < b.depth; })->depth)
      << ") for comparison: leaves where the condition holds at most points\n";
    if (s.tree_boxes.empty()) o << "    none (no leaf holds a majority of such points)\n";
    for (const auto& b : s.tree_boxes) o << "    " << box_words(d, b) << ": " << coverage_words(b) << "\n";
    return o.str();
}

std::string zoom_block(const SweepData& d, const PrimBox& box, const std::string& heading) {
    const PrimBox whole = full_box(prim_input(d, std::vector<char>(d.points, 0)), {});
    std::ostringstream o;
    o << "# " << heading << "\n# Paste over the [[sweep.parameters]] of a copy of the sweep file and give it a new\n"
         "# `seed` to zoom into the box.\n";
    for (std::size_t j = 0; j < d.factors.size(); ++j) {
        const Factor& f = d.factors[j];
        o << "\n[[sweep.parameters]]\nkey = " << quote_string(f.name) << (box.restricted[j] ? "  # narrowed to the box" : "") << "\n";
        if (f.categorical()) {
            std::vector<std::string> names;
            for (const auto& n : allowed_names(f, box.restricted[j] ? box.allowed[j] : std::vector<char>(f.labels.size(), 1)))
                names.push_back(quote_string(n));
            o << "values = [" << join(names, ", ") << "]\n";
        } else if (numeric_levels(f)) {
            std::vector<std::string> v;
            for (double x : f.values)
                if (x >= box.lower[j] && x <= box.upper[j]) v.push_back(format_number(x));
            o << "values = [" << join(v, ", ") << "]\n";
        } else {
            // An end the box does not restrict keeps the sweep's own limit.
            const double lo = box.lower[j] > whole.lower[j] ? round_out(box.lower[j], true, f.lower, f.upper) : f.lower;
            const double hi = box.upper[j] < whole.upper[j] ? round_out(box.upper[j], false, f.lower, f.upper) : f.upper;
            o << "min = " << format_number(lo) << "\nmax = " << format_number(hi) << "\n";
            if (f.scale == Scale::log) o << "scale = \"log\"\n";
            if (j < d.complements.size() && !d.complements[j].empty()) o << "complement = " << quote_string(d.complements[j]) << "\n";
        }
    }
    return o.str();
}

std::vector<CsvFile> discovery_files(const SweepData& d, const Discovery& s) {
    std::vector<CsvFile> files;
    std::ostringstream t;
    t << "box,step,points,positives,coverage,density,mass,restrictions,chosen\n";
    for (std::size_t k = 0; k < s.boxes.size(); ++k)
        for (std::size_t i = 0; i < s.boxes[k].trajectory.size(); ++i) {
            const PrimBox& b = s.boxes[k].trajectory[i];
            t << k + 1 << ',' << i << ',' << b.points << ',' << b.positives << ',' << full(b.coverage) << ','
              << full(b.density) << ',' << full(b.mass) << ',' << b.restrictions() << ','
              << (i == s.boxes[k].chosen ? "true" : "false") << '\n';
        }
    files.push_back({"prim_trajectory.csv", t.str()});

    std::ostringstream b;
    b << "method,box,factor,restricted,lower,upper,levels,range_lower,range_upper,p_value,points,positives,coverage,density\n";
    const PrimBox whole = full_box(prim_input(d, s.y), {});
    auto rows = [&](const std::string& method, std::size_t k, const PrimBox& box, const std::vector<double>* p) {
        for (std::size_t j = 0; j < d.factors.size(); ++j) {
            const Factor& f = d.factors[j];
            const bool cat = f.categorical();
            b << method << ',' << k << ',' << csv_cell(f.name) << ',' << (box.restricted[j] ? "true" : "false") << ','
              << (cat ? "" : full(box.lower[j])) << ',' << (cat ? "" : full(box.upper[j])) << ','
              << csv_cell(cat ? join(allowed_names(f, box.allowed[j]), ";") : "") << ',' << (cat ? "" : full(whole.lower[j]))
              << ',' << (cat ? "" : full(whole.upper[j])) << ',' << (p && box.restricted[j] ? full((*p)[j]) : "") << ','
              << box.points << ',' << box.positives << ',' << full(box.coverage) << ',' << full(box.density) << '\n';
        }
    };
    for (std::size_t k = 0; k < s.boxes.size(); ++k) rows("prim", k + 1, s.boxes[k].box, &s.boxes[k].p_value);
    for (std::size_t k = 0; k < s.tree_boxes.size(); ++k) rows("tree", k + 1, s.tree_boxes[k], nullptr);
    files.push_back({"prim_boxes.csv", b.str()});

    std::ostringstream n;
    n << "node,parent,depth,rule,points,positives,density,leaf\n";
    for (std::size_t i = 0; i < s.tree.size(); ++i) {
        const TreeNode& x = s.tree[i];
        std::string rule = "all points";
        if (i > 0) {
            const Factor& f = d.factors[x.factor];
            if (x.numeric) rule = f.name + (x.above ? " > " : " <= ") + g3(x.threshold);
            else rule = f.name + " is " + join(allowed_names(f, x.levels), " or ");
        }
        n << i << ',' << x.parent << ',' << x.depth << ',' << csv_cell(rule) << ',' << x.points << ',' << x.positives << ','
          << full(x.density()) << ',' << (x.leaf ? "true" : "false") << '\n';
    }
    files.push_back({"tree.csv", n.str()});
    files.push_back({"discovery.txt", format_discovery(d, s)});
    const PrimBox& first = s.boxes.front().box;
    files.push_back({"discovery_zoom.toml",
                     zoom_block(d, first, "Zoom-in on PRIM box 1 of \"" + condition_label(s.condition, d) + "\": " +
                                              percent(first.coverage) + " coverage, " + percent(first.density) + " density")});
    return files;
}

}  // namespace ambassim
