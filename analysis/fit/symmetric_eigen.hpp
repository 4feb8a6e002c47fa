// Eigen-decomposition of a small symmetric matrix (cyclic Jacobi rotations):
// the calibration's Fisher matrix has one row per free parameter, a handful,
// so a dependency for this is not worth it.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace ambassim {

struct SymmetricEigen {
    std::vector<double> values;                // ascending
    std::vector<std::vector<double>> vectors;  // vectors[k] belongs to values[k], unit length
};

inline SymmetricEigen symmetric_eigen(std::vector<std::vector<double>> a) {
    const std::size_t n = a.size();
    std::vector<std::vector<double>> v(n, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) v[i][i] = 1;
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j) off += a[i][j] * a[i][j];
        if (off < 1e-30) break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                if (std::abs(a[p][q]) < 1e-300) continue;
                const double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1));
                const double c = 1 / std::sqrt(t * t + 1), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // columns p, q
                    const double akp = a[k][p], akq = a[k][q];
                    a[k][p] = c * akp - s * akq, a[k][q] = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {  // rows p, q
                    const double apk = a[p][k], aqk = a[q][k];
                    a[p][k] = c * apk - s * aqk, a[q][k] = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double vkp = v[k][p], vkq = v[k][q];
                    v[k][p] = c * vkp - s * vkq, v[k][q] = s * vkp + c * vkq;
                }
            }
    }
    SymmetricEigen out;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    for (std::size_t i = 0; i < n; ++i)  // insertion sort by eigenvalue (n is tiny)
        for (std::size_t j = i; j > 0 && a[order[j]][order[j]] < a[order[j - 1]][order[j - 1]]; --j)
            std::swap(order[j], order[j - 1]);
    for (std::size_t k : order) {
        out.values.push_back(a[k][k]);
        std::vector<double> col(n);
        for (std::size_t i = 0; i < n; ++i) col[i] = v[i][k];
        out.vectors.push_back(col);
    }
    return out;
}

}  // namespace ambassim
