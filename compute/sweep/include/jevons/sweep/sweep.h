#pragma once
// Sweeps over many scenarios (issue 17): the sweep file, its design (a grid of one to three parameters, or a
// Saltelli design over the scenario's uncertain inputs), one run per design point on the same random numbers,
// the recorded outputs and the result files. Plain C++ (no Qt) on jevons_engine.

#include "jevons/engine/engine.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jevons::sweep {

/// Thrown for any invalid sweep file or design; what() is one line naming the file and the key.
class SweepError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t MaxSweepFileBytes = 1 << 20; ///< like a scenario file: refused unread above
inline constexpr std::size_t MaxPoints = 1'000'000;       ///< a design larger than this is refused
inline constexpr std::size_t MaxOutputs = 64;

/// One recorded number per design point: a series statistic at a month, or a probability at a month.
struct OutputSpec {
    Series series = Series::DemandSupplyRatio;
    Stat stat = Stat::P50;
    std::optional<Probability> probability; ///< set: this probability instead of a series statistic
    int month = 0;                          ///< step index, 0 = start .. T
    /// "demand_supply_ratio.p50@60" or "shortage_probability@60": a column name for CSV and indices.
    std::string key() const;
};

enum class Spacing { Linear, Log };

/// One axis of a grid. Its values run from `from` to `to` in `steps` values (both ends included).
struct GridAxis {
    Param param = Param::PriceElasticity;
    double from = 0, to = 0;
    int steps = 1;
    Spacing spacing = Spacing::Linear;
    /// The axis values: exact at both ends; integer parameters are rounded (halves up).
    std::vector<double> values() const;
};

struct SobolSpec {
    std::uint64_t baseSamples = 0; ///< N: the design has N * (J + 2) points for J uncertain inputs
    int bootstrap = 1000;          ///< resamples for the 90 % intervals
};

struct SweepSpec {
    std::string sourceName;     ///< the sweep file, for messages
    Scenario scenario;          ///< as read (inline or from its file), uncertain inputs included
    std::string scenarioSource; ///< the scenario file as named in the sweep file; empty when inline
    std::uint64_t paths = 20'000;
    std::uint64_t seed = 42;
    std::vector<OutputSpec> outputs;
    std::vector<GridAxis> grid;     ///< one to three axes, or empty with `sobol` set
    std::optional<SobolSpec> sobol; ///< a Saltelli design instead of a grid
};

/// Parses and validates a sweep file's text. A scenario named by path is read relative to `baseDir` (the
/// sweep file's folder; empty: the working directory). Throws SweepError (a bad scenario included).
SweepSpec parseSweep(std::string_view json, const std::string &sourceName = "<sweep>",
                     const std::string &baseDir = {});
/// Reads a file (at most MaxSweepFileBytes) and parses it. Throws SweepError.
SweepSpec loadSweepFile(const std::string &path);

/// The design: one row of parameter values per point, in design order.
/// Grid: row-major over the axes in file order (the last axis varies fastest).
/// Sobol: for each base sample k, the rows A_k, AB_k^1 .. AB_k^J, B_k (A with input j taken from B).
struct Design {
    std::vector<Param> parameters;           ///< the columns
    std::vector<std::vector<double>> points; ///< points[i][column]
    std::size_t size() const { return points.size(); }
};
/// Builds the design; throws SweepError naming the key when a point breaks a rule of the scenario.
Design buildDesign(const SweepSpec &spec);

/// The scenario of design point `i`: the sweep's scenario with the point's values set (a swept uncertain
/// input becomes certain at that value; in a Sobol design every uncertain input is).
Scenario pointScenario(const SweepSpec &spec, const Design &design, std::size_t i);
/// The settings every point runs with: the sweep's paths and seed (one seed for all points).
SimulationSettings pointSettings(const SweepSpec &spec, Backend backend = Backend::Auto, int threads = 0);
/// The recorded outputs of one run, in spec.outputs order.
std::vector<double> recordOutputs(const SweepSpec &spec, const SimulationResult &result);
/// Runs point `i` (simulate() with pointScenario and `settings`) and records its outputs.
std::vector<double> runPoint(const SweepSpec &spec, const Design &design, std::size_t i,
                             const SimulationSettings &settings);

/// First- and total-order indices of one output for one input, each with a bootstrap 90 % interval.
struct SobolIndex {
    Param input = Param::PriceElasticity;
    double first = 0, firstLow = 0, firstHigh = 0;
    double total = 0, totalLow = 0, totalHigh = 0;
};
/// Jansen's estimators from a Sobol design's results (results[point][output]): [output][input]. Where the
/// output does not vary (variance 0) every index is 0.
std::vector<std::vector<SobolIndex>> sobolIndices(const SweepSpec &spec, const Design &design,
                                                  const std::vector<std::vector<double>> &results);

/// The lower-level estimator: f(A_k), f(B_k) and f(AB_k^j) for k < N (fAB[j][k]); `resampleSeed` drives
/// the bootstrap. Returns one entry per input (input fields left at their default).
std::vector<SobolIndex> jansenIndices(const std::vector<double> &fA, const std::vector<double> &fB,
                                      const std::vector<std::vector<double>> &fAB, int bootstrap,
                                      std::uint64_t resampleSeed);

/// The result file: every point with its values and outputs, in design order (numbers read back exactly),
/// plus the indices for a Sobol design. results[point][output].
std::string resultsToJson(const SweepSpec &spec, const Design &design,
                          const std::vector<std::vector<double>> &results);
/// CSV: a header, one row per point; for a Sobol design then a block of indices.
std::string resultsToCsv(const SweepSpec &spec, const Design &design,
                         const std::vector<std::vector<double>> &results);

/// A hash of everything that decides the results (scenario, paths, seed, outputs, design): a journal
/// belongs to the sweep with the same fingerprint.
std::uint64_t fingerprint(const SweepSpec &spec);

/// Shortest text that reads back as exactly `v` (std::to_chars; the C locale whatever the process's).
std::string formatExact(double v);

} // namespace jevons::sweep
