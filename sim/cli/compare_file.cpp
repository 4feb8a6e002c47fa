// Comparison files (see compare_file.hpp).
#include "sim/cli/compare_file.hpp"

#include <algorithm>

#include "sim/output/hdf5_file.hpp"
#include "sim/output/recorder.hpp"

namespace ambassim::cli {

ComparisonSummary write_comparison_file(H5Output& out, const Scenario& s, const ComparisonData& data) {
    ComparisonSummary summary = summarise_comparison(data);
    write_comparison_file(out, s, data, summary);
    return summary;
}

void write_comparison_file(H5Output& out, const Scenario& s, const ComparisonData& data,
                           const ComparisonSummary& summary) {
    write_provenance(out, s,
                     MarketPools{data.prospects_resolved.empty() ? 0 : data.prospects_resolved.front(),
                                 data.former_resolved.empty() ? 0 : data.former_resolved.front(), 0,
                                 std::any_of(data.market_short.begin(), data.market_short.end(),
                                             [](std::int64_t x) { return x != 0; })},
                     data.people.empty() ? 0 : data.people.front());
    out.set_attribute("/", "format", std::string("ambassim-compare"));
    out.set_attribute("/", "strategy", std::string("(compare)"));
    out.set_attribute("/", "replicates", data.replicates);
    out.set_attribute("/", "currency", s.economics.currency);
    write_comparison_runs(out, data);
    write_comparison_summary(out, summary);
    out.set_attribute("/", "complete", std::int64_t{data.complete ? 1 : 0});
}

}  // namespace ambassim::cli
