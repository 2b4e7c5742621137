// What a run adds up to: the per-chunk totals, their tree-ordered sums and the run's totals.
#include "run_totals.h"

#include <limits>

namespace jevons::detail {

void ChunkTotals::reset(std::size_t seriesSteps, std::size_t steps, int inputs, bool shares)
{
    stopped = false;
    massPaths.assign(seriesSteps * MassCandidates, 0u);
    massBelow.assign(seriesSteps * MassCandidates, 0u);
    sums.assign(seriesSteps, 0.0);
    blockSums.clear();
    mins.assign(seriesSteps, std::numeric_limits<float>::max());
    maxs.assign(seriesSteps, 0.0f);
    minCounts.assign(seriesSteps, 0u);
    maxCounts.assign(seriesSteps, 0u);
    clamped.assign(seriesSteps, 0u);
    flags.assign(static_cast<std::size_t>(FlagCount) * steps, 0u);
    const auto J = static_cast<std::size_t>(shares ? inputs : 0);
    shareBinSums.assign(steps * J * ShareBins, 0);
    shareBinCounts.assign(J * ShareBins, 0u);
    shareSums.assign(shares ? steps : 0, 0);
    shareSquaresLo.assign(shares ? steps : 0, 0u);
    shareSquaresHi.assign(shares ? steps : 0, 0u);
}

void ChunkTotals::addSummaries(const ChunkTotals &other)
{
    for (std::size_t i = 0; i < mins.size(); ++i) {
        mergeExtreme(true, mins[i], minCounts[i], other.mins[i], other.minCounts[i]);
        mergeExtreme(false, maxs[i], maxCounts[i], other.maxs[i], other.maxCounts[i]);
        clamped[i] += other.clamped[i];
    }
    for (std::size_t i = 0; i < massPaths.size(); ++i) {
        massPaths[i] += other.massPaths[i];
        massBelow[i] += other.massBelow[i];
    }
    for (std::size_t i = 0; i < flags.size(); ++i) {
        flags[i] += other.flags[i];
    }
    for (std::size_t i = 0; i < shareBinSums.size(); ++i) {
        shareBinSums[i] += other.shareBinSums[i];
    }
    for (std::size_t i = 0; i < shareBinCounts.size(); ++i) {
        shareBinCounts[i] += other.shareBinCounts[i];
    }
    for (std::size_t k = 0; k < shareSums.size(); ++k) {
        shareSums[k] += other.shareSums[k];
        shareSquaresLo[k] += other.shareSquaresLo[k];
        shareSquaresHi[k] +=
            other.shareSquaresHi[k] + (shareSquaresLo[k] < other.shareSquaresLo[k] ? 1u : 0u);
    }
}

void TreeSum::add(int level, std::uint64_t index, const double *values)
{
    m_nodes.push_back({level, index, std::vector<double>(values, values + m_width)});
    // Merge with the left sibling while it is there: (l, 2q) and (l, 2q + 1) make (l + 1, q).
    while (m_nodes.size() >= 2) {
        Node &right = m_nodes[m_nodes.size() - 1];
        Node &left = m_nodes[m_nodes.size() - 2];
        if (left.level != right.level || left.index % 2 != 0 || right.index != left.index + 1) {
            break;
        }
        for (std::size_t i = 0; i < m_width; ++i) {
            left.values[i] += right.values[i];
        }
        left.index /= 2;
        ++left.level;
        m_nodes.pop_back();
    }
}

std::vector<double> TreeSum::total() const
{
    // What is left are complete subtrees of falling size, left to right; in the padded tree each is the left
    // child of a node whose right part holds the rest, so the fold runs from the right.
    std::vector<double> total(m_width, 0.0);
    if (m_nodes.empty()) {
        return total;
    }
    total = m_nodes.back().values;
    for (std::size_t n = m_nodes.size() - 1; n-- > 0;) {
        for (std::size_t i = 0; i < m_width; ++i) {
            total[i] = m_nodes[n].values[i] + total[i];
        }
    }
    return total;
}

RunTotals::RunTotals(const BinLayout &layout, int steps_, int inputs_, bool shares_)
    : steps(steps_), inputs(inputs_), shares(shares_),
      sums(static_cast<std::size_t>(OutputCount * (steps_ + 1)))
{
    const std::size_t stepsPlus = static_cast<std::size_t>(steps + 1);
    counts.assign(layout.totalBins, 0);
    deviceSums.assign(OutputCount * stepsPlus, 0.0);
    summaries.reset(OutputCount * stepsPlus, stepsPlus, inputs, shares);
}

void RunTotals::add(const ChunkTotals &chunk, std::uint64_t first, std::uint64_t count)
{
    const std::size_t width = sums.width();
    const std::uint64_t firstBlock = first / BlockPathsOfSums;
    for (std::size_t b = 0; b * width < chunk.blockSums.size(); ++b) {
        sums.add(0, firstBlock + b, chunk.blockSums.data() + b * width);
    }
    for (std::size_t i = 0; i < width && !chunk.sums.empty(); ++i) {
        deviceSums[i] += chunk.sums[i];
    }
    summaries.addSummaries(chunk);
    paths += count;
}

} // namespace jevons::detail
