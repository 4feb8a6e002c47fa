// diff_files (see file_diff.hpp).
#include "sim/output/file_diff.hpp"

#include "sim/output/hdf5_file.hpp"

#include <cmath>
#include <cstring>
#include <set>

namespace ambassim {
namespace {

void collect(const H5Input& in, const std::string& group, std::set<std::string>& out) {
    for (const auto& name : in.list(group)) {
        const std::string path = (group == "/" ? "" : group) + "/" + name;
        if (in.is_group(path)) collect(in, path, out);
        else out.insert(path);
    }
}

bool same_bits(double x, double y) {
    if (std::isnan(x) && std::isnan(y)) return true;
    return std::memcmp(&x, &y, sizeof x) == 0;
}

std::string compare_dataset(const H5Input& a, const H5Input& b, const std::string& path) {
    if (a.dims(path) != b.dims(path)) return path + ": shapes differ";
    bool numeric = true;
    std::vector<double> va, vb;
    try {
        va = a.read_double(path);
        vb = b.read_double(path);
    } catch (const OutputError&) {
        numeric = false;
    }
    if (!numeric) return a.read_strings(path) == b.read_strings(path) ? "" : path + ": strings differ";
    for (std::size_t i = 0; i < va.size(); ++i)
        if (!same_bits(va[i], vb[i]))
            return path + ": first difference at element " + std::to_string(i) + " (" + std::to_string(va[i]) +
                   " vs " + std::to_string(vb[i]) + ")";
    return "";
}

}  // namespace

FileDiff diff_files(const std::filesystem::path& fa, const std::filesystem::path& fb,
                    const std::vector<std::string>& skip) {
    const H5Input a(fa), b(fb);
    std::set<std::string> pa, pb;
    collect(a, "/", pa);
    collect(b, "/", pb);
    auto skipped = [&](const std::string& p) {
        for (const auto& s : skip)
            if (p.rfind(s, 0) == 0) return true;
        return false;
    };
    FileDiff d;
    for (const auto& p : pa) {
        if (skipped(p)) continue;
        if (!pb.count(p)) {
            d.differences.push_back(p + ": only in " + fa.string());
            continue;
        }
        ++d.datasets_compared;
        if (auto msg = compare_dataset(a, b, p); !msg.empty()) d.differences.push_back(msg);
    }
    for (const auto& p : pb)
        if (!skipped(p) && !pa.count(p)) d.differences.push_back(p + ": only in " + fb.string());
    return d;
}

}  // namespace ambassim
