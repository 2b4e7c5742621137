#pragma once
// The "Backtest" chart of one scored series (docs/model.md, "Backtest", "Mappings"): the model's fan from
// the as-of month in the observed quantity, and the observations that came after, coloured by whether they
// fell inside the p25-p75 band, inside p5-p95 only, or outside. Hover reads the month's band and point.

#include "jevons/backtest_view/backtest_job.h"
#include "jevons/charts/chart_panel.h"
#include "jevons/market/number_format.h"

class QAbstractAxis;
class QAreaSeries;
class QCategoryAxis;
class QLineSeries;
class QScatterSeries;

namespace jevons::ui {

class BacktestChart : public ChartPanel {
    Q_OBJECT
public:
    /// `mappingId`: one of backtest::mappings().
    explicit BacktestChart(const std::string &mappingId, QWidget *parent = nullptr);

    QString chartId() const override;
    QString title() const override;
    QString caption() const override;
    QString toCsv() const override;

    /// The backtest to draw; null clears the chart.
    void setBacktest(BacktestPtr result);
    const BacktestPtr &backtest() const { return m_result; }
    const backtest::Mapping &mapping() const { return m_mapping; }
    /// The scored points drawn, in the order of the result.
    const std::vector<backtest::PointScore> &points() const { return m_points; }
    /// The y axis divisor of the last draw (plotted y = value / divisor).
    double divisor() const { return m_scale.divisor; }
    QScatterSeries *insideP25P75Series() const { return m_inner50; }
    QScatterSeries *insideP5P95Series() const { return m_inner90; }
    QScatterSeries *outsideSeries() const { return m_outside; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    void ensureAxis();
    QString hoverText(int step) const;
    /// The last step on the x axis.
    int shownSteps() const;

    backtest::Mapping m_mapping;
    BacktestPtr m_result;
    const backtest::MappedFan *m_fan = nullptr;
    std::vector<backtest::PointScore> m_points;
    AxisScale m_scale;
    QLineSeries *m_p5 = nullptr, *m_p25 = nullptr, *m_p50 = nullptr, *m_p75 = nullptr, *m_p95 = nullptr;
    QAreaSeries *m_outer = nullptr, *m_inner = nullptr;
    QScatterSeries *m_inner50 = nullptr, *m_inner90 = nullptr, *m_outside = nullptr;
    QCategoryAxis *m_axisX = nullptr;
    QAbstractAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    int m_axisWidth = -1;
};

} // namespace jevons::ui
