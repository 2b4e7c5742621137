// A run split into ranges of paths: the plan (pilot), chunks of paths on one backend, the exact merge of
// parts and their byte form. simulate() is one PartialRun over all paths.
#include "jevons/engine/partial.h"

#include "backends.h"
#include "pilot.h"
#include "run.h"
#include "run_totals.h"
#include "statistics.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace jevons {

namespace detail {

struct PartialState {
    Scenario scenario;
    SimulationSettings settings;
    ModelSetup setup;
    BackendCalls calls{};
    bool gpu = false;
    int threads = 1;
    BinLayout layout;
    RunTotals totals;
    double seconds = 0; ///< time spent planning and running here
};

namespace {

/// Appends and reads plain values and vectors of them; the two processes run the same binary.
class ByteWriter {
public:
    template <typename T> void value(const T &v)
    {
        const auto *p = reinterpret_cast<const char *>(&v);
        m_out.append(p, sizeof v);
    }
    template <typename T> void vector(const std::vector<T> &v)
    {
        value<std::uint64_t>(v.size());
        if (!v.empty()) {
            m_out.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
        }
    }
    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

class ByteReader {
public:
    explicit ByteReader(std::string_view in) : m_in(in) {}
    template <typename T> T value()
    {
        need(sizeof(T));
        T v;
        std::memcpy(&v, m_in.data() + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }
    template <typename T> std::vector<T> vector()
    {
        const auto n = value<std::uint64_t>();
        if (n > (m_in.size() - m_pos) / sizeof(T)) {
            throw std::invalid_argument("a partial run's bytes are truncated");
        }
        std::vector<T> v(static_cast<std::size_t>(n));
        if (!v.empty()) { // memcpy of an empty vector's null data() is undefined behaviour
            std::memcpy(v.data(), m_in.data() + m_pos, v.size() * sizeof(T));
        }
        m_pos += v.size() * sizeof(T);
        return v;
    }
    bool atEnd() const { return m_pos == m_in.size(); }

private:
    void need(std::size_t n) const
    {
        if (m_in.size() - m_pos < n) {
            throw std::invalid_argument("a partial run's bytes are truncated");
        }
    }
    std::string_view m_in;
    std::size_t m_pos = 0;
};

constexpr std::uint64_t Magic = 0x3176747261504a56ull; // "VJParts1"

/// Identifies a plan: parts merge only when their windows and masses are the same.
std::uint64_t fingerprint(const BinLayout &layout, std::uint64_t paths, std::uint64_t seed)
{
    std::uint64_t h = 1469598103934665603ull ^ paths ^ (seed * 1099511628211ull);
    auto mix = [&h](std::uint64_t v) { h = (h ^ v) * 1099511628211ull; };
    for (std::size_t i = 0; i < layout.firstKey.size(); ++i) {
        mix(layout.firstKey[i]);
        mix(layout.width[i]);
        mix(layout.massCount[i]);
    }
    for (float v : layout.massValue) {
        std::uint32_t bits;
        std::memcpy(&bits, &v, sizeof bits);
        mix(bits);
    }
    return h;
}

} // namespace
} // namespace detail

PartialRun::PartialRun(const Scenario &scenario, const SimulationSettings &settings)
    : m_state(std::make_unique<detail::PartialState>())
{
    const auto started = std::chrono::steady_clock::now();
    detail::checkRequest(scenario, settings);
    detail::PartialState &s = *m_state;
    s.scenario = scenario;
    s.settings = settings;
    s.threads = detail::threadsFor(settings);
    s.gpu = settings.backend == Backend::Cuda || (settings.backend == Backend::Auto && cudaAvailable());
    s.calls = s.gpu ? detail::cudaCalls() : detail::cpuCalls();
    s.setup = detail::buildModel(scenario, settings);
    s.layout = detail::planRun(s.setup, s.calls, settings.paths, s.threads, settings.findPointMasses);
    s.totals = detail::RunTotals(s.layout, s.setup.model.steps, s.setup.inputs.count,
                                 s.setup.model.sharesSeries >= 0);
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

PartialRun::~PartialRun() = default;
PartialRun::PartialRun(PartialRun &&) noexcept = default;
PartialRun &PartialRun::operator=(PartialRun &&) noexcept = default;

std::uint64_t PartialRun::pathsDone() const
{
    return m_state->totals.paths;
}

bool PartialRun::run(std::uint64_t first, std::uint64_t count, const ProgressFn &progress)
{
    using namespace detail;
    PartialState &s = *m_state;
    if (first % BlockPathsOfSums != 0 || first + count > s.settings.paths) {
        throw std::invalid_argument(
            "a part of a run starts at a multiple of 256 paths and ends by the run's last path");
    }
    const auto started = std::chrono::steady_clock::now();
    const int T = s.setup.model.steps;
    const std::size_t stepsPlus = static_cast<std::size_t>(T + 1);
    // Chunks bound memory and set how often progress (and cancellation) is checked.
    std::uint64_t chunk = s.settings.chunkPaths;
    if (chunk == 0) {
        chunk = s.gpu ? (std::uint64_t(1) << 24) : (std::uint64_t(1) << 17);
    }
    // Whole blocks of 256 paths (path_kernel.inl), so blocks, and with them the means, never depend on
    // where a chunk starts; below 2^31 so that a chunk's per-thread counts fit 32 bits.
    chunk = std::min<std::uint64_t>((chunk + 255) / 256 * 256, (std::uint64_t(1) << 31) - 256);
    std::uint64_t done = 0;
    ChunkTotals chunkTotals;
    chunkTotals.runCounts = s.totals.counts.data();
    if (progress) {
        // Polled between tiles too (CPU), so a superseded run stops within a millisecond or two, not at the
        // end of its chunk.
        chunkTotals.keepGoing = [&](std::uint64_t finished) { return progress(done + finished, count); };
    }
    bool complete = true;
    while (done < count) {
        const std::uint64_t n = std::min(chunk, count - done);
        chunkTotals.reset(OutputCount * stepsPlus, stepsPlus, s.setup.inputs.count, s.totals.shares);
        s.calls.runChunk(s.setup.model, s.setup.inputs, s.setup.steps, s.layout, first + done, n, s.threads,
                         chunkTotals);
        if (chunkTotals.stopped) {
            complete = false;
            break;
        }
        s.totals.add(chunkTotals, first + done, n);
        done += n;
        if (progress && !progress(done, count) && done < count) {
            complete = false;
            break;
        }
    }
    s.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return complete;
}

std::string PartialRun::serialize() const
{
    const detail::PartialState &s = *m_state;
    const detail::ChunkTotals &t = s.totals.summaries;
    detail::ByteWriter out;
    out.value(detail::Magic);
    out.value(detail::fingerprint(s.layout, s.settings.paths, s.settings.seed));
    out.value(s.totals.paths);
    out.vector(s.totals.counts);
    out.vector(s.totals.deviceSums);
    out.value<std::uint64_t>(s.totals.sums.nodes().size());
    for (const detail::TreeSum::Node &node : s.totals.sums.nodes()) {
        out.value(node.level);
        out.value(node.index);
        out.vector(node.values);
    }
    out.vector(t.mins);
    out.vector(t.maxs);
    out.vector(t.minCounts);
    out.vector(t.maxCounts);
    out.vector(t.massPaths);
    out.vector(t.massBelow);
    out.vector(t.clamped);
    out.vector(t.flags);
    out.vector(t.shareBinSums);
    out.vector(t.shareBinCounts);
    out.vector(t.shareSums);
    out.vector(t.shareSquaresLo);
    out.vector(t.shareSquaresHi);
    return out.take();
}

void PartialRun::merge(std::string_view serialized)
{
    detail::PartialState &s = *m_state;
    detail::ByteReader in(serialized);
    if (in.value<std::uint64_t>() != detail::Magic ||
        in.value<std::uint64_t>() != detail::fingerprint(s.layout, s.settings.paths, s.settings.seed)) {
        throw std::invalid_argument("a partial run comes from another scenario, settings or build");
    }
    const auto paths = in.value<std::uint64_t>();
    const std::vector<std::uint64_t> counts = in.vector<std::uint64_t>();
    const std::vector<double> deviceSums = in.vector<double>();
    if (counts.size() != s.totals.counts.size() || deviceSums.size() != s.totals.deviceSums.size()) {
        throw std::invalid_argument("a partial run's histograms do not match this plan");
    }
    const auto nodes = in.value<std::uint64_t>();
    std::vector<detail::TreeSum::Node> tree;
    for (std::uint64_t n = 0; n < nodes; ++n) {
        detail::TreeSum::Node node;
        node.level = in.value<int>();
        node.index = in.value<std::uint64_t>();
        node.values = in.vector<double>();
        if (node.values.size() != s.totals.sums.width()) {
            throw std::invalid_argument("a partial run's sums do not match this plan");
        }
        tree.push_back(std::move(node));
    }
    detail::ChunkTotals other;
    other.mins = in.vector<float>();
    other.maxs = in.vector<float>();
    other.minCounts = in.vector<std::uint64_t>();
    other.maxCounts = in.vector<std::uint64_t>();
    other.massPaths = in.vector<std::uint64_t>();
    other.massBelow = in.vector<std::uint64_t>();
    other.clamped = in.vector<std::uint64_t>();
    other.flags = in.vector<std::uint64_t>();
    other.shareBinSums = in.vector<std::int64_t>();
    other.shareBinCounts = in.vector<std::uint64_t>();
    other.shareSums = in.vector<std::int64_t>();
    other.shareSquaresLo = in.vector<std::uint64_t>();
    other.shareSquaresHi = in.vector<std::uint64_t>();
    const detail::ChunkTotals &mine = s.totals.summaries;
    if (!in.atEnd() || other.mins.size() != mine.mins.size() || other.flags.size() != mine.flags.size() ||
        other.massPaths.size() != mine.massPaths.size() ||
        other.shareBinSums.size() != mine.shareBinSums.size() ||
        other.shareSums.size() != mine.shareSums.size()) {
        throw std::invalid_argument("a partial run's totals do not match this plan");
    }
    // Only now, after everything that can throw.
    for (std::size_t i = 0; i < counts.size(); ++i) {
        s.totals.counts[i] += counts[i];
    }
    for (std::size_t i = 0; i < deviceSums.size(); ++i) {
        s.totals.deviceSums[i] += deviceSums[i];
    }
    for (const detail::TreeSum::Node &node : tree) {
        s.totals.sums.add(node.level, node.index, node.values.data());
    }
    s.totals.summaries.addSummaries(other);
    s.totals.paths += paths;
}

SimulationResult PartialRun::finish() const
{
    const detail::PartialState &s = *m_state;
    if (s.totals.paths != s.settings.paths) {
        throw std::logic_error("a run is finished once all of its paths have been added");
    }
    SimulationResult result;
    result.scenario = s.scenario;
    result.settings = s.settings;
    result.backendUsed = s.gpu ? Backend::Cuda : Backend::Cpu;
    result.backendLabel = s.gpu ? "cuda" : "cpu-omp";
    result.threadsUsed = s.gpu ? 1 : s.threads;
    result.steps = s.setup.model.steps;
    result.pathsDone = s.totals.paths;
    const auto started = std::chrono::steady_clock::now();
    detail::finishStatistics(s.setup, s.layout, s.totals, s.threads, result);
    result.elapsedSeconds =
        s.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return result;
}

} // namespace jevons
