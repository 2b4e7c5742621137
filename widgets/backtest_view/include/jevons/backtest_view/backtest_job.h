#pragma once
// One backtest at a time off the GUI thread (QtConcurrent): start() replaces the run in flight (which stops
// at its next progress call), progress arrives on the GUI thread, and only the latest run's result is kept.

#include "jevons/backtest/backtest.h"

#include "jevons/session/background_job.h"

#include <QObject>

#include <atomic>
#include <memory>

namespace jevons::ui {

using BacktestPtr = std::shared_ptr<const backtest::BacktestResult>;

class BacktestJob : public QObject {
    Q_OBJECT
public:
    explicit BacktestJob(QObject *parent = nullptr);
    ~BacktestJob() override;

    /// Runs backtest::runBacktest on a copy of `dataset` and `base`; a run in flight is cancelled.
    void start(const data::Dataset &dataset, const Scenario &base, backtest::MonthIndex asOf,
               const backtest::BacktestOptions &options);
    /// Stops the run in flight; emits cancelled() once it has stopped.
    void cancel();
    bool isRunning() const { return m_job->isRunning(); }

signals:
    /// Paths done of the run's total (throttled by the poll timer, ~20/s).
    void progressed(quint64 done, quint64 total);
    void finished(jevons::ui::BacktestPtr result);
    void failed(const QString &message);
    void cancelled();

private:
    BackgroundJob *m_job; ///< the run in flight, one at a time
};

} // namespace jevons::ui
