#pragma once
// What a run adds up to before its statistics are read: histogram counts, tree-ordered sums, extremes with
// their point masses, probability counts and the variance shares' integer sums. Every part merges exactly
// (integers, or sums in a fixed tree over blocks of paths), so a run split into chunks, threads or
// processes gives the same result bit for bit. Internal to compute/engine.

#include "kernel.h"

#include <cstdint>
#include <vector>

namespace jevons::detail {

/// Sums of vectors over blocks of paths, added in a fixed binary tree over the blocks' global indices
/// (internal node = left + right, missing right subtrees count as 0): the same result whatever the order
/// and grouping in which aligned parts arrive, so that runs split over threads, chunks or processes agree
/// bit for bit. Memory: log2(blocks) vectors.
class TreeSum {
public:
    explicit TreeSum(std::size_t width = 0) : m_width(width) {}
    std::size_t width() const { return m_width; }
    /// Adds node (level, index), the sum of blocks [index 2^level, (index + 1) 2^level). Nodes arrive in
    /// block order.
    void add(int level, std::uint64_t index, const double *values);
    /// The tree's total (all zeros when empty).
    std::vector<double> total() const;

    struct Node {
        int level = 0;
        std::uint64_t index = 0;
        std::vector<double> values;
    };
    const std::vector<Node> &nodes() const { return m_nodes; }

private:
    std::size_t m_width;
    std::vector<Node> m_nodes; ///< aligned nodes in block order, not yet merged with a sibling
};

struct RunTotals {
    RunTotals() = default;
    RunTotals(const BinLayout &layout, int steps, int inputs, bool shares);

    int steps = 0;
    int inputs = 0;
    bool shares = false;
    std::uint64_t paths = 0;
    std::vector<std::uint64_t> counts; ///< BinLayout::totalBins
    TreeSum sums;                      ///< CPU: per (series, step), over blocks of BlockPaths paths
    std::vector<double> deviceSums;    ///< GPU: per (series, step), atomics (not bit-reproducible)
    ChunkTotals summaries;             ///< extremes, point masses, clamps, flags and shares

    /// Adds a finished chunk that started at path `first` (a multiple of BlockPaths).
    void add(const ChunkTotals &chunk, std::uint64_t first, std::uint64_t count);
};

inline constexpr std::uint64_t BlockPathsOfSums = 256; ///< = path_kernel.inl's BlockPaths

} // namespace jevons::detail
