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
class QComboBox;
class QLabel;
class QLineSeries;
class QScatterSeries;

namespace jevons::ui {

/// How the delta view compares a percentile of the current run with the same percentile of the baseline.
enum class DeltaMode {
    Absolute, ///< current − baseline, in the series' unit
    Percent,  ///< 100 × (current / baseline − 1), in %
    LogRatio, ///< log10(current / baseline): −1 is a tenth of the baseline, +1 ten times it
};

struct FanQuantity {
    Series series;
    QString label; ///< legend label ("Demand", "Installed base")
};

class FanLegend;

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

    /// One observed series drawn before the start month (history_overlays.h builds them from the backtest's
    /// mappings): x = months since the scenario's start month (negative = before it), y in the unit of the
    /// first quantity.
    struct ObservedLine {
        QList<QPointF> points;
        /// What is drawn and how it was scaled ("Observed: ... / 3.727 (frontier premium)"): the legend
        /// entry, the crosshair, the caption and the CSV column.
        QString label;
        /// Words shown under the plot: what the history measures and why it differs from the fan.
        QString note;
        /// The mapping's reasons, the note's tooltip.
        QString details;
        /// The legend entry, short (a legend elides long ones); empty: the label. The legend's tooltip shows
        /// the label.
        QString legend;
    };
    /// Observed data to overlay: the first line dark and solid with dots, the others dashed; the month axis
    /// then starts at the first observed month. An empty list (or lines without points) removes them.
    void setHistories(const QList<ObservedLine> &lines);
    /// One line (`label` as above) without a note.
    void setHistory(const QList<QPointF> &points, const QString &label);
    int historyCount() const { return int(m_lines.size()); }
    /// The observed points of line `line` as set (unscaled) and the series drawing them (scaled like the
    /// fan).
    const QList<QPointF> &historyPoints(int line = 0) const;
    QLineSeries *historySeries(int line = 0) const { return m_historySeries.value(line); }
    QString historyLabel(int line = 0) const;
    /// The notes of the lines shown, as under the plot (plain text; empty when none shows).
    QString historyNote() const;
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

    /// How the delta view compares the runs; by default percent for money and prices (a unit in USD, where
    /// a quantity can fall a hundredfold) and absolute otherwise. The toolbar's "Delta" combo (objectName
    /// deltaMode) and the chart menu's "Delta as" entries set it.
    DeltaMode deltaMode() const { return m_deltaMode; }
    void setDeltaMode(DeltaMode mode);
    DeltaMode defaultDeltaMode() const;
    /// The unit of the delta view's values: the series' unit, "%" or "log ratio".
    QString deltaUnit(int quantity = 0) const;
    /// "absolute difference", "percent change", "log ratio", as captions and the CSV name them.
    static QString deltaModeName(DeltaMode mode);
    /// The note shown above the plot in the delta view (what the lines and bands are); empty otherwise.
    QString deltaNote() const;

signals:
    void deltaModeChanged(jevons::ui::DeltaMode mode);

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
    /// Legend clicks toggle a series; with several quantities, a quantity's entry toggles its bands too.
    void linkLegend();
    QString hoverText(double x) const;
    /// Crosshair text before the start month: the observed value nearest the hovered month.
    QString observedHoverText(int step) const;
    QString unitOf(int quantity) const;
    /// The delta of one percentile in the current mode (NaN where it is undefined, e.g. a ratio to 0).
    std::vector<double> deltaOf(const std::vector<double> &current,
                                const std::vector<double> &baseline) const;
    double deltaOf(double current, double baseline) const;
    QString formatDelta(double value, int quantity) const;

    QString m_id, m_title, m_axisQuantity, m_unit;
    QList<FanQuantity> m_quantities;
    QList<Curves> m_curves;
    QList<QLineSeries *> m_historySeries; ///< one per line, the first made with the chart
    QLabel *m_noteLabel = nullptr;        ///< the lines' notes, under the plot (full-size fans only)
    QLineSeries *m_reference = nullptr;
    ReferenceFn m_referenceFn;
    QString m_referenceLabel;
    std::vector<double> m_referenceValues;
    QList<ObservedLine> m_lines; ///< points ascending by x
    QString m_warning;
    bool m_historyShown = false; ///< drawn in the last redraw (not in the delta view)
    QCategoryAxis *m_axisX = nullptr;
    QAbstractAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    AxisScale m_scale;
    double m_logFloor = 0;
    bool m_showsDelta = false;
    DeltaMode m_deltaMode = DeltaMode::Absolute;
    FanLegend *m_bandKey = nullptr;     ///< what the bands are, in the toolbar of a multi-quantity fan
    QComboBox *m_deltaCombo = nullptr;  ///< toolbar (full-size fans only), shown in the delta view
    QLabel *m_deltaLabel = nullptr;     ///< "Delta:" before the combo
    QLabel *m_deltaNoteLabel = nullptr; ///< above the plot in the delta view (full-size fans only)
    QList<QAction *> m_deltaActions;    ///< chart menu, one per mode
    int m_axisSteps = -1;
    int m_axisWidth = -1;
    int m_axisFirst = 0; ///< first step of the month axis: <= 0, below 0 when history shows
    Scenario m_axisScenario;
    std::vector<Column> m_columns;
    std::vector<std::string> m_monthLabels;
};

} // namespace jevons::ui
