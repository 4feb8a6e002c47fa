// Pure figures the validation suite compares with published values: the Bass
// (1969) closed form, threshold-crossing times of a trajectory, Pearson and
// partial correlations. No I/O; tested against hand-computed values in
// tests/analysis/test_validation_stats.cpp.
#pragma once

#include <vector>

namespace ambassim::validation {

// Cumulative adoption share of the Bass model dF/dt = (p + qF)(1 - F) at time
// t (years) from F(0) = f0. With f0 = 0 this is the textbook
// F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}). Requires p > 0.
double bass_share(double p, double q, double t_years, double f0 = 0);
// The adoption rate dF/dt of the Bass curve peaks when F = 1/2 - p/(2q)
// (0 when q <= p: the rate is highest at the start).
double bass_peak_share(double p, double q);
// t* = ln(q/p) / (p + q): when the Bass adoption rate peaks (f0 = 0).
double bass_peak_time(double p, double q);

// First time at which the series y (sampled at times t, same length) reaches
// `level`, linearly interpolated between samples; NaN if it never does.
double crossing_time(const std::vector<double>& t, const std::vector<double>& y, double level);

// Pearson correlation; NaN if fewer than 3 points or a constant series.
double pearson(const std::vector<double>& x, const std::vector<double>& y);
// Correlation of x and y after removing from both the least-squares linear
// fit on the controls (each control a series of the same length): the
// partial correlation r(x, y | controls); 0 if the controls explain x or y
// exactly (full mediation). NaN if degenerate otherwise.
double partial_correlation(const std::vector<double>& x, const std::vector<double>& y,
                           const std::vector<std::vector<double>>& controls);

}  // namespace ambassim::validation
