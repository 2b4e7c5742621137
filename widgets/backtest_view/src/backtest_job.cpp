#include "jevons/backtest_view/backtest_job.h"

#include <any>

namespace jevons::ui {

BacktestJob::BacktestJob(QObject *parent) : QObject(parent), m_job(new BackgroundJob(this))
{
    connect(m_job, &BackgroundJob::progressed, this, &BacktestJob::progressed);
    connect(m_job, &BackgroundJob::ended, this, [this](bool stopped, const QString &error) {
        if (stopped) {
            emit cancelled();
            return;
        }
        const auto *result = std::any_cast<BacktestPtr>(&m_job->result());
        if (result && *result)
            emit finished(*result);
        else
            emit failed(error.isEmpty() ? tr("the backtest stopped without a result") : error);
    });
}

BacktestJob::~BacktestJob()
{
    // The worker holds the dataset and scenario by value: it may finish after the window is gone, but it
    // must not outlive the process's statics, so wait for it.
    m_job->stopAndWait();
}

void BacktestJob::start(const data::Dataset &dataset, const Scenario &base, backtest::MonthIndex asOf,
                        const backtest::BacktestOptions &options)
{
    m_job->start(0, [dataset, base, asOf, options](const BackgroundJob::StatePtr &state) -> std::any {
        const ProgressFn progress = [state](std::uint64_t done, std::uint64_t total) {
            state->done.store(done);
            state->total.store(total);
            return !state->stop.load();
        };
        return std::make_shared<const backtest::BacktestResult>(
            backtest::runBacktest(dataset, base, asOf, options, progress));
    });
}

void BacktestJob::cancel()
{
    m_job->cancel();
}

} // namespace jevons::ui
