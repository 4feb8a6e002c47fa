// Texts a calibration writes (see calibration_output.hpp).
#include "analysis/fit/calibration_output.hpp"

#include "analysis/fit/scenario_overlay.hpp"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace ambassim {
namespace {

std::string num(double v, int digits = 6) {
    std::ostringstream s;
    s << std::setprecision(digits) << v;
    std::string t = s.str();
    if (t.find_first_of(".en") == std::string::npos) t += ".0";  // a TOML float, not an integer
    return t;
}

void comments(std::ostringstream& out, const std::vector<std::string>& lines) {
    for (const auto& l : lines) out << "# " << l << "\n";
}

}  // namespace

std::string calibrated_scenario_text(const CalibrationResult& r, const std::string& base,
                                     const std::vector<std::string>& provenance,
                                     const std::vector<OverlayEntry>& overlay) {
    std::ostringstream out;
    comments(out, provenance);
    out << "# fit: chi2 = " << num(r.chi2, 4) << " over " << r.targets.size() << " targets, " << r.parameters.size()
        << " free parameters, " << r.evaluations << " evaluations\n";
    for (const auto& p : r.parameters)
        out << "# fit: " << p.parameter.key << " = " << num(p.value) << ", 95% interval [" << num(p.low, 4) << ", "
            << num(p.high, 4) << "]" << (p.pinned ? "" : " (not pinned down by the targets)") << "\n";
    for (const auto& t : r.targets)
        out << "# fit: " << t.target.measure << " observed " << num(t.target.value, 4) << " +- " << num(t.target.sd, 3)
            << ", simulated " << num(t.simulated, 4) << " (z = " << num(t.z, 3) << ")\n";
    out << "\nbase = \"" << base << "\"\n";
    std::vector<OverlayEntry> entries = overlay;
    for (const auto& p : r.parameters) entries.push_back({p.parameter.key, p.value});
    out << overlay_toml(entries);
    return out.str();
}

std::string intervals_text(const CalibrationResult& r, const std::vector<std::string>& provenance) {
    std::ostringstream out;
    comments(out, provenance);
    out << "# 95% intervals of the fitted parameters (linearised); `ambassim optimise --uncertain FILE` draws\n"
           "# robust-plan samples from these ranges.\n\n[parameters]\n";
    for (const auto& p : r.parameters)
        out << "\"" << p.parameter.key << "\" = [" << num(p.low) << ", " << num(p.high) << "]\n";
    return out.str();
}

std::string fit_csv(const CalibrationResult& r) {
    std::ostringstream out;
    // The evaluations' conditions on every row (tidy): the report states them.
    out << std::setprecision(10)
        << "measure,from_day,to_day,observed,sd,simulated,simulated_sd,z,replicates,employees,customers,scale\n";
    for (const auto& t : r.targets)
        out << t.target.measure << "," << t.target.period.from_day << "," << t.target.period.to_day << ","
            << t.target.value << "," << t.target.sd << "," << t.simulated << "," << t.simulated_sd << "," << t.z << ","
            << r.replicates << "," << r.employees << "," << r.customers << "," << r.scale << "\n";
    return out.str();
}

std::string parameters_csv(const CalibrationResult& r) {
    std::ostringstream out;
    out << std::setprecision(10) << "parameter,value,low,high,min,max,pinned\n";
    for (const auto& p : r.parameters)
        out << p.parameter.key << "," << p.value << "," << p.low << "," << p.high << "," << p.parameter.min << ","
            << p.parameter.max << "," << (p.pinned ? 1 : 0) << "\n";
    return out.str();
}

std::string format_calibration(const CalibrationResult& r) {
    std::ostringstream out;
    out << "evaluations: " << r.evaluations << " x " << r.replicates << " replicates in parallel (" << r.employees
        << " employees, " << r.customers << " customers per run";
    if (r.scale != 1) out << ": population scale " << r.scale;
    out << "; strategy " << r.strategy << ")\n\n";
    out << std::left << std::setw(22) << "target" << std::setw(16) << "period (days)" << std::setw(12) << "observed"
        << std::setw(10) << "sd" << std::setw(12) << "simulated" << "z\n";
    for (const auto& t : r.targets) {
        std::ostringstream per;
        per << t.target.period.from_day << "-" << t.target.period.to_day;
        out << std::setw(22) << t.target.measure << std::setw(16) << per.str() << std::setw(12) << num(t.target.value, 4)
            << std::setw(10) << num(t.target.sd, 3) << std::setw(12) << num(t.simulated, 4) << num(t.z, 2) << "\n";
    }
    out << "chi2 = " << num(r.chi2, 4) << "\n\n";
    out << std::setw(44) << "parameter" << std::setw(12) << "fitted" << "95% interval\n";
    for (const auto& p : r.parameters)
        out << std::setw(44) << p.parameter.key << std::setw(12) << num(p.value, 4) << "[" << num(p.low, 4) << ", "
            << num(p.high, 4) << "]" << (p.pinned ? "" : "  not pinned down") << "\n";
    if (r.flat.empty()) {
        out << "\nno flat directions: the targets pin down every parameter within its range\n";
    } else {
        out << "\nflat directions (the targets cannot tell these combinations apart):\n";
        for (const auto& f : r.flat) {
            out << "  ";
            for (std::size_t k = 0; k < f.components.size(); ++k)
                out << (k ? (f.components[k].second >= 0 ? " + " : " - ") : (f.components[k].second >= 0 ? "" : "-"))
                    << num(std::abs(f.components[k].second), 2) << " x " << f.components[k].first;
            out << "  (95% half-width " << num(f.half_width, 2) << " of the ranges)\n";
        }
    }
    return out.str();
}

}  // namespace ambassim
