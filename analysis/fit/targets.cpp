// Targets file reader (see targets.hpp).
#include "analysis/fit/targets.hpp"

#include "sim/scenario/key_registry.hpp"
#include "sim/scenario/toml_view.hpp"
#include "sim/util/errors.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/util/text_input.hpp"

#include <cmath>
#include <sstream>

namespace ambassim {
namespace {

std::string fmt(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

struct Reader {
    TextOrigin origin;

    [[noreturn]] void fail(const TomlNode& n, const std::string& key, const std::string& msg) const {
        fail_at(origin, n.position(), printable(key) + ": " + msg);  // a user's key, cut if huge
    }
    double number(const TomlNode& n, const std::string& key) const {
        const auto v = n.number();
        if (!v) fail(n, key, "expected a number, got " + n.type_name());
        if (!std::isfinite(*v)) fail(n, key, "must be finite");
        return *v;
    }
    std::int64_t integer(const TomlNode& n, const std::string& key, std::int64_t lo, std::int64_t hi) const {
        const auto i = n.integer();
        if (!i) fail(n, key, "expected an integer, got " + n.type_name());
        const std::int64_t v = *i;
        if (v < lo || v > hi) fail(n, key, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
        return v;
    }
    // [a, b] with a < b, as a pair.
    std::pair<double, double> range(const TomlNode& n, const std::string& key) const {
        if (!n.is_array() || n.size() != 2) fail(n, key, "expected [min, max]");
        const double lo = number(n.at(0), key), hi = number(n.at(1), key);
        if (!(lo < hi)) fail(n, key, "min " + fmt(lo) + " must be below max " + fmt(hi));
        return {lo, hi};
    }
    const TomlNode& table(const TomlNode& n, const std::string& key) const {
        if (!n.is_table()) fail(n, key, "expected a table, got " + n.type_name());
        return n;
    }
};

std::vector<FreeParameter> read_parameters(const Reader& rd, const TomlNode& t) {
    std::vector<FreeParameter> out;
    for (const auto& [key, key_pos, n] : t.entries()) {
        const std::string full = "parameters." + key;
        const KeyInfo* info = key_registry().find(key);
        if (!info || info->type != KeyType::real) {
            std::string msg = info ? "only real-valued parameters can be fitted" : "unknown parameter `" + printable(key) + "`";
            const std::string near = info ? "" : nearest_name(key, key_registry().names());
            if (!near.empty()) msg += "; did you mean `" + near + "`?";
            fail_at(rd.origin, key_pos, printable(full) + ": " + msg);
        }
        const auto [lo, hi] = rd.range(n, full);
        if (lo < info->meta.min || hi > info->meta.max)
            rd.fail(n, full, "range [" + fmt(lo) + ", " + fmt(hi) + "] leaves the key's valid range [" +
                                 fmt(info->meta.min) + ", " + fmt(info->meta.max) + "]");
        out.push_back({key, lo, hi, key_pos.line});
    }
    return out;
}

bool overlap(const Period& a, const Period& b) { return a.from_day < b.to_day && b.from_day < a.to_day; }

// Contradictions between two targets: the same measure, overlapping periods,
// values more than 4 combined standard deviations apart; and the pairs whose
// values are tied by definition.
void check_pairs(const Reader& rd, const std::vector<Target>& ts, const TomlNode& nodes, const Scenario& sc) {
    auto here = [&](std::size_t i) { return nodes.at(i); };
    for (std::size_t i = 0; i < ts.size(); ++i)
        for (std::size_t j = 0; j < i; ++j) {
            const Target &a = ts[j], &b = ts[i];
            if (!overlap(a.period, b.period)) continue;
            const double sd = std::hypot(a.sd, b.sd);
            const std::string key = "target[" + std::to_string(i + 1) + "]";
            const std::string other = " (line " + std::to_string(a.line) + ")";
            if (a.measure == b.measure && std::abs(a.value - b.value) > 4 * sd)
                rd.fail(here(i), key, "contradicts the " + a.measure + " target of " + fmt(a.value) + other +
                                          " over an overlapping period: " + fmt(b.value) + " is more than 4 sd away");
            const bool shares = (a.measure == "ambassador_share" && b.measure == "saboteur_share") ||
                                (a.measure == "saboteur_share" && b.measure == "ambassador_share");
            if (shares && a.value + b.value > 1 + 4 * sd)
                rd.fail(here(i), key, "ambassador and saboteur shares add up to " + fmt(a.value + b.value) +
                                          " (with line " + std::to_string(a.line) + "): more than all employees");
            const Target* fl = a.measure == "front_line_attrition" ? &a : b.measure == "front_line_attrition" ? &b : nullptr;
            const Target* all = a.measure == "staff_attrition" ? &a : b.measure == "staff_attrition" ? &b : nullptr;
            const double f = sc.params.organisation.front_line_share;
            if (fl && all && all->value < f * fl->value - 4 * sd)
                rd.fail(here(i), key, "overall staff attrition " + fmt(all->value) + " is below what front-line attrition " +
                                          fmt(fl->value) + " alone implies with organisation.front_line_share = " +
                                          fmt(f) + " (" + fmt(f * fl->value) + "; with line " + std::to_string(a.line) + ")");
        }
}

Target read_target(const Reader& rd, const TomlNode& t, std::size_t index, double horizon_days) {
    Target out;
    out.line = t.position().line;
    out.period = {0, horizon_days};
    const std::string base = "target[" + std::to_string(index + 1) + "]";
    bool have_value = false, have_sd = false;
    TomlPos value_at = t.position();
    for (const auto& [key, key_pos, n] : t.entries()) {
        const std::string full = base + "." + key;
        if (key == "measure") {
            const auto s = n.string();
            if (!s) rd.fail(n, full, "expected a measure name");
            out.measure = *s;
            if (!find_company_measure(out.measure))
                rd.fail(n, full, "unknown measure `" + printable(out.measure) + "`; choose from " + company_measure_names());
        } else if (key == "value") {
            out.value = rd.number(n, full), have_value = true, value_at = n.position();
        } else if (key == "sd" || key == "tolerance") {
            if (have_sd) rd.fail(n, full, "give either sd or tolerance, not both");
            const double v = rd.number(n, full);
            if (!(v > 0)) rd.fail(n, full, "must be above 0");
            out.sd = key == "sd" ? v : v / 2;  // a tolerance is read as a 95% half-width
            have_sd = true;
        } else if (key == "period") {
            const auto [lo, hi] = rd.range(n, full);
            if (lo < 0 || hi > horizon_days)
                rd.fail(n, full, "period [" + fmt(lo) + ", " + fmt(hi) + "] leaves the run's recorded days [0, " +
                                     fmt(horizon_days) + "] (simulation.ticks x dt_days)");
            out.period = {lo, hi};
        } else {
            rd.fail(n, full, "unknown key; a target has measure, value, sd (or tolerance) and period");
        }
    }
    if (out.measure.empty()) rd.fail(t, base, "missing `measure`; choose from " + company_measure_names());
    if (!have_value) rd.fail(t, base, "missing `value`");
    if (!have_sd) rd.fail(t, base, "missing `sd` (one standard deviation) or `tolerance` (95% half-width)");
    const CompanyMeasure& m = *find_company_measure(out.measure);
    if (out.value < m.min || out.value > m.max)
        fail_at(rd.origin, value_at,
                base + ".value: infeasible: " + out.measure + " = " + fmt(out.value) + " is outside what it can be, [" +
                    fmt(m.min) + ", " + fmt(m.max) + "]" + (m.units == "1" ? "" : " " + m.units));
    return out;
}

}  // namespace

TargetsFile parse_targets(const std::string& text, const std::string& name, const Scenario& sc) {
    const Reader rd{{name, false}};
    const TomlDocument doc(text, rd.origin);
    TargetsFile out;
    out.path = name;
    const double horizon = static_cast<double>(sc.params.simulation.ticks) * sc.params.simulation.dt_days;
    TomlNode target_nodes;
    for (const auto& [key, key_pos, n] : doc.root().entries()) {
        if (key == "target") {
            if (!n.is_array()) rd.fail(n, key, "expected [[target]] tables");
            target_nodes = n;
            for (std::size_t i = 0; i < target_nodes.size(); ++i)
                out.targets.push_back(read_target(rd, rd.table(target_nodes.at(i), key), i, horizon));
        } else if (key == "parameters") {
            out.parameters = read_parameters(rd, rd.table(n, key));
        } else if (key == "calibration") {
            for (const auto& [k, k_pos, v] : rd.table(n, key).entries()) {
                const std::string full = "calibration." + k;
                if (k == "replicates") out.settings.replicates = rd.integer(v, full, 1, 1000);
                else if (k == "evaluations") out.settings.evaluations = rd.integer(v, full, 1, 1000000);
                else if (k == "scale") {
                    out.settings.scale = rd.number(v, full);
                    if (!(out.settings.scale > 0 && out.settings.scale <= 1)) rd.fail(v, full, "must be in (0, 1]");
                } else
                    rd.fail(v, full, "unknown key; [calibration] has replicates, evaluations and scale");
            }
        } else {
            rd.fail(n, key, "unknown section; a targets file has [[target]], [parameters] and [calibration]");
        }
    }
    if (out.targets.empty()) throw InputError(printable(name, 200) + ": no [[target]]: name at least one observed figure");
    if (out.parameters.empty()) throw InputError(printable(name, 200) + ": no [parameters]: name at least one free parameter and its range");
    check_pairs(rd, out.targets, target_nodes, sc);
    return out;
}

TargetsFile load_targets(const std::filesystem::path& file, const Scenario& sc) {
    return parse_targets(read_text_file(file, "targets file"), file.string(), sc);
}

std::vector<FreeParameter> load_parameter_ranges(const std::filesystem::path& file) {
    const Reader rd{{file.string(), false}};
    const TomlDocument doc(read_text_file(file, "ranges file"), rd.origin);
    const TomlNode p = doc.root().get("parameters");
    if (!p) throw InputError(printable(file.string(), 200) + ": no [parameters] table of ranges");
    return read_parameters(rd, rd.table(p, "parameters"));
}

}  // namespace ambassim
