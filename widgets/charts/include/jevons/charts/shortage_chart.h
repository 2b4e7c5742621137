#pragma once
// A per-month probability of the engine (a shortage, power binding, the build-out paid for) in percent of
// paths. The default is the shortage chart; the other probabilities use the second constructor.

#include "jevons/charts/chart_panel.h"

#include "jevons/engine/engine.h"

class QCategoryAxis;
class QLineSeries;
class QAbstractAxis;

namespace jevons::ui {

class ShortageChart : public ChartPanel {
    Q_OBJECT
public:
    explicit ShortageChart(bool compact = false, QWidget *parent = nullptr);
    /// `name`: the quantity in the legend and crosshair ("Power binds"); `axis`: the value axis title
    /// without unit ("Power binds"); `caption`: what a path counts for.
    ShortageChart(Probability probability, const QString &id, const QString &title, const QString &name,
                  const QString &axis, const QString &caption, bool compact, QWidget *parent = nullptr);
    QString chartId() const override { return m_id; }
    QString title() const override { return m_title; }
    Probability probability() const { return m_probability; }
    /// Plotted percent per month (percentage points in the delta view).
    const std::vector<double> &plotted() const { return m_plotted; }
    /// True while the chart draws current minus baseline, in percentage points.
    bool showsDelta() const { return m_showsDelta; }
    /// In the delta view: the Monte Carlo standard error of each month's difference, in percentage points
    /// (binomial errors of both runs combined as if they were independent: an upper bound when they share
    /// the seed and paths). Empty otherwise.
    const std::vector<double> &deltaError() const { return m_deltaError; }
    /// The line at zero difference, shown in the delta view only.
    QLineSeries *zeroSeries() const { return m_zero; }
    /// The crosshair text at month `step`.
    QString hoverTextAt(int step) const;
    QString caption() const override;
    QString toCsv() const override;
    QLineSeries *currentSeries() const { return m_current; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    void ensureAxis();
    const std::vector<double> &values(const SimulationResult &r) const;
    Probability m_probability = Probability::Shortage;
    QString m_id, m_title, m_name, m_axisName, m_caption;
    QLineSeries *m_current = nullptr;
    QLineSeries *m_baseline = nullptr;
    QLineSeries *m_zero = nullptr;
    QCategoryAxis *m_axisX = nullptr;
    QAbstractAxis *m_axisY = nullptr;
    bool m_axisIsLog = false;
    bool m_showsDelta = false;
    int m_axisSteps = -1;
    int m_axisWidth = -1;
    std::vector<std::string> m_months;
    std::vector<double> m_plotted, m_plottedBaseline;    ///< percent (or percentage points in delta view)
    std::vector<double> m_currentPercent, m_basePercent; ///< both runs in percent, in the delta view
    std::vector<double> m_deltaError;                    ///< percentage points, in the delta view
    bool m_sameDraws = false; ///< the delta's two runs share seed and paths (common random numbers)
};

} // namespace jevons::ui
