#include "jevons/session/background_job.h"

#include <QTimer>
#include <QtConcurrent>

#include <exception>
#include <utility>

namespace jevons::ui {

BackgroundJob::BackgroundJob(QObject *parent) : QObject(parent)
{
    m_watcher = new QFutureWatcher<Outcome>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &BackgroundJob::onFinished);
    m_poll = new QTimer(this);
    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_state && !m_state->stop.load())
            emit progressed(m_state->done.load(), m_state->total.load());
    });
}

BackgroundJob::~BackgroundJob()
{
    stopAndWait();
}

void BackgroundJob::stopAndWait()
{
    m_pending = nullptr;
    if (m_state)
        m_state->stop.store(true);
    m_watcher->waitForFinished();
}

void BackgroundJob::start(std::uint64_t total, Work work)
{
    if (m_state) {
        // Wind the old run down first: one worker at a time keeps the cores for the newest request.
        m_state->stop.store(true);
        m_pending = [this, total, work = std::move(work)] { launch(total, work); };
        return;
    }
    launch(total, std::move(work));
}

void BackgroundJob::launch(std::uint64_t total, Work work)
{
    auto state = std::make_shared<State>();
    state->total.store(total);
    m_state = state;
    m_watcher->setFuture(QtConcurrent::run([state, work = std::move(work)]() -> Outcome {
        try {
            std::any result = work(state);
            return {state->stop.load() ? std::any() : std::move(result), {}};
        } catch (const std::exception &e) {
            return {{}, state->stop.load() ? QString() : QString::fromUtf8(e.what())};
        }
    }));
    m_poll->start();
}

void BackgroundJob::cancel()
{
    m_pending = nullptr;
    if (m_state)
        m_state->stop.store(true);
}

void BackgroundJob::onFinished()
{
    const StatePtr state = std::move(m_state);
    m_poll->stop();
    Outcome outcome = m_watcher->result();
    if (m_pending) {
        const std::function<void()> next = std::move(m_pending);
        m_pending = nullptr;
        next();
        return;
    }
    m_result = std::move(outcome.result);
    if (state && state->stop.load()) {
        emit ended(true, QString());
        return;
    }
    if (state && outcome.error.isEmpty())
        emit progressed(state->total.load(), state->total.load());
    emit ended(false, outcome.error);
}

} // namespace jevons::ui
