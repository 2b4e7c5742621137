#pragma once
// When to run what. While a slider is dragged each step asks for a quick preview; when it rests (a short
// timer) or is released, one full run follows. A preview in flight is not cancelled by the next step: it
// finishes and shows, and the newest value runs next, so the charts keep moving during a long drag even when
// the engine is slower than the mouse. Any other change (a typed value, undo, a preset, new run settings)
// runs in full at once, superseding whatever runs. Qt Core only: testable without a window.

#include "jevons/session/simulation_runner.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace jevons::ui {

class RunScheduler : public QObject {
    Q_OBJECT
public:
    /// How long a dragged slider must rest before the full run starts.
    static constexpr int RestMilliseconds = 250;
    /// Builds the request for the current scenario: the caller decides scenario, settings and extras
    /// (preview path count, variance shares).
    using RequestBuilder = std::function<RunRequest(bool preview)>;

    RunScheduler(SimulationRunner *runner, RequestBuilder build, QObject *parent = nullptr);

    /// A value changed; `dragging`: as one step of a slider drag.
    void valueChanged(bool dragging);
    /// The drag ended (slider released): the full run follows, after a preview in flight has shown.
    void dragFinished();
    /// A full run now (new scenario, new run settings, rerun), superseding what runs.
    void runFull();
    /// Stops what runs and what is due; the charts keep the last result.
    void cancel();
    bool previewInFlight() const { return m_previewInFlight; }

signals:
    /// A simulation result to show (previews included), in the order they finished.
    void resultReady(quint64 sequence, const jevons::ui::ResultPtr &result, bool preview);
    /// A full result was shown and nothing else is due: time for slower work (the tornado).
    void fullResultShown();

private:
    void start(bool preview);
    void fullAfterPreview();
    void onFinished(quint64 sequence, const ResultPtr &result, bool preview);
    void onStopped();

    SimulationRunner *m_runner;
    RequestBuilder m_build;
    QTimer m_restTimer;             ///< fires the full run when a dragged slider rests
    bool m_previewInFlight = false; ///< the runner works on a preview (a drag step)
    bool m_previewPending = false;  ///< a drag step arrived while a preview ran: run it next
    bool m_fullPending = false;     ///< the slider rested or was released while a preview ran
};

} // namespace jevons::ui
