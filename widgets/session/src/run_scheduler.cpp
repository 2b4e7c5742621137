#include "jevons/session/run_scheduler.h"

namespace jevons::ui {

RunScheduler::RunScheduler(SimulationRunner *runner, RequestBuilder build, QObject *parent)
    : QObject(parent), m_runner(runner), m_build(std::move(build))
{
    m_restTimer.setSingleShot(true);
    m_restTimer.setInterval(RestMilliseconds);
    connect(&m_restTimer, &QTimer::timeout, this, &RunScheduler::fullAfterPreview);
    connect(m_runner, &SimulationRunner::finished, this, &RunScheduler::onFinished);
    connect(m_runner, &SimulationRunner::failed, this, &RunScheduler::onStopped);
    connect(m_runner, &SimulationRunner::cancelled, this, &RunScheduler::onStopped);
}

void RunScheduler::valueChanged(bool dragging)
{
    if (dragging) {
        start(true);
        m_restTimer.start(); // the full run follows once the slider rests
    } else {
        runFull();
    }
}

void RunScheduler::dragFinished()
{
    m_restTimer.stop();
    fullAfterPreview();
}

void RunScheduler::runFull()
{
    m_restTimer.stop();
    start(false);
}

void RunScheduler::cancel()
{
    m_restTimer.stop();
    m_runner->cancel();
}

void RunScheduler::start(bool preview)
{
    if (preview && m_previewInFlight && m_runner->isBusy()) {
        // Let the running preview finish and show, then run the newest value: cancelling it on every
        // slider step would starve the charts during a long drag when the engine is slower than the mouse.
        m_previewPending = true;
        return;
    }
    m_previewPending = false;
    if (!preview)
        m_fullPending = false;
    m_previewInFlight = preview;
    RunRequest request = m_build(preview);
    request.preview = preview;
    m_runner->start(request);
}

void RunScheduler::fullAfterPreview()
{
    // A preview that is nearly done is worth showing before the full run replaces it.
    if (m_previewInFlight && m_runner->isBusy()) {
        m_fullPending = true;
        return;
    }
    start(false);
}

void RunScheduler::onFinished(quint64 sequence, const ResultPtr &result, bool preview)
{
    m_previewInFlight = false;
    emit resultReady(sequence, result, preview);
    if (m_previewPending && !m_runner->isBusy())
        start(true); // the slider moved on while this preview ran
    else if (m_fullPending && !m_runner->isBusy())
        start(false); // the slider came to rest while this preview ran
    if (!preview && !m_runner->isBusy())
        emit fullResultShown();
}

void RunScheduler::onStopped()
{
    m_previewInFlight = m_previewPending = m_fullPending = false;
}

} // namespace jevons::ui
