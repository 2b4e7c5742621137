#pragma once
// Tornado chart of the engine's sensitivity run: how far one output statistic moves when each parameter
// goes to its low and high value, the largest swing on top.

#include "jevons/charts/chart_panel.h"

class QBarCategoryAxis;
class QBarSet;
class QComboBox;
class QGraphicsSimpleTextItem;
class QHorizontalBarSeries;
class QLabel;
class QPushButton;
class QSpinBox;
class QValueAxis;

namespace jevons::ui {

class SensitivityChart : public ChartPanel {
    Q_OBJECT
public:
    explicit SensitivityChart(QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("sensitivity"); }
    QString title() const override;
    QString caption() const override;
    QString toCsv() const override;

    /// The output the user chose: a series statistic or a probability, at a month (-1: the horizon).
    SensitivityRequest request() const;
    void setRequest(Series series, Stat stat);
    /// A probability as the output ("Probability of shortage"), at `step` (-1: the horizon).
    void setProbabilityRequest(Probability probability, int step = -1);
    QComboBox *outputBox() const { return m_seriesBox; }
    /// Months after the start (0: the horizon).
    QSpinBox *monthBox() const { return m_monthBox; }
    /// The rows drawn, top to bottom.
    /// (Parameters with a smaller effect than the last row are in the CSV and the caption says so.)
    QStringList categories() const;
    /// True when the shown result is for another statistic than the one chosen.
    bool showsOtherStatistic() const;
    /// Line under the toolbar: "ran on 20,000 paths", "outdated: scenario changed", ...
    void setStatusText(const QString &text);
    /// Bars of parameters with an effect, at most (largest swings first, fewer when the chart is too short
    /// to name them; the CSV lists all).
    static constexpr int MaxBars = 15;
    /// The parameters that moved the output by nothing, as listed under the chart and in the caption.
    QStringList noEffect() const;
    QHorizontalBarSeries *barSeries() const { return m_bars; }
    void setRunning(bool running);

signals:
    /// The user asked for a run (button, or a new statistic chosen).
    void runRequested();

protected:
    void redraw() override;
    void applyPalette() override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void placeValueLabels();

    QComboBox *m_seriesBox = nullptr;
    QComboBox *m_statBox = nullptr;
    QSpinBox *m_monthBox = nullptr;
    QPushButton *m_runButton = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_noEffect = nullptr; ///< "No effect: ..." under the chart
    QHorizontalBarSeries *m_bars = nullptr;
    QBarSet *m_lowSet = nullptr;
    QBarSet *m_highSet = nullptr;
    QBarCategoryAxis *m_axisY = nullptr;
    QValueAxis *m_axisX = nullptr;
    QList<QGraphicsSimpleTextItem *> m_valueLabels;
    std::vector<SensitivityEntry> m_shown; ///< bottom to top, as drawn
    bool m_running = false;
};

} // namespace jevons::ui
