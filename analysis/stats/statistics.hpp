// Small-sample statistics for comparing strategies over replicates: mean,
// standard deviation, Student-t confidence intervals, paired differences
// with a standardised effect size, and the crossover time of two mean
// trajectories. Pure functions on vectors; tested against hand-computed values.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ambassim {

struct Estimate {
    std::int64_t n = 0;
    double mean = 0;
    double sd = 0;        // sample standard deviation (n - 1); 0 for n < 2
    double ci_low = 0;    // 95% Student-t interval for the mean; equal to the mean for n < 2
    double ci_high = 0;
};

double mean_of(const std::vector<double>& x);
double sd_of(const std::vector<double>& x);  // n - 1 denominator
// Two-sided Student-t critical value for confidence `level` and `dof` degrees of freedom.
double t_critical(double level, std::int64_t dof);
Estimate estimate(const std::vector<double>& x, double level = 0.95);

struct PairedDifference {
    Estimate diff;                 // of a_r - b_r over replicates r
    double mean_a = 0, mean_b = 0;
    double effect_size = 0;        // Cohen's d_z = mean / sd of the differences (0 if sd = 0)
    double relative = 0;           // mean difference / |mean of b| (NaN if mean b = 0)
    double relative_ci_low = 0, relative_ci_high = 0;
    bool significant() const { return diff.n >= 2 && (diff.ci_low > 0 || diff.ci_high < 0); }
};

// a and b hold the same replicates in the same order (common random numbers).
PairedDifference paired_difference(const std::vector<double>& a, const std::vector<double>& b, double level = 0.95);

// Crossover of two mean trajectories (a - b over ticks): the first tick index
// from which the side leading at the end stays strictly ahead to the end.
// `never_behind`: the leader was never strictly behind (ties allowed, e.g.
// before any program has had an effect). nullopt if equal at the end.
struct Crossover {
    bool a_leads;
    std::int64_t from_index;  // first index of the final run of strict leads
    bool never_behind;
};
std::optional<Crossover> crossover(const std::vector<double>& mean_difference);

}  // namespace ambassim
