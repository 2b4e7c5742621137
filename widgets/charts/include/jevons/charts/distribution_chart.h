#pragma once
// Histogram of any output series at any month (chosen with a combo box and a month slider),
// with p5, p50 and p95 marked; the pinned baseline's histogram as an outline.

#include "jevons/charts/chart_panel.h"

#include "jevons/market/number_format.h"

class QAbstractAxis;
class QAreaSeries;
class QComboBox;
class QLabel;
class QLineSeries;
class QSlider;
class QValueAxis;

namespace jevons::ui {

class DistributionChart : public ChartPanel {
    Q_OBJECT
public:
    explicit DistributionChart(QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("distribution"); }
    QString title() const override;
    QString caption() const override;
    QString toCsv() const override;

    Series series() const { return m_series; }
    void setSeries(Series series);
    /// Month shown; -1 = the horizon (follows the horizon when it changes).
    int step() const;
    void setStep(int step);
    QSlider *monthSlider() const { return m_monthSlider; }
    QComboBox *seriesBox() const { return m_seriesBox; }
    QLineSeries *markerSeries(int index) const { return m_markers[index]; } ///< 0: p5, 1: p50, 2: p95
    double valueDivisor() const { return m_scale.divisor; }
    /// The drawn histograms: the baseline's on the same bins as the current one, so heights compare.
    const Histogram &histogram() const { return m_histogram; }
    const Histogram &baselineHistogram() const { return m_baseHistogram; }
    /// The vertical line at D/S = 1 (shortage threshold), shown for the demand/supply ratio only.
    QLineSeries *thresholdSeries() const { return m_threshold; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    void ensureAxis();
    /// The month shown, from the inputs (not from the last redraw: a caption may be asked for first).
    int shownStep() const;
    Series m_series = Series::DemandSupplyRatio;
    int m_step = -1;
    QComboBox *m_seriesBox = nullptr;
    QSlider *m_monthSlider = nullptr;
    QLabel *m_monthLabel = nullptr;
    QLineSeries *m_upper = nullptr;
    QLineSeries *m_lower = nullptr;
    QAreaSeries *m_area = nullptr;
    QLineSeries *m_baseline = nullptr;
    QLineSeries *m_markers[3] = {};
    QLineSeries *m_threshold = nullptr;
    QAbstractAxis *m_axisX = nullptr;
    QValueAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    AxisScale m_scale;
    Histogram m_histogram; ///< what is drawn (counts), for CSV
    Histogram m_baseHistogram;
    double m_paths = 1;
    std::array<double, 3> m_percentiles{}; ///< p5, p50, p95 at the step (exact engine statistics)
    int m_drawnStep = 0;
};

} // namespace jevons::ui
