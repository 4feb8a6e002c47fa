// Sweep plans: design matrix and per-point scenarios (see sweep_plan.hpp).
#include "sim/runs/sweep_plan.hpp"

#include "sim/runs/compare.hpp"
#include "sim/util/key_suggest.hpp"
#include "sim/output/series_table.hpp"
#include "sim/util/text_input.hpp"
#include "sim/scenario/toml_reader.hpp"
#include "sim/scenario/param_check.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace ambassim {

namespace {

std::string sweep_name(const SweepSpec& spec) { return spec.path.empty() ? "<sweep>" : spec.path; }

// ":LINE:COLUMN" of `key` in the sweep file, recorded when it was read ("" if absent).
std::string position(const SweepSpec& spec, const std::string& key) {
    const auto pos = spec.key_positions.find(key);
    if (pos == spec.key_positions.end()) return {};
    return ":" + std::to_string(pos->second.line) + ":" + std::to_string(pos->second.column);
}

DesignMatrix generate(const SweepSpec& spec, const std::vector<Factor>& factors) {
    const std::string name = sweep_name(spec);
    const std::size_t k = factors.size();
    const auto samples = static_cast<std::size_t>(spec.samples);
    std::size_t size = 0;
    try {
        switch (spec.design) {
            case DesignKind::grid: {
                std::vector<std::size_t> levels;
                for (const auto& f : spec.factors)
                    levels.push_back(static_cast<std::size_t>(f.levels > 0 ? f.levels : spec.grid_levels()));
                size = full_factorial_size(factors, levels);
                if (size > kMaxSweepPoints) break;
                return full_factorial(factors, levels);
            }
            case DesignKind::latin_hypercube:
                size = latin_hypercube_size(samples);
                if (size > kMaxSweepPoints) break;
                return latin_hypercube(factors, samples, spec.seed);
            case DesignKind::saltelli:
                size = saltelli_size(samples, k);
                if (size > kMaxSweepPoints) break;
                return saltelli(factors, samples, SaltelliOptions{spec.seed, spec.scramble, 0});
            case DesignKind::morris:
                size = morris_size(samples, k);
                if (size > kMaxSweepPoints) break;
                return morris(factors, MorrisOptions{samples, static_cast<std::size_t>(spec.morris_levels()), spec.seed, 0});
        }
    } catch (const std::overflow_error&) {
        size = kMaxSweepPoints + 1;
    } catch (const std::invalid_argument& e) {
        throw InputError(name + ": " + e.what());
    }
    // Name the key that sets the size: the samples, or a grid's levels.
    const std::string key = spec.design != DesignKind::grid           ? "sweep.samples"
                            : spec.key_positions.count("sweep.levels") ? "sweep.levels"
                                                                       : "sweep.design";
    throw InputError(name + position(spec, key) +
                     ": key `" + key + "`: the " + std::string(design_name(spec.design)) + " design has " +
                     (size > kMaxSweepPoints ? "more than " + std::to_string(kMaxSweepPoints) : std::to_string(size)) +
                     " points; at most " + std::to_string(kMaxSweepPoints) + " are allowed");
}

std::string point_label(const SweepPlan& plan, std::size_t p) {
    return "point " + std::to_string(p) + " (" + plan.point_values(p) + ")";
}

}  // namespace

std::string SweepPlan::point_values(std::size_t point) const {
    std::string out;
    for (std::size_t j = 0; j < factors.size(); ++j)
        if (spec.factors[j].varies_base()) out += std::string(out.empty() ? "" : ", ") + "base=" + factors[j].label(design(point, j));
    for (const auto& a : point_assignments(point)) out += (out.empty() ? "" : ", ") + a.text;
    return out;
}

std::vector<Assignment> SweepPlan::point_assignments(std::size_t point) const {
    std::vector<Assignment> out;
    // Each names its factor in messages (the point's label names the values).
    auto add = [&](Assignment a, const SweepFactor& f) {
        a.origin = "[[sweep.parameters]] `" + f.factor.name + "` (line " + std::to_string(f.line) + ")";
        out.push_back(std::move(a));
    };
    for (std::size_t j = 0; j < factors.size(); ++j) {
        const double v = design(point, j);
        const SweepFactor& f = spec.factors[j];
        if (f.varies_base()) continue;
        if (f.factor.categorical()) {
            add(make_assignment(factors[j].name, f.level_values.at(static_cast<std::size_t>(v))), f);
            continue;
        }
        add(f.integer ? make_assignment(factors[j].name, std::int64_t{std::llround(v)}) : make_assignment(factors[j].name, v), f);
        // 1 - v rounded to 12 decimals: 1 - 0.9 reads 0.1, not 0.09999999999999998.
        if (!spec.factors[j].complement.empty())
            add(make_assignment(spec.factors[j].complement, std::round((1 - v) * 1e12) / 1e12), f);
    }
    return out;
}

Scenario SweepPlan::point_scenario(std::size_t point) const {
    Scenario s = base;
    for (std::size_t j = 0; j < factors.size(); ++j)
        if (spec.factors[j].varies_base()) s = bases.at(static_cast<std::size_t>(design(point, j)));
    assign(s, point_assignments(point));
    return s;
}

SweepPlan make_sweep_plan(const SweepSpec& spec) {
    const std::string name = sweep_name(spec);
    SweepPlan plan;
    plan.spec = spec;
    auto read_base = [&](const std::string& text, const std::string& path) {
        Scenario s = parse_scenario(text, path);
        s.path = path;
        try {
            assign(s, spec.set);
        } catch (const InputError& e) {
            // A problem of one [sweep.set] key names its line already; one of the
            // base scenario with the whole set is named as the set's.
            const std::string m = e.what();
            if (m.starts_with(printable(name, 200) + ":")) throw;
            throw InputError(name + ": [sweep.set]: " + m);
        }
        return s;
    };
    plan.base = read_base(spec.base_text, spec.base_path);
    for (std::size_t i = 0; i < spec.base_texts.size(); ++i) plan.bases.push_back(read_base(spec.base_texts[i], spec.base_paths[i]));
    plan.strategies = comparison_strategies(plan.base, spec.strategies);
    for (std::size_t i = 0; i < plan.strategies.size(); ++i)
        if (const std::string problem = strategy_problem(plan.base, plan.strategies[i]); !problem.empty())
            throw InputError(name + position(spec, "sweep.strategies[" + std::to_string(i) + "]") + ": key `sweep.strategies[" +
                             std::to_string(i) + "]`: " + problem + " (base scenario " + spec.base_path + ")");
    plan.replicates = spec.replicates > 0 ? spec.replicates : plan.base.compare.replicates;
    if (spec.series_mode == SeriesMode::list) {
        // Checked now, not at merge time: the directory is pinned to the sweep
        // text, so a typo found after the points ran could not be fixed.
        std::vector<std::string> names;
        for (const std::string& path : series_paths(plan.base.record))
            if (!path.starts_with("/time/")) names.push_back(path);
        std::sort(names.begin(), names.end());  // suggestions as before: in path order
        for (std::size_t i = 0; i < spec.series.size(); ++i)
            if (std::find(names.begin(), names.end(), spec.series[i]) == names.end()) {
                const std::string near = nearest_name(spec.series[i], names);
                throw InputError(name + position(spec, "sweep.series[" + std::to_string(i) + "]") +
                                 ": key `sweep.series[" + std::to_string(i) + "]` = " + quote_string(printable(spec.series[i])) +
                                 " is not a recorded trajectory" + (near.empty() ? "" : "; did you mean `" + near + "`?"));
            }
    }
    for (const auto& f : spec.factors) plan.factors.push_back(f.factor);
    plan.design = generate(spec, plan.factors);
    for (std::size_t p = 0; p < plan.design.points; ++p)
        for (std::size_t j = 0; j < plan.factors.size(); ++j)
            if (spec.factors[j].integer && !spec.factors[j].factor.categorical()) plan.design(p, j) = static_cast<double>(std::llround(plan.design(p, j)));
    for (std::size_t p = 0; p < plan.points(); ++p) {
        try {
            (void)plan.point_scenario(p);
        } catch (const InputError& e) {
            throw InputError(name + ": " + point_label(plan, p) + ": " + e.what());
        }
    }
    return plan;
}

std::string describe_plan(const SweepPlan& plan) {
    const SweepSpec& s = plan.spec;
    std::ostringstream out;
    out << "sweep " << sweep_name(s) << " on " << s.base_path << "\n";
    out << "design:     " << design_name(s.design) << ", " << plan.factors.size() << " parameter"
        << (plan.factors.size() == 1 ? "" : "s");
    switch (s.design) {
        case DesignKind::grid: break;
        case DesignKind::latin_hypercube: out << ", " << s.samples << " samples, seed " << s.seed; break;
        case DesignKind::saltelli:
            out << ", N = " << s.samples << " base samples x (k + 2) = " << plan.points() << " points";
            break;
        case DesignKind::morris:
            out << ", r = " << s.samples << " trajectories, p = " << s.morris_levels() << " levels, seed " << s.seed;
            break;
    }
    out << "\n";
    for (const auto& f : plan.factors) {
        out << "  " << f.name << ": ";
        if (f.categorical()) {
            for (std::size_t i = 0; i < f.labels.size(); ++i) out << (i ? ", " : "") << f.labels[i];
        } else if (!f.values.empty()) {
            for (std::size_t i = 0; i < f.values.size(); ++i) out << (i ? ", " : "") << format_number(f.values[i]);
        } else {
            out << format_number(f.lower) << " .. " << format_number(f.upper) << (f.scale == Scale::log ? " (log)" : "");
        }
        out << "\n";
    }
    const auto& sim = plan.base.params.simulation;
    out << "points:     " << plan.points() << "\n";
    out << "strategies: ";
    for (std::size_t i = 0; i < plan.strategies.size(); ++i) out << (i ? ", " : "") << plan.strategies[i];
    out << "\nreplicates: " << plan.replicates << "\n";
    out << "runs:       " << plan.runs() << " (" << sim.ticks << " ticks each, plus a "
        << format_number(sim.warmup_days) << "-day warm-up per point and replicate)\n";
    out << "seed:       " << plan.base.plan.seed << " (every point: replicates 0.." << plan.replicates - 1 << ")\n";
    return out.str();
}

}  // namespace ambassim
