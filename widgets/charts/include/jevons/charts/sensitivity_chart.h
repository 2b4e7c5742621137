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

    /// The statistic the user chose (the step is always the horizon).
    SensitivityRequest request() const;
    void setRequest(Series series, Stat stat);
    /// True when the shown result is for another statistic than the one chosen.
    bool showsOtherStatistic() const;
    /// Line under the toolbar: "ran on 20,000 paths", "outdated: scenario changed", ...
    void setStatusText(const QString &text);
    /// Number of bars shown (largest swings first).
    static constexpr int MaxBars = 15;
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
    QPushButton *m_runButton = nullptr;
    QLabel *m_status = nullptr;
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
