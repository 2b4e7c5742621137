#include "jevons/session/simulation_runner.h"

#include <QElapsedTimer>

namespace jevons::ui {

SimulationRunner::SimulationRunner(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("jevons-engine"));
    m_worker = new SimulationWorker(m_latest, m_abort);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(this, &SimulationRunner::requested, m_worker, &SimulationWorker::run);
    connect(m_worker, &SimulationWorker::progressed, this, [this](quint64 seq, quint64 done, quint64 total) {
        if (isCurrent(seq))
            emit progressed(seq, done, total);
    });
    connect(m_worker, &SimulationWorker::finished, this, &SimulationRunner::onWorkerFinished);
    connect(m_worker, &SimulationWorker::sensitivityFinished, this, &SimulationRunner::onWorkerSensitivity);
    connect(m_worker, &SimulationWorker::failed, this, &SimulationRunner::onWorkerFailed);
    connect(m_worker, &SimulationWorker::cancelled, this, &SimulationRunner::onWorkerCancelled);
    m_thread.start();
}

SimulationRunner::~SimulationRunner()
{
    m_abort = true;
    ++m_latest; // whatever runs now is stale: the ProgressFn stops it at the next chunk
    m_thread.quit();
    m_thread.wait();
}

quint64 SimulationRunner::start(const RunRequest &request)
{
    const quint64 sequence = ++m_latest;
    m_userCancelled = false;
    m_busy = true;
    emit started(sequence, request);
    emit requested(sequence, request);
    return sequence;
}

void SimulationRunner::cancel()
{
    if (!m_busy)
        return;
    m_userCancelled = true;
    const quint64 sequence = m_latest.load();
    ++m_latest; // the running request is now stale and stops between chunks
    m_busy = false;
    emit cancelled(sequence);
}

void SimulationRunner::onWorkerFinished(quint64 sequence, const ResultPtr &result, bool preview)
{
    if (!isCurrent(sequence))
        return; // superseded while it ran: never shown
    m_busy = false;
    emit finished(sequence, result, preview);
}

void SimulationRunner::onWorkerSensitivity(quint64 sequence, const SensitivityPtr &result)
{
    if (!isCurrent(sequence))
        return;
    m_busy = false;
    emit sensitivityFinished(sequence, result);
}

void SimulationRunner::onWorkerFailed(quint64 sequence, const QString &message)
{
    if (!isCurrent(sequence))
        return;
    m_busy = false;
    emit failed(sequence, message);
}

void SimulationRunner::onWorkerCancelled(quint64 sequence)
{
    // Cancellation by a newer request is silent; cancel() already reported a user cancel.
    Q_UNUSED(sequence);
}

void SimulationWorker::run(quint64 sequence, const RunRequest &request)
{
    // A burst of requests queues up while one runs: only the newest is worth running.
    if (sequence != m_latest.load() || m_abort.load()) {
        emit cancelled(sequence);
        return;
    }
    QElapsedTimer sinceReport;
    sinceReport.start();
    const ProgressFn progress = [&](std::uint64_t done, std::uint64_t total) {
        if (sequence != m_latest.load() || m_abort.load())
            return false;
        if (sinceReport.elapsed() >= 50) {
            sinceReport.restart();
            emit progressed(sequence, done, total);
        }
        return true;
    };
    // No exception leaves this thread: each becomes a `failed` signal.
    try {
        if (request.kind == RunRequest::Kind::Simulation) {
            auto result =
                std::make_shared<SimulationResult>(simulate(request.scenario, request.settings, progress));
            if (result->cancelled)
                emit cancelled(sequence);
            else
                emit finished(sequence, result, request.preview);
        } else {
            auto result = std::make_shared<SensitivityResult>(
                sensitivity(request.scenario, request.settings, request.sensitivity, progress));
            if (result->cancelled)
                emit cancelled(sequence);
            else
                emit sensitivityFinished(sequence, result);
        }
    } catch (const std::exception &e) {
        emit failed(sequence, QString::fromUtf8(e.what()));
    } catch (...) {
        emit failed(sequence, tr("unknown error in the engine"));
    }
}

} // namespace jevons::ui
