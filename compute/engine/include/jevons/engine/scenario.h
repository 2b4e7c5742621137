#pragma once
// The scenario of docs/model.md: its parameters, their ranges and defaults, uncertain and correlated inputs
// (model version 2), and the JSON file format. Plain C++ (no Qt): shared by the engine, the command line
// and the dashboard.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jevons {

/// Index of every parameter of docs/model.md, in the order of its table.
enum class Param : int {
    HorizonYears,
    InstalledBase,        // S0, million H100e
    Shipments,            // G0, million H100e per month
    Utilization,          // u0
    TrainingShare,        // s_tr
    GpuHourPrice,         // P0, USD per H100e-hour
    TokenPrice,           // c0, USD per million tokens
    TokensPerMonth,       // Q0, tokens
    CapexPerH100e,        // K0, USD
    AdoptionGrowth,       // m_a, x/yr
    DemandVolatility,     // s_a
    PriceElasticity,      // eps
    ReasoningGrowth,      // m_r, x/yr
    TrainingGrowth,       // m_t, x/yr
    AlgorithmicGain,      // m_e, x/yr
    HardwareGain,         // m_h, x/yr
    BreakthroughRate,     // lam, events per year
    BreakthroughSize,     // J, x
    ShipmentGrowth,       // m_s, x/yr
    SupplyVolatility,     // s_s
    CapexResponse,        // psi
    RevenueResponse,      // gamma (version 2)
    GpuLifeYears,         // L, years
    DisruptionProb,       // p_d, per year
    DisruptionLoss,       // d_s
    DisruptionMonths,     // M, months (integer)
    PowerGw,              // E0, GW (version 2)
    PowerGrowth,          // m_E, x/yr (version 2)
    KwPerH100e,           // w0, kW (version 2)
    PowerEfficiency,      // m_w, x/yr (version 2)
    BacklogHalvingMonths, // b, months (version 2)
    MaxScarcityPremium,   // r_max, x
    ExportControl,        // kappa
    ExportControlAtStart, // kappa0 (version 2)
    RestrictedShare,      // chi
    RestrictedEfficiency, // rho
    Count
};
inline constexpr int ParamCount = static_cast<int>(Param::Count);

/// Scale of an uncertain input's 90 % interval (docs/model.md, "Uncertain inputs").
enum class IntervalScale { Linear, Log };

/// Static description of one parameter: where it sits in the file, its unit, default and slider range.
struct ParamInfo {
    Param id;
    const char *group;   ///< JSON object it lives in ("" = top level): initial, demand, efficiency, supply,
                         ///< power, market
    const char *key;     ///< JSON key, e.g. "price_elasticity"; unique across groups
    const char *symbol;  ///< symbol in docs/model.md, e.g. "eps"
    const char *label;   ///< short human label for the dashboard
    const char *unit;    ///< unit as shown to users
    double defaultValue; ///< the Base case value
    double minValue;     ///< lowest allowed value (inclusive)
    double maxValue;     ///< highest allowed value (inclusive)
    bool integer;        ///< only whole numbers allowed (disruption_months)
    bool logScale;       ///< range spans decades: sliders map logarithmically
    IntervalScale intervalScale; ///< the scale an interval on it usually takes (growth rates and quantities
                                 ///< that multiply: log; shares and ratios: linear)
    const char *help;            ///< one plain sentence for tooltips
    const char *origin;          ///< where the default comes from
};

/// The groups of the file, in file order.
inline constexpr std::array<const char *, 6> ParamGroups = {"initial", "demand", "efficiency",
                                                            "supply",  "power",  "market"};

/// All parameters, indexed by Param.
const std::array<ParamInfo, ParamCount> &paramTable();
const ParamInfo &paramInfo(Param p);
/// Looks a parameter up by its JSON key; nullptr if unknown.
const ParamInfo *findParam(std::string_view key);
/// "group.key" (or "key" at the top level), as error messages name a parameter.
std::string qualifiedKey(const ParamInfo &info);

/// A 90 % interval: the parameter's point value is its median, p5 and p95 its 5th and 95th percentiles.
struct Interval {
    double p5 = 0;
    double p95 = 0;
    IntervalScale scale = IntervalScale::Linear;
    bool operator==(const Interval &other) const = default;
};

/// A Spearman rank correlation between two uncertain inputs, in (-1, 1).
struct RankCorrelation {
    Param first = Param::HorizonYears;
    Param second = Param::HorizonYears;
    double rank = 0;
    bool operator==(const RankCorrelation &other) const = default;
};

/// How the scenario's numbers were produced, saved with it so that a reopened file reproduces them. Not
/// part of the economics: paths and seed change only the random draws.
struct RunRecord {
    std::uint64_t paths = 100'000;
    std::uint64_t seed = 42;
    bool operator==(const RunRecord &other) const = default;
};

/// One scenario: a name, a start month, a value per parameter (in the file's units), and the uncertain
/// inputs with their correlations.
struct Scenario {
    std::string name = "Base case";
    std::string notes;    ///< the user's notes (free text, saved in the file)
    int startYear = 2026; ///< month of step 0
    int startMonth = 4;   ///< 1..12
    std::array<double, ParamCount> values{};
    /// True while power_gw follows the start state (1.25 * S0 * w0 of the point values, docs/model.md):
    /// the file gave no power_gw and nobody set one. Setting the value through setValue() ends it.
    bool powerFollowsStart = true;
    std::array<std::optional<Interval>, ParamCount> intervals{}; ///< uncertain inputs
    std::vector<RankCorrelation> correlations;                   ///< pairs of uncertain inputs
    std::optional<RunRecord> run;                                ///< paths and seed, when saved with them

    Scenario(); ///< the Base case
    double operator[](Param p) const { return values[static_cast<int>(p)]; }
    double &operator[](Param p) { return values[static_cast<int>(p)]; }
    /// Sets a value; setting power_gw stops it from following the start state, and setting S0 or w0 moves
    /// power_gw with them while it follows.
    void setValue(Param p, double value);
    /// Sets the value of `p` as setValue() does and, when `p` is uncertain, carries its interval with the
    /// median (docs/model.md: the value is the median): the same ratio on a log scale, the same offset on a
    /// linear one, each end clamped to the parameter's range. A log interval whose median reaches 0 cannot
    /// keep its ratios and is carried as an offset on a linear scale.
    void setMedian(Param p, double value);
    /// Recomputes power_gw from S0 and w0 while it follows the start state.
    void updateDerivedDefaults();
    int steps() const; ///< T = round(12 * horizon_years)
    /// "YYYY-MM" label of step k.
    std::string monthLabel(int step) const;
    bool isUncertain(Param p) const { return intervals[static_cast<int>(p)].has_value(); }
    bool hasUncertainty() const;
    /// The uncertain inputs in parameter-table order.
    std::vector<Param> uncertainInputs() const;
    /// The same scenario with every input certain (its point values): the "without uncertainty" twin.
    Scenario withoutUncertainty() const;
    /// Makes `p` certain and drops the correlations that named it; returns how many were dropped.
    int removeInterval(Param p);
    /// The rank correlation of a pair (0 where none is given).
    double correlation(Param a, Param b) const;
    bool operator==(const Scenario &other) const = default;
};

/// Thrown for any invalid scenario; what() is one line naming the file, the key and what is allowed.
class ScenarioError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr std::size_t MaxScenarioFileBytes = 1 << 20; ///< 1 MiB: larger files are refused unread

/// Parses and validates scenario JSON. Missing keys take their defaults; unknown keys, wrong types,
/// out-of-range values, NaN/Inf, duplicate keys and malformed JSON throw ScenarioError.
/// `sourceName` is used in messages (usually the file path).
Scenario parseScenario(std::string_view json, const std::string &sourceName = "<scenario>");
/// Reads a file (at most MaxScenarioFileBytes) and parses it. Throws ScenarioError.
Scenario loadScenarioFile(const std::string &path);
/// Checks every value against its range, the intervals and correlations, and the start's power; throws
/// ScenarioError naming the first bad key.
void validateScenario(const Scenario &s, const std::string &sourceName = "<scenario>");
/// Serialises as the spec's scenario JSON (grouped, pretty printed). A power_gw that follows the start state
/// is left out, so that it still follows when read back; `fillDerivedDefaults` writes it too (results,
/// which list every key with its value).
std::string scenarioToJson(const Scenario &s, int indent = 2, bool fillDerivedDefaults = false);
/// Keys whose values differ from the Base case.
std::string describeDifferences(const Scenario &s);

/// Whether the rank correlations of the uncertain inputs are possible together.
struct CorrelationCheck {
    bool positiveDefinite = true;
    std::vector<Param> inputs; ///< when not: the inputs whose correlations conflict
    /// when not: a correlation that makes the matrix possible when set to 0 (the cell to mark), if one does
    std::optional<RankCorrelation> culprit;
    std::string message; ///< when not: one line naming the inputs
};
CorrelationCheck checkCorrelations(const Scenario &s);
/// The Gaussian copula's correlation of a rank correlation: 2 sin(pi rho_s / 6) (docs/model.md).
double copulaCorrelation(double rank);
/// Lower-triangular Cholesky factor (row-major, n x n) of the copula matrix of the uncertain inputs, in
/// uncertainInputs() order. Empty when the matrix is not positive definite.
std::vector<double> copulaCholesky(const Scenario &s);

/// The value of an uncertain input at standard normal score z: two-piece normal on the interval's scale,
/// clamped to the slider range, rounded (halves up) for integers (docs/model.md).
double intervalQuantileAtScore(const ParamInfo &info, double median, const Interval &interval, double z);
/// Locale-independent %g-style formatting (`precision` significant digits) for messages.
std::string formatNumber(double v, int precision = 6);

} // namespace jevons
