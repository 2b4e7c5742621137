// First- and total-order Sobol indices from a Saltelli design: Jansen's estimators, bootstrap intervals.
#include "jevons/sweep/sweep.h"

#include <algorithm>
#include <cmath>

namespace jevons::sweep {

namespace {

/// SplitMix64: a tiny generator whose sequence is the same on every platform and standard library (the
/// <random> distributions are not), so the intervals are reproducible bit for bit.
struct SplitMix {
    std::uint64_t state;
    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

struct Estimate {
    std::vector<double> first, total;
};

/// Jansen (1999), as in Saltelli et al. (2010), Table 2: with V the variance of f over A and B,
/// S_j = (V - mean((f(B) - f(AB^j))^2) / 2) / V and ST_j = mean((f(A) - f(AB^j))^2) / 2 / V.
Estimate estimate(const std::vector<double> &fA, const std::vector<double> &fB,
                  const std::vector<std::vector<double>> &fAB, const std::vector<std::size_t> &rows)
{
    const std::size_t J = fAB.size();
    const double n = double(rows.size());
    double mean = 0;
    for (std::size_t k : rows) {
        mean += fA[k] + fB[k];
    }
    mean /= 2 * n;
    double variance = 0;
    for (std::size_t k : rows) {
        variance += (fA[k] - mean) * (fA[k] - mean) + (fB[k] - mean) * (fB[k] - mean);
    }
    variance /= 2 * n;
    Estimate e{std::vector<double>(J, 0.0), std::vector<double>(J, 0.0)};
    // An output that does not move (up to rounding) has no variance to share out: every index is 0.
    if (!(variance > 1e-24 * std::max(1.0, mean * mean))) {
        return e;
    }
    for (std::size_t j = 0; j < J; ++j) {
        double first = 0, total = 0;
        for (std::size_t k : rows) {
            first += (fB[k] - fAB[j][k]) * (fB[k] - fAB[j][k]);
            total += (fA[k] - fAB[j][k]) * (fA[k] - fAB[j][k]);
        }
        e.first[j] = (variance - first / (2 * n)) / variance;
        e.total[j] = total / (2 * n) / variance;
    }
    return e;
}

/// Nearest-rank quantile of sorted values.
double quantile(const std::vector<double> &sorted, double level)
{
    const double rank = std::ceil(level * double(sorted.size()));
    const std::size_t index = rank < 1 ? 0 : std::min(sorted.size() - 1, std::size_t(rank) - 1);
    return sorted[index];
}

} // namespace

std::vector<SobolIndex> jansenIndices(const std::vector<double> &fA, const std::vector<double> &fB,
                                      const std::vector<std::vector<double>> &fAB, int bootstrap,
                                      std::uint64_t resampleSeed)
{
    const std::size_t N = fA.size(), J = fAB.size();
    std::vector<std::size_t> rows(N);
    for (std::size_t k = 0; k < N; ++k) {
        rows[k] = k;
    }
    const Estimate point = estimate(fA, fB, fAB, rows);
    std::vector<SobolIndex> out(J);
    for (std::size_t j = 0; j < J; ++j) {
        out[j].first = out[j].firstLow = out[j].firstHigh = point.first[j];
        out[j].total = out[j].totalLow = out[j].totalHigh = point.total[j];
    }
    if (bootstrap <= 0 || N == 0) {
        return out;
    }
    std::vector<std::vector<double>> first(J), total(J);
    SplitMix rng{resampleSeed};
    for (int b = 0; b < bootstrap; ++b) {
        for (std::size_t k = 0; k < N; ++k) {
            rows[k] = std::size_t(rng.next() % N); // the modulo bias (< N / 2^64) is immaterial here
        }
        const Estimate e = estimate(fA, fB, fAB, rows);
        for (std::size_t j = 0; j < J; ++j) {
            first[j].push_back(e.first[j]);
            total[j].push_back(e.total[j]);
        }
    }
    for (std::size_t j = 0; j < J; ++j) {
        std::sort(first[j].begin(), first[j].end());
        std::sort(total[j].begin(), total[j].end());
        out[j].firstLow = quantile(first[j], 0.05);
        out[j].firstHigh = quantile(first[j], 0.95);
        out[j].totalLow = quantile(total[j], 0.05);
        out[j].totalHigh = quantile(total[j], 0.95);
    }
    return out;
}

std::vector<std::vector<SobolIndex>> sobolIndices(const SweepSpec &spec, const Design &design,
                                                  const std::vector<std::vector<double>> &results)
{
    std::vector<std::vector<SobolIndex>> out;
    if (!spec.sobol) {
        return out;
    }
    const std::size_t J = design.parameters.size();
    const std::size_t N = std::size_t(spec.sobol->baseSamples);
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
        std::vector<double> fA(N), fB(N);
        std::vector<std::vector<double>> fAB(J, std::vector<double>(N));
        for (std::size_t k = 0; k < N; ++k) {
            const std::size_t row = k * (J + 2); // A_k, AB_k^1 .. AB_k^J, B_k
            fA[k] = results[row][o];
            for (std::size_t j = 0; j < J; ++j) {
                fAB[j][k] = results[row + 1 + j][o];
            }
            fB[k] = results[row + J + 1][o];
        }
        std::vector<SobolIndex> indices =
            jansenIndices(fA, fB, fAB, spec.sobol->bootstrap, spec.seed ^ (0xA5A5A5A5ull * (o + 1)));
        for (std::size_t j = 0; j < J; ++j) {
            indices[j].input = design.parameters[j];
        }
        out.push_back(std::move(indices));
    }
    return out;
}

} // namespace jevons::sweep
