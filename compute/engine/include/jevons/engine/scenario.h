#pragma once
// The scenario of docs/model.md: its parameters, their ranges and defaults, and the JSON file format.
// Plain C++ (no Qt): shared by the engine, the command line and the dashboard.

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

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
    GpuLifeYears,         // L, years
    DisruptionProb,       // p_d, per year
    DisruptionLoss,       // d_s
    DisruptionMonths,     // M, months (integer)
    MaxScarcityPremium,   // r_max, x
    ExportControl,        // kappa
    RestrictedShare,      // chi
    RestrictedEfficiency, // rho
    Count
};
inline constexpr int ParamCount = static_cast<int>(Param::Count);

/// Static description of one parameter: where it sits in the file, its unit, default and slider range.
struct ParamInfo {
    Param id;
    const char
        *group; ///< JSON object it lives in ("" = top level): initial, demand, efficiency, supply, market
    const char *key;     ///< JSON key, e.g. "price_elasticity"
    const char *symbol;  ///< symbol in docs/model.md, e.g. "eps"
    const char *label;   ///< short human label for the dashboard
    const char *unit;    ///< unit as shown to users
    double defaultValue; ///< the Base case value
    double minValue;     ///< lowest allowed value (inclusive)
    double maxValue;     ///< highest allowed value (inclusive)
    bool integer;        ///< only whole numbers allowed (disruption_months)
    bool logScale;       ///< range spans decades: sliders map logarithmically
    const char *help;    ///< one plain sentence for tooltips
    const char *origin;  ///< where the default comes from
};

/// All parameters, indexed by Param.
const std::array<ParamInfo, ParamCount> &paramTable();
const ParamInfo &paramInfo(Param p);
/// Looks a parameter up by its JSON key; nullptr if unknown.
const ParamInfo *findParam(std::string_view key);

/// One scenario: a name, a start month and a value per parameter (in the file's units).
struct Scenario {
    std::string name = "Base case";
    int startYear = 2026; ///< month of step 0
    int startMonth = 4;   ///< 1..12
    std::array<double, ParamCount> values{};

    Scenario(); ///< the Base case
    double operator[](Param p) const { return values[static_cast<int>(p)]; }
    double &operator[](Param p) { return values[static_cast<int>(p)]; }
    int steps() const; ///< T = round(12 * horizon_years)
    /// "YYYY-MM" label of step k.
    std::string monthLabel(int step) const;
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
/// Checks every value against its range; throws ScenarioError naming the first bad key.
void validateScenario(const Scenario &s, const std::string &sourceName = "<scenario>");
/// Serialises as the spec's scenario JSON (grouped, all keys, pretty printed).
std::string scenarioToJson(const Scenario &s, int indent = 2);
/// Keys whose values differ from the Base case.
std::string describeDifferences(const Scenario &s);

} // namespace jevons
