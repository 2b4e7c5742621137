#pragma once
// What the history charts draw, chosen from the dataset without Qt Charts: rows in; cells with their
// provenance, the series they stack into, the caption and the CSV rows out. A chart only draws a selection
// (colours, axes, labels), and tests compare a selection with sums of the dataset's rows. Decisions (is a
// series user-supplied, which colour) are read from the fields, never from the display names.

#include "jevons/dataset/dataset.h"
#include "jevons/market/history_data.h"
#include "jevons/market/provenance.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace jevons::ui {

/// One drawn value: a bar segment.
struct SelectedCell {
    int category = 0;       ///< index into BarSelection::categories
    int key = 0;            ///< what it belongs to (vendor, company, group): the colour index
    int style = 0;          ///< the chart's kind of segment (BarSelection::Style)
    bool user = false;      ///< drawn from a user-supplied row
    double value = 0;       ///< in BarSelection::unit
    RangedValue range;      ///< a value from one row: its stated range or bound (shipments)
    bool secondary = false; ///< its row's confidence says secondary (isSecondarySource)
    Provenance provenance;
    std::vector<const data::Row *> rows; ///< the rows behind it (for the sources view)
};

/// One bar set: a key and a style, with per category the index of its cell in BarSelection::cells (-1: none).
struct SelectedSeries {
    QString name; ///< legend and CSV header (display text only)
    int key = 0;
    int style = 0;
    bool user = false;
    std::vector<int> cells;
};

/// A bar chart's selection: stacked (shipments, capex) or grouped (AI investment).
struct BarSelection {
    enum Style { Actual = 0, User = 1, Guidance = 2 };
    QString unit;                       ///< of the values, e.g. "accelerators", "USD per year"
    QStringList categories;             ///< x categories ("2024", "2025 Q1")
    QStringList keys;                   ///< names of the keys, by key index
    std::vector<SelectedCell> cells;    ///< in the order they are plotted (tooltip indices)
    std::vector<SelectedSeries> series; ///< in drawing (stacking) order
    std::vector<double> categoryTotals; ///< sum of the cells per category
    QString caption;
    /// Drawn cells from secondary sources (capex), and the plain words that say so under the chart
    /// ("" when none is).
    int secondaryCells = 0;
    QString secondaryNote;
    QStringList csvHeader;
    /// Per category: its label and a value per series in the CSV's unit (NaN: empty cell).
    std::vector<std::pair<QString, std::vector<double>>> csvRows;
    /// Text columns after the values (capex: each series' confidence), per category as csvRows.
    QStringList csvTextHeader;
    std::vector<QStringList> csvTextRows;
};

/// Whether a row's `confidence` cell marks its figure as secondary: a news or aggregator report of the
/// company's filing or call ("secondary", "secondary (Epoch compilation)"), not the filing or call itself.
/// Read from the column's first word, never from display text.
bool isSecondarySource(const QString &confidence);

/// The "all …" product of a vendor: its total, not a product to add.
bool isTotalProduct(const QString &product);

/// Estimators with yearly, all-buyer shipment rows, in first-appearance order.
QStringList shipmentEstimators(const data::Table &shipments);
/// Shipments per calendar year by vendor as `estimator` states them (all buyers, yearly rows): a vendor's
/// total where given (its products listed in the tooltip), else the sum of its products. Units, or
/// H100-equivalents (`h100e`). Keys are the vendors, largest total first (the bottom of the stack); each
/// vendor's actual segment, then its user-supplied one. CSV values in the unit.
BarSelection selectShipments(const data::Table &shipments, const QString &estimator, bool h100e);

/// Capex per calendar year (capexByYear) or quarter (capexByQuarter), stacked by company in the styles
/// actual, user-supplied, guidance. Values in USD; CSV values in USD billions, then each series' confidence
/// column. A cell whose row is secondary (isSecondarySource) says "Secondary source: …" in its tooltip, and
/// the caption and secondaryNote say how many drawn figures are secondary.
BarSelection selectCapex(const data::Table &annual, const data::Table &quarterly, bool byYear);

/// Private AI investment (metric private_ai) per year in four groups (United States, China, Europe,
/// United Kingdom), each matching region names in order of preference (a user-supplied row wins a tie);
/// Europe falls back to the sum of four countries the dataset has. Values in USD; CSV in USD billions.
BarSelection selectAiInvestment(const data::Table &investment);

/// One funding round with an amount.
struct SelectedRound {
    double x = 0;      ///< date, in ms since the epoch
    double amount = 0; ///< in millions of `currency`
    QString currency;  ///< upper case
    QString lab;
    int labIndex = 0;
    bool user = false;
    Provenance provenance;
    const data::Row *row = nullptr;
};
struct RoundsSelection {
    QStringList labs; ///< first-appearance order (the y axis)
    std::vector<SelectedRound> rounds;
    double maxAmount = 0, minX = 0, maxX = 0;
    int skipped = 0; ///< rows without an amount
    QString caption;
    /// The CSV has a line per round: lab, provenance.date, provenance.label, amount (millions), currency,
    /// user (1 or 0).
    QStringList csvHeader;
};
/// Funding rounds with a positive amount; the others are counted in `skipped`.
RoundsSelection selectFundingRounds(const data::Table &rounds);

/// One estimate drawn as a point.
struct SelectedPoint {
    int series = 0;    ///< index into PointsSelection::series
    double x = 0;      ///< date, in ms since the epoch
    RangedValue value; ///< drawn at `value.value`; its range or bound as stated
    bool user = false;
    QString text; ///< the point's label: estimator and amount ("TrendForce 75k–80k")
    Provenance provenance;
    const data::Row *row = nullptr;
};
struct PointSeries {
    QString name; ///< legend and CSV (display text only)
    QString supplier;
    bool target = false;     ///< announced targets: drawn apart, hollow
    int colour = 0;          ///< palette index: a target shares its supplier's colour
    std::vector<int> points; ///< indices into PointsSelection::points
};
struct PointsSelection {
    QString unit;
    std::vector<SelectedPoint> points; ///< in the order they are plotted (the rows' order)
    std::vector<PointSeries> series;   ///< in first-appearance order
    double minX = 0, maxX = 0, maxY = 0;
    QString caption;
    /// The CSV has a line per point, series by series: series name, provenance.date, text, drawn, low,
    /// high (empty without that bound), user (1 or 0).
    QStringList csvHeader;
};
/// One fiscal quarter of NVIDIA's Data Center revenue.
struct SelectedQuarter {
    QString quarter;    ///< fiscal quarter as written ("FY2026-Q4")
    QString quarterEnd; ///< its last day as written
    double usd = 0;
    bool user = false;
    Provenance provenance;
    const data::Row *row = nullptr;
};
struct QuartersSelection {
    QString unit;
    std::vector<SelectedQuarter> quarters; ///< by quarter end
    double maxValue = 0;
    bool anyUser = false;
    QString caption;
    /// The CSV has a line per quarter: quarter, quarter end, revenue (USD billions), user (1 or 0).
    QStringList csvHeader;
};
/// NVIDIA's Data Center revenue per fiscal quarter (rows with a revenue), ordered by quarter end.
QuartersSelection selectNvidiaRevenue(const data::Table &revenue);

/// CoWoS capacity (metric monthly_capacity, and monthly_capacity_target apart) in wafers/month, a series
/// per supplier; rows in other units or without a period are left out.
PointsSelection selectCowos(const data::Table &capacity);

/// One point of the installed-compute chart: NVIDIA's cumulative count or another H100e estimate.
struct ComputePoint {
    double x = 0;            ///< date, in ms since the epoch
    double h100e = 0;        ///< what is drawn
    bool user = false;       ///< some row behind it is user-supplied
    bool lowerBound = false; ///< an estimate with only a lower bound ("more than"), drawn as a triangle
    QString label;           ///< an estimate's label on the chart ("> 4M H100e, worldwide"); "" on the line
    QString csvSeries;       ///< the CSV's series column: "NVIDIA cumulative" or "estimate"
    Provenance provenance;
    const data::Table *table = nullptr;  ///< the rows' table (accelerator_shipments or compute_estimates)
    std::vector<const data::Row *> rows; ///< the rows behind it (for the sources view)
};
struct InstalledComputeSelection {
    QString unit;
    std::vector<ComputePoint> line;      ///< NVIDIA's cumulative count as the backtest scores it, by month
    std::vector<ComputePoint> estimates; ///< the other H100e estimates, in the rows' order
    /// Over both lists; minPositive is HUGE_VAL when no value is positive.
    double minX = 0, maxX = 0, maxY = 0, minPositive = 0;
    QString caption;
    /// The CSV has a line per point, the line's first: csvSeries, provenance.date, provenance.label, h100e,
    /// user (1 or 0).
    QStringList csvHeader;
};
/// Installed compute in H100e: NVIDIA's cumulative shipments (backtest::nvidiaCumulativeCount, the count the
/// backtest scores and the supply fan's history is drawn from), and the compute_estimates rows of metric
/// installed_compute or cumulative_shipments in H100e with a period, except the totals the count already
/// uses. Empty (no points, no caption) without accelerator_shipments or compute_estimates.
InstalledComputeSelection selectInstalledCompute(const data::Dataset &dataset);

/// The API prices a decline is fitted to.
enum class PriceModelSet {
    Frontier,    ///< frontier = 1: each provider's flagship at the time
    NonFrontier, ///< frontier = 0: smaller, older and long-context tiers, promotional prices
    All
};
/// One API list price.
struct SelectedPrice {
    int provider = 0;   ///< index into TokenPriceSelection::providers
    double x = 0;       ///< date the price took effect, in ms since the epoch
    double y = 0;       ///< the price on the basis chosen, USD per million tokens (what is drawn)
    bool user = false;  ///< from a user-supplied row
    bool inFit = false; ///< in the model set the decline is fitted to
    QString model;      ///< the point's label and the CSV's model column: the model and its context tier
    Provenance provenance;
    const data::Row *row = nullptr;
};
struct PriceProvider {
    QString name;            ///< legend and CSV (the first spelling in the rows)
    std::vector<int> points; ///< indices into TokenPriceSelection::points
};
/// One point of the fitted decline, as drawn and written to the CSV.
struct FitLinePoint {
    double x = 0;     ///< in ms since the epoch
    double price = 0; ///< DeclineFit::predict() of its year
    QString date;     ///< its local date, ISO 8601 (the CSV's date column)
};
struct TokenPriceSelection {
    QString unit;
    QString basisName;                    ///< "blended 3:1", "input", "output"
    QString setName;                      ///< "Frontier models", ...
    std::vector<SelectedPrice> points;    ///< in the rows' order (tooltip indices)
    std::vector<PriceProvider> providers; ///< in first-appearance order
    /// The points of the fit (x = Date::midYear(), as data::apiPricePoints() gives them) and the fit.
    std::vector<data::PricePoint> fitPoints;
    bool hasFit = false;
    data::DeclineFit fit;
    QString fitSummary; ///< "Frontier models, blended 3:1 (n = 12): prices ÷2.32 per year ...", or why no fit
    std::vector<FitLinePoint>
        fitLine;               ///< 25 points from the first to the last fitted year (none without fit)
    double minX = 0, maxX = 0; ///< of the points
    double minY = 0, maxY = 0; ///< of the points and the fit line
    QString caption;
    /// The CSV has a line per point, provider by provider: provider name, provenance.date, model, price,
    /// in_fit and user (1 or 0); then a line per fitLine point: "fit", its date, "", price, "", "".
    QStringList csvHeader;
};
/// API list prices (api_prices) with a positive price on `basis` (blended = (3 × input + output) / 4), a
/// series per provider, and an exponential decline fitted by least squares on log price
/// (data::fitExponentialDecline) to the models of `set`. Without any price: no points, no fit, no caption.
TokenPriceSelection selectTokenPrices(const data::Table &apiPrices, data::PriceBasis basis,
                                      PriceModelSet set);

} // namespace jevons::ui
