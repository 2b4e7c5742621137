#pragma once
// The PIT histogram of a backtest (docs/model.md, "Backtest", "Scores"): how many observations fell in each
// tenth of the model's distribution, over every scored series. Flat is calibrated, a hump too wide, a U too
// confident; a dashed line marks the flat count.

#include "jevons/backtest_view/backtest_job.h"
#include "jevons/charts/chart_panel.h"

class QBarCategoryAxis;
class QBarSet;
class QBarSeries;
class QLineSeries;
class QValueAxis;

namespace jevons::ui {

class PitHistogramChart : public ChartPanel {
    Q_OBJECT
public:
    explicit PitHistogramChart(QWidget *parent = nullptr);

    QString chartId() const override { return QStringLiteral("backtest_pit_histogram"); }
    QString title() const override { return tr("Backtest: PIT histogram"); }
    QString caption() const override;
    QString toCsv() const override;

    void setBacktest(BacktestPtr result);
    /// The plotted counts, one per bin.
    QList<double> counts() const;

protected:
    void redraw() override;
    void applyPalette() override;

private:
    BacktestPtr m_result;
    QBarSeries *m_bars = nullptr;
    QBarSet *m_set = nullptr;
    QLineSeries *m_flat = nullptr;
    QBarCategoryAxis *m_axisX = nullptr;
    QValueAxis *m_axisXLine = nullptr;
    QValueAxis *m_axisY = nullptr;
};

} // namespace jevons::ui
