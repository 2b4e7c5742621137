#pragma once
// One piece of long work at a time on Qt's thread pool, for the views that compute on demand (backtest,
// scenario map). start() replaces the run in flight: that one is asked to stop (its work polls
// State::stop through the engine's ProgressFn) and the new one starts once it has wound down, so one worker
// at a time keeps the cores for the newest request. Progress arrives on the GUI thread, ~20 times a second.

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

class QTimer;

namespace jevons::ui {

class BackgroundJob : public QObject {
    Q_OBJECT
public:
    /// What the worker and the GUI thread share for one run.
    struct State {
        std::atomic<bool> stop{false};
        std::atomic<std::uint64_t> done{0}, total{0};
    };
    using StatePtr = std::shared_ptr<State>;
    /// Runs on the pool. Returns the run's result; an exception is the run's error (unless it was stopped).
    using Work = std::function<std::any(const StatePtr &state)>;

    explicit BackgroundJob(QObject *parent = nullptr);
    ~BackgroundJob() override; ///< stopAndWait()

    /// Starts `work` with `total` as its progress total (the work may change it).
    void start(std::uint64_t total, Work work);
    /// Asks the run in flight to stop and drops a run waiting to start; ended(true, ...) follows.
    void cancel();
    /// Asks the run in flight to stop and waits for it (owners call it before their own members go).
    void stopAndWait();
    bool isRunning() const { return m_state != nullptr; }
    /// The run in flight, to tell its posts from a superseded run's; null when idle.
    StatePtr current() const { return m_state; }
    /// The last ended run's result (empty when it failed or was cancelled).
    const std::any &result() const { return m_result; }

signals:
    void progressed(quint64 done, quint64 total);
    /// The run in flight ended: stopped on request, or with `error` (empty on success, result() set).
    void ended(bool cancelled, const QString &error);

private:
    struct Outcome {
        std::any result;
        QString error;
    };
    void launch(std::uint64_t total, Work work);
    void onFinished();

    StatePtr m_state;
    QFutureWatcher<Outcome> *m_watcher = nullptr;
    QTimer *m_poll = nullptr;
    std::function<void()> m_pending; ///< a run started while the previous one still winds down
    std::any m_result;
};

} // namespace jevons::ui
