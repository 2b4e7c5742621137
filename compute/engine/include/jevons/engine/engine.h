#pragma once
// The Monte Carlo engine of docs/model.md. Plain C++: no Qt, Thrust or CUDA type appears here.

#include "jevons/engine/scenario.h"

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace jevons {

namespace detail {
struct DistributionStore;
}

/// Output series of docs/model.md, in the order of its table.
enum class Series : int {
    Demand,              // demand_h100e, H100e
    Supply,              // supply_h100e, H100e
    Utilization,         // utilization, ratio
    DemandSupplyRatio,   // demand_supply_ratio, ratio
    GpuHourPrice,        // gpu_hour_price_usd, USD per H100e-hour
    TokenPrice,          // token_price_usd_per_mtok, USD per million tokens
    TokensServed,        // tokens_served_per_month, tokens
    AiRevenue,           // ai_revenue_usd_per_month, USD
    Capex,               // capex_usd_per_month, USD
    CumulativeCapex,     // cumulative_capex_usd, USD
    Unpowered,           // unpowered_h100e, H100e (version 2)
    PowerDraw,           // power_draw_gw, GW (version 2)
    Depreciation,        // depreciation_usd_per_month, USD (version 2)
    ComputeRevenue,      // compute_revenue_usd_per_month, USD (version 2)
    CumulativeAiRevenue, // cumulative_ai_revenue_usd, USD (version 2)
    Count
};
inline constexpr int SeriesCount = static_cast<int>(Series::Count);

struct SeriesInfo {
    Series id;
    const char *key;   ///< JSON key, e.g. "demand_h100e"
    const char *label; ///< human label, e.g. "Demand"
    const char *unit;  ///< e.g. "H100e", "USD per million tokens"
};
const std::array<SeriesInfo, SeriesCount> &seriesTable();
const SeriesInfo &seriesInfo(Series s);
const SeriesInfo *findSeries(const std::string &key);

/// The per-step probabilities of docs/model.md, each a share of paths.
enum class Probability : int {
    Shortage,           // shortage_probability: D_k > S_k
    PowerConstrained,   // power_constrained_probability: phi_k < 1
    RevenueCoversCapex, // revenue_covers_capex_probability: CR_k >= C_k, k >= 1
    Count
};
inline constexpr int ProbabilityCount = static_cast<int>(Probability::Count);
struct ProbabilityInfo {
    Probability id;
    const char *key;   ///< JSON key, e.g. "shortage_probability"
    const char *label; ///< human label, e.g. "Shortage probability"
};
const std::array<ProbabilityInfo, ProbabilityCount> &probabilityTable();
const ProbabilityInfo *findProbability(const std::string &key);

/// Statistics reported per series and step.
enum class Stat : int { P5, P10, P25, P50, P75, P90, P95, Mean, Count };
inline constexpr int StatCount = static_cast<int>(Stat::Count);
const char *statKey(Stat s); ///< "p5" .. "p95", "mean"
bool parseStat(const std::string &key, Stat &out);
/// Quantile level of a percentile statistic (0.05 for P5); -1 for Mean.
double statLevel(Stat s);

enum class Backend { Auto, Cpu, Cuda };
const char *backendName(Backend b); ///< "auto", "cpu", "cuda"
bool parseBackend(const std::string &name, Backend &out);

/// True when the binary holds the CUDA backend (built with nvcc).
bool cudaCompiled();
/// True when the CUDA backend is compiled in and a usable device is present at run time.
bool cudaAvailable();
/// One line describing the device in use for CUDA ("NVIDIA H200, 132 SMs"), or why there is none.
std::string cudaDeviceDescription();
/// The CPU kernel picked for this processor: "avx512", "avx2" or "generic".
const char *cpuKernelLevel();

/// How a run is carried out. None of these change the economics; seed and paths change the draws.
struct SimulationSettings {
    std::uint64_t paths = 100'000;   ///< Monte Carlo paths, 1 .. 10'000'000'000
    std::uint64_t seed = 42;         ///< Philox key
    Backend backend = Backend::Auto; ///< Auto: CUDA when available, else CPU
    int threads = 0;                 ///< CPU threads; 0 = all cores
    std::uint64_t chunkPaths = 0;    ///< paths per chunk (bounds memory on the GPU); 0 = automatic
    int histogramBins = 100;         ///< bins of the final-step histograms (>= 64)
    /// The series whose variance shares the run estimates (docs/model.md, "Variance shares"); none when
    /// empty or when the scenario has no uncertain inputs. Costs about one histogram's work per input.
    std::optional<Series> sharesSeries;
    /// Search the pilot for point masses inside the distributions and count them exactly (docs/model.md,
    /// "How this engine reads the contract"). Off for quick previews: a percentile on such a mass is then
    /// within its 0.39 % bin of the value (masses at the extremes stay exact), and the run saves ~5 ms.
    bool findPointMasses = true;
};

/// Histogram of one series at one step: `counts[i]` paths with value in [edges[i], edges[i+1]).
/// Values below edges.front() / above edges.back() are counted in underflow / overflow.
struct Histogram {
    std::vector<double> edges;
    std::vector<std::uint64_t> counts;
    std::uint64_t underflow = 0;
    std::uint64_t overflow = 0;
};

/// Distribution of one series over time: stats[stat][step].
struct SeriesStats {
    std::array<std::vector<double>, StatCount> stats;
    const std::vector<double> &operator[](Stat s) const { return stats[static_cast<int>(s)]; }
    std::vector<double> &operator[](Stat s) { return stats[static_cast<int>(s)]; }
};

/// First-order variance shares of one series (docs/model.md, "Variance shares"): how much of its spread
/// each uncertain input explains, at every step.
struct VarianceShares {
    Series series = Series::DemandSupplyRatio;
    std::vector<Param> inputs;               ///< the uncertain inputs, in parameter-table order
    std::vector<std::vector<double>> shares; ///< shares[input][step], 0 at step 0
    /// 1 - the sum of the shares at each step: process noise and interactions (negative where correlated
    /// inputs' shares overlap and sum above 1).
    std::vector<double> unexplained;
    bool correlated = false; ///< some inputs are correlated: shares overlap and may sum above 1
};

struct SimulationResult {
    Scenario scenario;
    SimulationSettings settings;        ///< as requested
    Backend backendUsed = Backend::Cpu; ///< Cpu or Cuda
    std::string backendLabel;           ///< "cpu-omp" or "cuda"
    std::string notice;                 ///< e.g. why CUDA fell back to the CPU; empty if none
    int threadsUsed = 1;
    int steps = 0; ///< T; every vector below has T + 1 entries
    std::uint64_t pathsDone = 0;
    bool cancelled = false; ///< true: the run was stopped; statistics are not filled
    double elapsedSeconds = 0;
    std::array<SeriesStats, SeriesCount> series;
    std::array<std::vector<double>, ProbabilityCount> probabilities; ///< [probability][step]
    std::vector<double> shortageProbability;                         ///< = probabilities[Shortage]
    std::array<Histogram, SeriesCount> finalHistograms;              ///< at step T
    std::optional<VarianceShares>
        varianceShares; ///< when settings.sharesSeries asked and inputs are uncertain

    /// Distribution of one series at any step, with `bins` bins between its p0.5 and p99.5.
    /// Kept from the run, so the dashboard can show any month without re-running.
    Histogram histogramAt(Series s, int step, int bins = 100) const;
    /// The same with bins at the given edges (ascending, at least two): two results on one set of bins.
    Histogram histogramWithEdges(Series s, int step, const std::vector<double> &edges) const;
    /// Any quantile (level in [0, 1]) of a series at a step, read like the reported percentiles.
    double quantileAt(Series s, int step, double level) const;
    /// The share of paths whose value at `step` lies below `value` (ties count half), from the run's fine
    /// histograms: the probability integral transform of an observation (docs/model.md, "Backtest").
    double shareBelow(Series s, int step, double value) const;
    /// True when the run kept its distributions (a finished run; a cancelled one has none).
    bool hasDistributions() const { return distributions != nullptr; }

    const SeriesStats &operator[](Series s) const { return series[static_cast<int>(s)]; }
    double value(Series s, Stat st, int step) const { return series[int(s)][st][step]; }
    const std::vector<double> &probability(Probability p) const { return probabilities[int(p)]; }

    /// The distributions behind every statistic (fine log-spaced histograms per series and step). Opaque
    /// outside the engine: read them through the functions above. Shared, so copying a result stays cheap.
    std::shared_ptr<const detail::DistributionStore> distributions;
};

/// Called on the calling thread as paths complete: (paths done, total), rising to total. The CPU backend
/// calls it between tiles of about 2000 paths (every millisecond or two), the GPU between chunks. Return
/// false to cancel: the run stops within a tile and comes back with `cancelled` set.
using ProgressFn = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// Runs the model of docs/model.md. Memory is bounded by the histograms, not by the path count.
/// Runs on the calling thread (and its OpenMP/CUDA workers), which also calls `progress`.
/// Throws ScenarioError for an invalid scenario, std::invalid_argument for bad settings and
/// std::runtime_error when the backend fails (a CUDA failure under Backend::Auto falls back to the
/// CPU and says so in `notice` instead).
SimulationResult simulate(const Scenario &scenario, const SimulationSettings &settings,
                          const ProgressFn &progress = {});

/// Every output of the first `count` paths (the same paths simulate() draws with these settings), for
/// tests and exact-percentile checks: values[(path * SeriesCount + series) * (T + 1) + step], steps 0..T.
/// Memory grows with `count` (at most 10 million paths). Throws like simulate().
std::vector<float> simulatePathValues(const Scenario &scenario, const SimulationSettings &settings,
                                      std::uint64_t count);
/// The uncertain inputs' values that the first `count` paths draw (clamped and rounded, as the paths use
/// them) and their correlated normal scores: values[path * J + j] and scores[path * J + j] for the J inputs
/// of scenario.uncertainInputs(). For scatter previews and the tests of the draws.
struct InputDraws {
    std::vector<Param> inputs;
    std::vector<float> values;
    std::vector<float> scores;
};
InputDraws drawInputs(const Scenario &scenario, const SimulationSettings &settings, std::uint64_t count);

/// One bar of a tornado chart.
struct SensitivityEntry {
    Param param;
    double lowValue = 0, highValue = 0; ///< parameter values tried
    double outputAtLow = 0, outputAtHigh = 0;
    bool fromInterval = false; ///< low and high are the input's p5 and p95 (else the relative range)
    std::string note;     ///< why a value was not tried (it broke a rule of the scenario), if one was not
    double swing() const; ///< |outputAtHigh - outputAtLow|
};
struct SensitivityResult {
    Series series = Series::DemandSupplyRatio;
    Stat stat = Stat::P50;
    /// When set, the output is this probability at `step` instead of a series statistic.
    std::optional<Probability> probability;
    int step = 0;
    double baseOutput = 0;
    double relativeRange = 0.25;
    /// sorted by swing, largest first; parameters without effect are listed too, with a swing of 0
    std::vector<SensitivityEntry> entries;
    bool cancelled = false;
};
struct SensitivityRequest {
    Series series = Series::DemandSupplyRatio;
    Stat stat = Stat::P50;
    std::optional<Probability> probability; ///< see SensitivityResult::probability
    int step = -1;                          ///< -1 = the horizon
    double relativeRange = 0.25;            ///< low/high = value * (1 -/+ range), clamped to the slider range
};
/// Runs each parameter (but the horizon) at a low and a high value on the same random numbers: an
/// uncertain input at its p5 and p95 (made certain there), any other at value * (1 -/+ relativeRange).
SensitivityResult sensitivity(const Scenario &scenario, const SimulationSettings &settings,
                              const SensitivityRequest &request, const ProgressFn &progress = {});

/// The spec's JSON output (plus "histograms"); the CSV form: one row per month and series (the
/// probabilities in columns), then a block of variance shares when the result has them.
std::string resultToJson(const SimulationResult &r);
std::string resultToCsv(const SimulationResult &r);

/// Version of the engine and app ("0.1.0").
const char *versionString();

} // namespace jevons
