// Tests for analysis/sweep_data, sweep_sensitivity, sweep_winners,
// sweep_analysis and sweep_output: synthetic sweep files (sweep_fixture.hpp)
// whose outcomes are known functions of the design, so every index, winner
// and share has an exact expected value.
#include "analysis/sweep/sweep_analysis.hpp"
#include "sim/output/hdf5_file.hpp"
#include "sim/scenario/scenario.hpp"
#include "analysis/sweep/sweep_fixture.hpp"
#include "temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace ambassim;
namespace fs = std::filesystem;

namespace {

using testing::TempDir;

SweepData write_and_read(const TempDir& dir, const fixture::Sweep& s) {
    const fs::path path = dir / "sweep.h5";
    fixture::write(path, s);
    return read_sweep(path);
}

// Analytic Ishigami indices (Ishigami and Homma 1990; Sobol' and Levitan 1999).
struct Analytic {
    double s[3], st[3];
};
Analytic ishigami_indices() {
    const double a = fixture::ishigami_a, b = fixture::ishigami_b, pi = fixture::pi;
    const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
    const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
    const double v1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5), v2 = a * a / 8, v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
    return {{v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// Within `tolerance` of the exact value, and the exact value inside the CI
// widened by `slack` (a 95% CI misses now and then by design).
void check_index(const IndexEstimate& e, double exact, double tolerance, double slack) {
    INFO("estimate " << e.value << " [" << e.ci_low << ", " << e.ci_high << "], exact " << exact);
    CHECK(e.value == Approx(exact).margin(tolerance));
    CHECK(e.ci_low - slack <= exact);
    CHECK(e.ci_high + slack >= exact);
    CHECK(e.ci_low <= e.value);
    CHECK(e.ci_high >= e.value);
}

std::string read_text(const fs::path& p) {
    std::ifstream f(p);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("sweep analysis: Sobol indices of an Ishigami sweep match the analytic values", "[sweep_analysis]") {
    TempDir dir;
    const SweepData d = write_and_read(dir, fixture::ishigami_sweep(1 << 13));
    REQUIRE(d.design == "saltelli");
    REQUIRE(d.saltelli_base_samples == 8192);
    REQUIRE(d.points == 8192 * 5);
    const SweepAnalysis a = analyze_sweep(d, {1000, 0.95, 7});
    // targets: A, B, A - B
    REQUIRE(a.targets.size() == 3);
    REQUIRE(a.sobol.size() == 3);
    REQUIRE(a.targets[2].difference);
    REQUIRE(target_label(d, a.targets[2]) == "y/value A - B");
    const Analytic exact = ishigami_indices();
    for (std::size_t t : {std::size_t{0}, std::size_t{2}}) {
        const SobolIndices& s = a.sobol[t].indices;
        CHECK(a.sobol[t].note.empty());
        for (std::size_t i = 0; i < 3; ++i) {
            check_index(s.first[i], exact.s[i], 0.025, 0.01);
            check_index(s.total[i], exact.st[i], 0.025, 0.01);
        }
    }
    // B's replicate mean is exactly 0 everywhere: NaN, reported as constant.
    CHECK(std::isnan(a.sobol[1].indices.first[0].value));
    CHECK(std::isnan(a.sobol[1].indices.total[2].ci_high));
    CHECK(a.sobol[1].note == "constant over the design");
    // The CSV says so too, and has one row per target and factor.
    const auto files = sweep_csv_files(d, a);
    REQUIRE(files.size() == 1);
    REQUIRE(files[0].name == "sobol.csv");
    std::istringstream csv(files[0].text);
    std::string line;
    std::getline(csv, line);
    CHECK(line == "outcome,metric,target,strategy_a,strategy_b,factor,base_samples,variance,S1,S1_ci_low,S1_ci_high,"
                  "ST,ST_ci_low,ST_ci_high,note,warning");
    std::vector<std::string> rows;
    while (std::getline(csv, line)) rows.push_back(line);
    REQUIRE(rows.size() == 9);
    CHECK(rows[3] == "y,value,strategy,B,,x1,8192,0,nan,nan,nan,nan,nan,nan,constant over the design,");
    CHECK(rows[6].rfind("y,value,difference,A,B,x1,8192,", 0) == 0);
}

TEST_CASE("sweep analysis: constant and non-finite targets give NaN indices without throwing", "[sweep_analysis]") {
    TempDir dir;
    fixture::Sweep s = fixture::ishigami_sweep(64);
    s.metrics.push_back({"flat", "total", true, [](std::size_t, std::size_t, std::span<const double>) { return 3.0; }});
    s.metrics.push_back({"broken", "total", true, [](std::size_t st, std::size_t, std::span<const double> x) {
                             return st == 0 && x[0] > 0 ? std::nan("") : 1.0;
                         }});
    const SweepData d = write_and_read(dir, s);
    SweepAnalysis a;
    REQUIRE_NOTHROW(a = analyze_sweep(d, {50, 0.9, 1}));
    // metrics are sorted by outcome: broken, flat, y
    REQUIRE(d.metrics[0].outcome == "broken");
    REQUIRE(d.metrics[1].outcome == "flat");
    for (std::size_t t = 0; t < 6; ++t) {
        INFO(target_label(d, a.targets[t]));
        CHECK(std::isnan(a.sobol[t].indices.first[1].value));
        CHECK(std::isnan(a.sobol[t].indices.total[1].value));
    }
    CHECK(a.sobol[0].note == "not finite at some points");   // broken A
    CHECK(a.sobol[1].note == "constant over the design");    // broken B
    CHECK(a.sobol[3].note == "constant over the design");    // flat A
    CHECK(std::isfinite(a.sobol[6].indices.total[0].value)); // y A
    const std::string table = format_sweep_analysis(d, a, 2);
    CHECK_THAT(table, Catch::Contains("broken/total A - B  nan (not finite at some points)"));
    CHECK_THAT(table, Catch::Contains("flat/total A - B    nan (constant over the design)"));
}

TEST_CASE("sweep analysis: Morris mu* of a linear function is |c| times the range", "[sweep_analysis]") {
    TempDir dir;
    const fixture::Sweep s = fixture::morris_sweep(10);
    const SweepData d = write_and_read(dir, s);
    REQUIRE(d.factors[1].scale == Scale::log);
    REQUIRE(d.factors[2].lower == 10.0);
    const SweepAnalysis a = analyze_sweep(d, {});
    REQUIRE(a.morris.size() == 3);
    const auto& diff = a.morris[2].indices;  // A - B = 3 x1 + 2 ln x2 - 0.5 x3
    const double expected_mu[3] = {3 * 2, 2 * std::log(100.0), -0.5 * 10};
    for (std::size_t i = 0; i < 3; ++i) {
        INFO("factor " << i);
        CHECK(diff[i].effects == 10);
        CHECK(diff[i].mu == Approx(expected_mu[i]).epsilon(1e-9));
        CHECK(diff[i].mu_star == Approx(std::fabs(expected_mu[i])).epsilon(1e-9));
        CHECK(diff[i].sigma == Approx(0).margin(1e-9));
        CHECK(a.morris[1].indices[i].mu_star == 0.0);  // B's mean does not depend on x
    }
    CHECK(a.morris[2].skipped_steps == 0);
    // Same as the validated estimator on the same outputs.
    const auto reference = morris_indices(d.factors, d.matrix, a.targets[2].values);
    for (std::size_t i = 0; i < 3; ++i) CHECK(reference[i].mu_star == Approx(diff[i].mu_star));
    const std::string table = format_sweep_analysis(d, a, 1);
    CHECK_THAT(table, Catch::Contains("y/value A - B  x2 9.21 ("));
}

TEST_CASE("sweep analysis: Morris steps rounded away are skipped, not fatal", "[sweep_analysis]") {
    TempDir dir;
    fixture::Sweep s = fixture::morris_sweep(4);
    // Make x3 an integer-like factor whose applied values coincide at one step.
    const std::size_t k = 3;
    std::size_t step = 0;
    for (std::size_t p = 1; p < s.matrix.points && !step; ++p)
        if (p % (k + 1) != 0 && s.matrix(p, 2) != s.matrix(p - 1, 2)) step = p;
    REQUIRE(step > 0);
    const double before = s.matrix(step - 1, 2);
    for (std::size_t p = step; p < (step / (k + 1) + 1) * (k + 1); ++p) s.matrix(p, 2) = before;
    const SweepAnalysis a = analyze_sweep(write_and_read(dir, s), {});
    CHECK(a.morris[2].skipped_steps == 1);
    CHECK(a.morris[2].indices[2].effects == 3);
    CHECK(a.morris[2].indices[0].effects == 4);
    CHECK(a.morris[2].indices[0].mu == Approx(6.0));
    // Every factor changing at once is not a Morris design.
    fixture::Sweep t = fixture::morris_sweep(4);
    for (std::size_t j = 0; j < k; ++j) t.matrix(1, j) += 0.01;
    CHECK_THROWS_WITH(analyze_sweep(write_and_read(dir, t), {}),
                      Catch::Contains("Morris design points 0 and 1 differ in 3 factors"));
}

TEST_CASE("sweep analysis: grid winners, ties and per-level shares", "[sweep_analysis]") {
    TempDir dir;
    const SweepData d = write_and_read(dir, fixture::grid_sweep());
    REQUIRE(d.points == 12);
    REQUIRE(d.factors[1].values == std::vector<double>{10, 20, 30});
    REQUIRE(d.metrics.size() == 2);  // loss/total (lower is better), score/horizon
    REQUIRE_FALSE(d.metrics[0].higher_is_better);
    const SweepAnalysis a = analyze_sweep(d, {});
    REQUIRE(a.winners.size() == 24);
    for (const PointWinner& w : a.winners) {
        const double x_a = d.matrix(w.point, 0), x_b = d.matrix(w.point, 1);
        const std::string expected = fixture::grid_winner(x_a, x_b);
        INFO("point " << w.point << " a = " << x_a << " b = " << x_b << " metric " << w.metric);
        CHECK((w.decisive ? d.strategies[w.best] : std::string("tie")) == expected);
        CHECK(w.margin >= 0);
        if (expected != "tie") {
            CHECK(w.ci_low > 0);
            CHECK(w.margin == Approx(expected == "A" ? 1.01 : 0.99));
        }
        if (x_a == 1 && x_b == 30) {  // A ahead on average, CI spans 0
            CHECK(d.strategies[w.best] == "A");
            CHECK(w.margin == Approx(0.7 / 3));
            CHECK(w.ci_low < 0);
        }
        if (expected == "tie" && !(x_a == 1 && x_b == 30)) CHECK(w.margin == 0.0);
    }
    // shares: metric 1 (score), factor a (0), level 3: A wins at b = 10, 20, ties at 30
    const auto find = [&](std::size_t metric, std::size_t factor, double level) {
        for (const auto& l : a.shares)
            if (l.metric == metric && l.factor == factor && l.low == level) return l;
        FAIL("no level");
        return LevelShare{};
    };
    for (std::size_t m : {std::size_t{0}, std::size_t{1}}) {
        const LevelShare a3 = find(m, 0, 3);
        CHECK(a3.points == 3);
        CHECK(a3.wins[0] == Approx(2.0 / 3));
        CHECK(a3.wins[1] == 0.0);
        CHECK(a3.ties == Approx(1.0 / 3));
        const LevelShare a0 = find(m, 0, 0);
        CHECK(a0.wins[1] == 1.0);
        const LevelShare b30 = find(m, 1, 30);
        CHECK(b30.points == 4);
        CHECK(b30.wins[1] == Approx(0.25));
        CHECK(b30.ties == Approx(0.75));
    }
    CHECK(a.shares.size() == 2 * (4 + 3));
    const std::string table = format_sweep_analysis(d, a, 3);
    CHECK_THAT(table, Catch::Contains("score/horizon  A 33%, B 25%, tie 42%"));
    const auto files = sweep_csv_files(d, a);
    REQUIRE(files.size() == 2);
    CHECK(files[0].text.rfind("point,outcome,metric,higher_is_better,winner,best,runner_up,margin,ci_low,ci_high,"
                              "decisive,a,b\n0,loss,total,0,B,B,A,0.99,",
                              0) == 0);
    CHECK(files[1].text.rfind("outcome,metric,factor,level_low,level_high,points,winner,share\n"
                              "loss,total,a,0,0,3,A,0\nloss,total,a,0,0,3,B,1\nloss,total,a,0,0,3,tie,0\n",
                              0) == 0);
}

TEST_CASE("sweep analysis: Spearman correlations on a Latin hypercube", "[sweep_analysis]") {
    CHECK(average_ranks({3, 1, 2, 2}) == std::vector<double>{4, 1, 2.5, 2.5});
    CHECK(spearman({1, 2, 3, 4}, {10, 20, 35, 1000}) == Approx(1.0));
    CHECK(spearman({1, 2, 3, 4}, {4, 3, 2, 1}) == Approx(-1.0));
    CHECK(spearman({1, 2, 2, 3}, {1, 2, 3, 4}) == Approx(0.9486832981));  // ties: Pearson on average ranks
    CHECK(std::isnan(spearman({1, 2, 3}, {5, 5, 5})));
    TempDir dir;
    const SweepData d = write_and_read(dir, fixture::lhs_sweep(50));
    const SweepAnalysis a = analyze_sweep(d, {});
    REQUIRE(a.spearman.size() == 1);
    CHECK(a.spearman[0].rho[0] == Approx(1.0));  // A - B = exp(3 u) + const: monotone in u
    CHECK(std::fabs(a.spearman[0].rho[1]) < 0.3);
    REQUIRE(a.winners.size() == 50);
    for (const auto& w : a.winners) CHECK((w.decisive && w.best == 0));
    // more than kMaxLevels distinct values: kBins equal-count bins
    CHECK(a.shares.size() == 2 * kBins);
    CHECK(a.shares[0].points == 10);
    CHECK(a.shares[0].wins[0] == 1.0);
    const auto files = sweep_csv_files(d, a);
    REQUIRE(files.size() == 3);
    CHECK(files[2].name == "spearman.csv");
    CHECK(files[2].text.rfind("outcome,metric,strategy_a,strategy_b,factor,rho\ny,value,A,B,u,1\n", 0) == 0);
}

TEST_CASE("sweep analysis: files that are not sweep files are refused with exact messages", "[sweep_analysis]") {
    TempDir dir;
    fixture::Sweep s = fixture::grid_sweep();
    s.format = "ambassim-compare";
    const fs::path path = dir / "compare.h5";
    fixture::write(path, s);
    CHECK_THROWS_AS(read_sweep(path), InputError);
    CHECK_THROWS_WITH(read_sweep(path),
                      "`" + path.string() + "` is not a sweep file (format attribute is `ambassim-compare`)");
    const fs::path missing = dir / "missing.h5";
    CHECK_THROWS_AS(read_sweep(missing), InputError);
    CHECK_THROWS_WITH(read_sweep(missing), "cannot open `" + missing.string() + "`: not found");
    {
        std::ofstream text(dir / "text.h5");
        text << "not hdf5\n";
    }
    CHECK_THROWS_WITH(read_sweep(dir / "text.h5"), "cannot open `" + (dir / "text.h5").string() + "`: not an HDF5 file");
    fixture::Sweep partial = fixture::grid_sweep();
    partial.complete = 0;
    fixture::write(dir / "partial.h5", partial);
    CHECK_THROWS_WITH(read_sweep(dir / "partial.h5"),
                      "`" + (dir / "partial.h5").string() + "` is incomplete (root attribute `complete` is not 1)");
    fixture::Sweep bad = fixture::ishigami_sweep(16);
    bad.saltelli_n = 15;
    fixture::write(dir / "bad.h5", bad);
    CHECK_THROWS_WITH(read_sweep(dir / "bad.h5"),
                      "`" + (dir / "bad.h5").string() +
                          "`: a Saltelli design with N = 15 and 3 factors has N (k + 2) = 75 points, the file has 80");
}

TEST_CASE("sweep analysis: CSV files are written whole and not overwritten without force", "[sweep_analysis]") {
    TempDir dir;
    const fs::path out = dir / "x.analysis";
    CHECK(default_analysis_dir("/data/run/sweep.h5") == fs::path("/data/run/sweep.analysis"));
    const auto paths = write_csv_files(out, {{"a.csv", "1\n"}, {"b.csv", "2\n"}}, false);
    REQUIRE(paths.size() == 2);
    CHECK(read_text(out / "a.csv") == "1\n");
    CHECK_THROWS_WITH(write_csv_files(out, {{"c.csv", "3\n"}, {"b.csv", "9\n"}}, false),
                      "output file `" + (out / "b.csv").string() + "` already exists; use --force to overwrite it");
    CHECK_FALSE(fs::exists(out / "c.csv"));  // refused before writing anything
    CHECK(read_text(out / "b.csv") == "2\n");
    write_csv_files(out, {{"b.csv", "9\n"}}, true);
    CHECK(read_text(out / "b.csv") == "9\n");
    CHECK(std::distance(fs::directory_iterator(out), fs::directory_iterator()) == 2);  // no temporary files
    CHECK(sweep_csv_names("saltelli", 2) == std::vector<std::string>{"sobol.csv"});
    CHECK(sweep_csv_names("latin_hypercube", 2) ==
          std::vector<std::string>{"winners.csv", "winner_shares.csv", "spearman.csv"});
    CHECK(sweep_figure_names("saltelli", 2) == std::vector<std::string>{"sobol.png", "sobol.svg", "index.html"});
    CHECK(sweep_figure_names("grid", 1) == std::vector<std::string>{"index.html"});
}

TEST_CASE("sweep analysis: with one replicate no point is decisive", "[sweep_analysis]") {
    TempDir dir;
    fixture::Sweep s = fixture::grid_sweep();
    s.replicates = 1;
    const SweepData d = write_and_read(dir, s);
    const SweepAnalysis a = analyze_sweep(d, {});
    REQUIRE(a.winners.size() == 24);
    for (const auto& w : a.winners) CHECK_FALSE(w.decisive);
    CHECK(a.winners[0].best == 1);  // B still has the best mean at a = 0
    CHECK_THAT(format_sweep_analysis(d, a, 3), Catch::Contains("no intervals, so every point is a tie"));
}

TEST_CASE("a Sobol design too small for its indices is flagged", "[sweep]") {
    std::vector<Factor> f(2);
    f[0].name = "a";
    f[1].name = "b";
    SobolIndices x;
    x.base_samples = 8;
    x.first = {{0.3, 0.1, 0.5}, {0.2, 0.0, 0.4}};
    x.total = {{0.5, 0.3, 0.7}, {0.6, 0.4, 0.8}};
    CHECK(sobol_warning(x, f).empty());  // inside [0, 1], intervals 0.4 wide
    x.total[1] = {2.2, 1.6, 2.6};         // outside by 1.2, more than its half-width 0.5
    x.total[0] = {1.6, 0.9, 2.5};         // outside by 0.6, less than its half-width 0.8
    CHECK(sobol_warning(x, f) == "N = 8 base samples are too few: S_T of b is 2.2 [1.6, 2.6], outside [0, 1] by more "
                                 "than its interval; increase sweep.samples (x4 halves the intervals)");
    x.total[1] = {0.6, 0.4, 0.8};
    CHECK(sobol_warning(x, f) == "N = 8 base samples are too few: S_T of a is 1.6 [0.9, 2.5], an interval 1.6 wide; "
                                 "increase sweep.samples (x4 halves the intervals)");
}
