#pragma once
// The one worker thread that runs the engine for the dashboard. The GUI thread never waits on it.
//
// Every request gets a sequence number. A newer request supersedes the running one: the engine's
// ProgressFn sees that its number is no longer the latest and cancels between chunks, queued requests
// that are already stale are skipped unrun, and a result whose number is stale is never emitted.

#include "jevons/engine/engine.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

namespace jevons::ui {

using ResultPtr = std::shared_ptr<const SimulationResult>;
using SensitivityPtr = std::shared_ptr<const SensitivityResult>;

/// What to run. `preview` only tags the result (fewer paths, while a slider is dragged).
struct RunRequest {
    enum class Kind { Simulation, Sensitivity };
    Kind kind = Kind::Simulation;
    Scenario scenario;
    SimulationSettings settings;
    SensitivityRequest sensitivity; ///< for Kind::Sensitivity
    bool preview = false;
};

class SimulationWorker;

class SimulationRunner : public QObject {
    Q_OBJECT
public:
    explicit SimulationRunner(QObject *parent = nullptr);
    ~SimulationRunner() override; ///< cancels, then joins the thread

    /// Queues a run and supersedes any earlier one. Returns its sequence number.
    quint64 start(const RunRequest &request);
    /// Stops the running request (Esc). Its result is dropped; `cancelled` is emitted.
    void cancel();
    bool isBusy() const { return m_busy; }
    quint64 latestSequence() const { return m_latest.load(); }

signals:
    void started(quint64 sequence, const jevons::ui::RunRequest &request);
    /// Throttled to ~20 per second; done/total are paths (simulation) or parameters (sensitivity).
    void progressed(quint64 sequence, quint64 done, quint64 total);
    void finished(quint64 sequence, const jevons::ui::ResultPtr &result, bool preview);
    void sensitivityFinished(quint64 sequence, const jevons::ui::SensitivityPtr &result);
    void failed(quint64 sequence, const QString &message);
    void cancelled(quint64 sequence);
    /// Internal: queued to the worker thread.
    void requested(quint64 sequence, const jevons::ui::RunRequest &request);

private:
    void onWorkerFinished(quint64 sequence, const jevons::ui::ResultPtr &result, bool preview);
    void onWorkerSensitivity(quint64 sequence, const jevons::ui::SensitivityPtr &result);
    void onWorkerFailed(quint64 sequence, const QString &message);
    void onWorkerCancelled(quint64 sequence);
    bool isCurrent(quint64 sequence) const { return sequence == m_latest.load() && !m_userCancelled; }

    QThread m_thread;
    SimulationWorker *m_worker = nullptr;
    std::atomic<quint64> m_latest{0}; ///< read by the worker's ProgressFn: a newer number cancels
    std::atomic_bool m_abort{false};  ///< set on destruction and by cancel()
    bool m_userCancelled = false;
    bool m_busy = false;
};

/// Lives on the runner's thread. Not for direct use.
class SimulationWorker : public QObject {
    Q_OBJECT
public:
    SimulationWorker(const std::atomic<quint64> &latest, const std::atomic_bool &abort)
        : m_latest(latest), m_abort(abort)
    {
    }
    void run(quint64 sequence, const jevons::ui::RunRequest &request);

signals:
    void progressed(quint64 sequence, quint64 done, quint64 total);
    void finished(quint64 sequence, const jevons::ui::ResultPtr &result, bool preview);
    void sensitivityFinished(quint64 sequence, const jevons::ui::SensitivityPtr &result);
    void failed(quint64 sequence, const QString &message);
    void cancelled(quint64 sequence);

private:
    const std::atomic<quint64> &m_latest;
    const std::atomic_bool &m_abort;
};

} // namespace jevons::ui
