#pragma once
// Fan chart: one or two series of the engine over time, each as p5–p95 and p25–p75 bands and a p50 line,
// with the pinned baseline in a muted style, or (delta view) the shift of each percentile vs the baseline.

#include "jevons/charts/chart_panel.h"

#include "jevons/engine/engine.h"
#include "jevons/market/number_format.h"

#include <QList>
#include <QPointF>

#include <functional>

class QAbstractAxis;
class QAbstractSeries;
class QAreaSeries;
class QCategoryAxis;
class QLineSeries;
class QScatterSeries;

namespace jevons::ui {

struct FanQuantity {
    Series series;
    QString label; ///< legend label ("Demand", "Installed base")
};

class FanChart : public ChartPanel {
    Q_OBJECT
public:
    /// `axisQuantity`: the value axis title without unit ("Compute"); `unit` overrides the series' unit
    /// (e.g. "USD per month" for capex).
    FanChart(const QString &id, const QString &title, const QList<FanQuantity> &quantities,
             const QString &axisQuantity, const QString &unit, bool compact, QWidget *parent = nullptr);

    QString chartId() const override { return m_id; }
    QString title() const override { return m_title; }
    QString caption() const override;
    /// Why the drawn numbers left the range the model was calibrated for (output_checks.h); empty when
    /// they did not. Shown above the plot and appended to the caption.
    QString warning() const { return m_warning; }
    QString toCsv() const override;

    /// Observed data to overlay (history_overlays.h): x = months since the scenario's start month (negative =
    /// before it), y in the unit of the first quantity. Drawn as a dark line with dots, "Observed" in the
    /// legend; the month axis then starts at the first observed month. `label` ("Observed: capex of ...")
    /// names it in the crosshair, the caption and the CSV. An empty list removes the overlay.
    void setHistory(const QList<QPointF> &points, const QString &label);
    /// The observed points as set (unscaled) and the series drawing them (scaled like the fan).
    const QList<QPointF> &historyPoints() const { return m_historyPoints; }
    QLineSeries *historySeries() const { return m_history; }
    QString historyLabel() const { return m_historyLabel; }
    /// First month on the x axis when not zoomed: 0, or the first observed month when history shows.
    int firstAxisStep() const { return m_axisFirst; }
    /// The crosshair's text at month `step` (HTML; empty outside the data), as the view shows it.
    QString hoverTextAt(int step) const { return hoverText(step); }

    /// A deterministic line beside the fans, computed from each result in the unit of the first quantity
    /// (power available, which follows the scenario's values, not a path): a dashed line, in the legend
    /// as `label`, the crosshair and the CSV. An empty function removes it.
    using ReferenceFn = std::function<std::vector<double>(const SimulationResult &)>;
    void setReferenceLine(const ReferenceFn &values, const QString &label);
    QLineSeries *referenceSeries() const { return m_reference; }
    /// The reference values of the last redraw, unscaled (empty when there is none).
    const std::vector<double> &referenceValues() const { return m_referenceValues; }

    const QList<FanQuantity> &quantities() const { return m_quantities; }
    /// Plotted y = value / valueDivisor() (k, M, B, T scaling shown in the axis title).
    double valueDivisor() const { return m_scale.divisor; }
    QLineSeries *medianSeries(int quantity) const { return m_curves.value(quantity).p50; }
    QLineSeries *baselineMedianSeries(int quantity) const { return m_curves.value(quantity).baseP50; }
    QAreaSeries *outerBand(int quantity) const { return m_curves.value(quantity).outer; }
    QAbstractAxis *valueAxis() const { return m_axisY; }
    bool showsDelta() const { return m_showsDelta; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    struct Curves {
        QLineSeries *p5 = nullptr, *p25 = nullptr, *p50 = nullptr, *p75 = nullptr, *p95 = nullptr;
        QAreaSeries *outer = nullptr, *inner = nullptr;
        QLineSeries *baseP5 = nullptr, *baseP50 = nullptr, *baseP95 = nullptr;
        QAreaSeries *baseBand = nullptr;
    };
    /// The values drawn, unscaled, one column per curve (also the CSV).
    struct Column {
        QString name;
        std::vector<double> values;
    };
    void ensureAxes();
    void setSeriesData(QLineSeries *series, const std::vector<double> &values);
    void setPresent(QAbstractSeries *series, bool present);
    QString hoverText(double x) const;
    /// Crosshair text before the start month: the observed value nearest the hovered month.
    QString observedHoverText(int step) const;
    QString unitOf(int quantity) const;

    QString m_id, m_title, m_axisQuantity, m_unit;
    QList<FanQuantity> m_quantities;
    QList<Curves> m_curves;
    QLineSeries *m_history = nullptr;
    QLineSeries *m_reference = nullptr;
    ReferenceFn m_referenceFn;
    QString m_referenceLabel;
    std::vector<double> m_referenceValues;
    QList<QPointF> m_historyPoints; ///< ascending x
    QString m_historyLabel;
    QString m_warning;
    bool m_historyShown = false; ///< drawn in the last redraw (not in the delta view)
    QCategoryAxis *m_axisX = nullptr;
    QAbstractAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    AxisScale m_scale;
    double m_logFloor = 0;
    bool m_showsDelta = false;
    int m_axisSteps = -1;
    int m_axisWidth = -1;
    int m_axisFirst = 0; ///< first step of the month axis: <= 0, below 0 when history shows
    Scenario m_axisScenario;
    std::vector<Column> m_columns;
    std::vector<std::string> m_monthLabels;
};

} // namespace jevons::ui
