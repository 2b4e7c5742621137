#pragma once
// The Backtest tab: a slider over the as-of months the dataset allows (the month in words beside it), the
// run in the background with progress and cancel, one BacktestChart per scored series, the PIT histogram
// and the table of scores. The scenario backtested is the window's current one (every parameter that the
// calibration does not set comes from it, as `jevons backtest --scenario FILE`).

#include "jevons/backtest_view/backtest_job.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTimer;

namespace jevons::ui {

class BacktestChart;
class BacktestScoresTable;
class ChartPanel;
class DataStore;
class PitHistogramChart;

class BacktestView : public QWidget {
    Q_OBJECT
public:
    /// `scenario` gives the scenario to backtest when a run starts.
    BacktestView(DataStore *store, std::function<Scenario()> scenario, QWidget *parent = nullptr);

    /// The charts, for export: one per scored series (backtest::mappings() order), then the PIT histogram.
    QList<ChartPanel *> charts() const;
    const QList<BacktestChart *> &seriesCharts() const { return m_charts; }
    PitHistogramChart *pitChart() const { return m_pit; }
    BacktestScoresTable *scoresTable() const { return m_scores; }
    QSlider *slider() const { return m_slider; }
    /// The as-of month the slider is on.
    backtest::MonthIndex asOf() const;
    /// Moves the slider (clamped to the allowed months); does not start a run.
    void setAsOf(backtest::MonthIndex month);
    const backtest::AllowedMonths &allowed() const { return m_allowed; }
    /// Paths and seed of the next run.
    SimulationSettings settings() const;
    void setSettings(std::uint64_t paths, std::uint64_t seed);
    /// The last finished backtest; null before the first (or after the data changed).
    const BacktestPtr &result() const { return m_result; }
    bool isRunning() const;
    /// "April 2025": a month in words, in the user's locale.
    static QString monthInWords(backtest::MonthIndex month);

public slots:
    /// Starts a backtest from the slider's month (a run in flight is replaced).
    void run();
    void cancel();

signals:
    void backtestFinished();
    void backtestCancelled();
    void backtestFailed(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateAllowed();
    void updateMonthLabel();
    void display(BacktestPtr result);
    void setRunning(bool running);

    DataStore *m_store = nullptr;
    std::function<Scenario()> m_scenario;
    BacktestJob *m_job = nullptr;
    backtest::AllowedMonths m_allowed;
    BacktestPtr m_result;
    QSlider *m_slider = nullptr;
    QLabel *m_monthLabel = nullptr;
    QComboBox *m_paths = nullptr;
    QSpinBox *m_seed = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QTimer *m_debounce = nullptr;
    QList<BacktestChart *> m_charts;
    PitHistogramChart *m_pit = nullptr;
    BacktestScoresTable *m_scores = nullptr;
    bool m_shownOnce = false;
};

} // namespace jevons::ui
