// Runs the analysis a sweep's design supports and writes its CSV files
// (see sweep_analysis.hpp).
#include "analysis/sweep/sweep_analysis.hpp"

#include "sim/output/hdf5_file.hpp"
#include "sim/util/atomic_file.hpp"


namespace ambassim {

SweepAnalysis analyze_sweep(const SweepData& d, const SobolOptions& sobol) {
    SweepAnalysis a;
    a.sobol_options = sobol;
    a.targets = sweep_targets(d);
    if (d.design == "saltelli") a.sobol = sweep_sobol(d, a.targets, sobol);
    if (d.design == "morris") a.morris = sweep_morris(d, a.targets);
    if (d.design == "grid" || d.design == "latin_hypercube") {
        a.winners = sweep_winners(d);
        a.shares = winner_shares(d, a.winners);
    }
    if (d.design == "latin_hypercube") a.spearman = sweep_spearman(d, a.targets);
    return a;
}

std::vector<std::string> sweep_csv_names(const std::string& design, std::size_t strategies) {
    if (design == "saltelli") return {"sobol.csv"};
    if (design == "morris") return {"morris.csv"};
    std::vector<std::string> names;
    if (strategies >= 2) names = {"winners.csv", "winner_shares.csv"};
    if (design == "latin_hypercube" && strategies >= 2) names.emplace_back("spearman.csv");
    return names;
}

std::vector<std::string> sweep_figure_names(const std::string& design, std::size_t strategies, bool discovery) {
    std::vector<std::string> figures;
    if (discovery) figures = {"prim_tradeoff", "prim_box"};
    if (design == "saltelli") figures.emplace_back("sobol");
    if (design == "morris") figures.emplace_back("morris");
    if ((design == "grid" || design == "latin_hypercube") && strategies >= 2) figures.emplace_back("winners");
    if (design == "latin_hypercube" && strategies >= 2) figures.emplace_back("spearman");
    std::vector<std::string> names;
    for (const auto& f : figures) names.insert(names.end(), {f + ".png", f + ".svg"});
    names.emplace_back("index.html");
    return names;
}

std::filesystem::path default_analysis_dir(const std::filesystem::path& sweep) {
    return sweep.parent_path() / (sweep.stem().string() + ".analysis");
}

std::vector<std::filesystem::path> write_csv_files(const std::filesystem::path& dir, const std::vector<CsvFile>& files,
                                                   bool force) {
    std::vector<std::filesystem::path> paths;
    for (const auto& f : files) {  // refuse before writing anything
        paths.push_back(dir / f.name);
        if (std::filesystem::exists(paths.back()) && !force) throw OutputError(already_exists_message(paths.back()));
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw OutputError("cannot create the folder `" + dir.string() + "`: " + ec.message());
    for (std::size_t i = 0; i < files.size(); ++i) {
        write_file_atomically(paths[i], files[i].text, force);
    }
    return paths;
}

}  // namespace ambassim
