#include "jevons/backtest_view/backtest_job.h"

#include <QTimer>
#include <QtConcurrent>

#include <exception>

namespace jevons::ui {

BacktestJob::BacktestJob(QObject *parent) : QObject(parent)
{
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &BacktestJob::onFinished);
    m_poll = new QTimer(this);
    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_state && !m_state->stop.load())
            emit progressed(m_state->done.load(), m_state->total.load());
    });
}

BacktestJob::~BacktestJob()
{
    // The worker holds the dataset and scenario by value: it may finish after the window is gone, but it
    // must not outlive the process's statics, so wait for it.
    if (m_state)
        m_state->stop.store(true);
    m_watcher->waitForFinished();
}

void BacktestJob::start(const data::Dataset &dataset, const Scenario &base, backtest::MonthIndex asOf,
                        const backtest::BacktestOptions &options)
{
    auto launch = [this, dataset, base, asOf, options] {
        auto state = std::make_shared<State>();
        m_state = state;
        m_watcher->setFuture(QtConcurrent::run([state, dataset, base, asOf, options]() -> Outcome {
            const ProgressFn progress = [state](std::uint64_t done, std::uint64_t total) {
                state->done.store(done);
                state->total.store(total);
                return !state->stop.load();
            };
            try {
                auto result = std::make_shared<const backtest::BacktestResult>(
                    backtest::runBacktest(dataset, base, asOf, options, progress));
                return {state->stop.load() ? BacktestPtr() : result, {}};
            } catch (const std::exception &e) {
                return {{}, state->stop.load() ? QString() : QString::fromUtf8(e.what())};
            }
        }));
        m_poll->start();
    };
    if (m_state) {
        // Wind the old run down first: one worker at a time keeps the cores for the newest request.
        m_state->stop.store(true);
        m_pending = launch;
        return;
    }
    launch();
}

void BacktestJob::cancel()
{
    m_pending = nullptr;
    if (m_state)
        m_state->stop.store(true);
}

void BacktestJob::onFinished()
{
    const std::shared_ptr<State> state = std::move(m_state);
    m_poll->stop();
    const Outcome outcome = m_watcher->result();
    if (m_pending) {
        const std::function<void()> next = std::move(m_pending);
        m_pending = nullptr;
        next();
        return;
    }
    if (state && state->stop.load()) {
        emit cancelled();
    } else if (outcome.result) {
        emit progressed(state ? state->total.load() : 1, state ? state->total.load() : 1);
        emit finished(outcome.result);
    } else {
        emit failed(outcome.error.isEmpty() ? tr("the backtest stopped without a result") : outcome.error);
    }
}

} // namespace jevons::ui
