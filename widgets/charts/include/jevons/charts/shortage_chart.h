#pragma once
// Probability of a shortage (demand above installed base) per month, in percent of paths.

#include "jevons/charts/chart_panel.h"

class QCategoryAxis;
class QLineSeries;
class QAbstractAxis;

namespace jevons::ui {

class ShortageChart : public ChartPanel {
    Q_OBJECT
public:
    explicit ShortageChart(bool compact = false, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("shortage_probability"); }
    QString title() const override { return tr("Probability of a shortage"); }
    QString caption() const override;
    QString toCsv() const override;
    QLineSeries *currentSeries() const { return m_current; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    void ensureAxis();
    QLineSeries *m_current = nullptr;
    QLineSeries *m_baseline = nullptr;
    QCategoryAxis *m_axisX = nullptr;
    QAbstractAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    bool m_showsDelta = false;
    int m_axisSteps = -1;
    int m_axisWidth = -1;
    std::vector<std::string> m_months;
    std::vector<double> m_plotted, m_plottedBaseline; ///< percent (or percentage points in delta view)
};

} // namespace jevons::ui
