#pragma once
// The start state of a backtest: the Base case's calibration (docs/model.md, "Provenance of the Base case")
// redone from the dataset rows known as of a past month, and nothing later (docs/model.md, "Backtest").
// Every other parameter comes from the scenario. Plain C++ (no Qt).

#include "jevons/backtest/dating.h"
#include "jevons/engine/scenario.h"

#include <stdexcept>
#include <string>
#include <vector>

namespace jevons::backtest {

/// Constants of the calibration and the mappings: ratios the Base case's judgement sets at its start
/// (2026-04), kept fixed so that no row dated after an as-of month can reach a result through them.
struct BaseCaseRatios {
    /// NVIDIA's share of the installed H100e: 14.5 M (compute_estimates.csv › cumulative_shipments, NVIDIA
    /// AI GPUs, 2026-Q1, H100e) over the Base case's S0 of 20 M.
    static constexpr double nvidiaShareOfInstalled = 14.5 / 20.0;
    /// m_s over the last year-on-year growth of NVIDIA's H100e shipments: 1.8 over 8.92 / 3.33 (Epoch AI's
    /// 2025 and 2024 totals, accelerator_shipments.csv); the Base case sets m_s below that trend because
    /// packaging (TSMC's CoWoS plan, 1.6x for 2026) binds.
    static constexpr double shipmentGrowthPerTrend = 1.8 * 3.33 / 8.92;
    /// The frontier list price (geometric mean over providers of their flagships, blended 3:1) over the
    /// volume-weighted token price: 3.727 USD at 2026-04 from api_prices.csv against the Base case's c0 of
    /// 1.00.
    static constexpr double frontierPremium = 3.727;
    /// The chip's share of all-in capex per H100e (the Base case's K0 reasoning: "the chip is roughly half").
    static constexpr double chipShareOfCapex = 0.5;
    /// Dense BF16 TFLOP/s of one H100e (docs/model.md, Units).
    static constexpr double h100Tflops = 989.0;
};

/// One input set from the dataset as of the month.
struct CalibratedInput {
    Param param = Param::InstalledBase;
    double value = 0;         ///< in the scenario file's unit
    double scenarioValue = 0; ///< what the scenario had
    std::string rule;         ///< the arithmetic, in one sentence with its figures
    std::vector<RowRef> rows; ///< every row the value rests on
};

/// An input the calibration could set but took from the scenario, and why.
struct ScenarioInput {
    Param param = Param::InstalledBase;
    double value = 0;
    std::string reason;
};

/// Why an as-of month is refused (bad input: the command line exits 2). what() is one line that says
/// which months are allowed.
class AsOfError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The months from which the dataset allows a backtest to start, under a dating.
struct AllowedMonths {
    bool any = false;
    MonthIndex first = 0; ///< the first month whose required rows are all known
    MonthIndex last = 0;  ///< the month of the last observation a backtest can score
    std::string needs;    ///< what the first month needs, in words
    /// "2024-01 to 2026-04" (or "none (...)").
    std::string describe() const;
};
AllowedMonths allowedMonths(const data::Dataset &dataset, RowDating dating);
/// Parses an as-of month and checks it against allowedMonths(); throws AsOfError naming the allowed months.
MonthIndex checkAsOf(const data::Dataset &dataset, RowDating dating, std::string_view text);

struct Calibration {
    MonthIndex asOf = 0;
    RowDating dating = RowDating::Described;
    Scenario scenario;                   ///< ready to run: start month = asOf, calibrated values set
    std::vector<CalibratedInput> inputs; ///< in parameter-table order
    std::vector<ScenarioInput>
        fromScenario;                 ///< inputs with a calibration rule that took the scenario's value
    std::vector<std::string> notes;   ///< e.g. intervals rescaled or dropped
    double nvidiaCumulativeH100e = 0; ///< C(as-of): NVIDIA's cumulative H100e at the start of asOf
    const CalibratedInput *find(Param p) const;
};

/// Calibrates `base` as of `asOf` from the rows known by then (no look-ahead). Throws AsOfError when a row
/// the start state needs is not known by then, ScenarioError when the calibrated scenario breaks a rule of
/// the spec (e.g. its start draws more power than the scenario's power_gw).
Calibration calibrate(const data::Dataset &dataset, const Scenario &base, MonthIndex asOf,
                      RowDating dating = RowDating::Described);

/// NVIDIA's cumulative H100e since its first yearly total, at the start of `month`, from the rows known by
/// `knownBy` (the last cumulative point at or before the month, then shipments at the calibrated rate);
/// NaN when the rows do not allow it. The calibration's S0 is this over
/// BaseCaseRatios::nvidiaShareOfInstalled.
double nvidiaCumulativeAt(const data::Dataset &dataset, MonthIndex month, MonthIndex knownBy,
                          RowDating dating);

} // namespace jevons::backtest
