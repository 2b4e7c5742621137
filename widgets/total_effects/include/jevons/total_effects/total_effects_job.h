#pragma once
// One computation of total effects at a time off the GUI thread (session/BackgroundJob on Qt's pool):
// start() supersedes the run in flight (it stops at its next tile and its result is never shown), progress
// arrives on the GUI thread (~20/s, design points done of the total) and only the latest run's result is
// handed on. cancel() stops it: cancelled() follows and no result is.

#include "jevons/total_effects/total_effects.h"

#include "jevons/session/background_job.h"

#include <QObject>

namespace jevons::ui {

class TotalEffectsJob : public QObject {
    Q_OBJECT
public:
    explicit TotalEffectsJob(QObject *parent = nullptr);
    ~TotalEffectsJob() override; ///< stops the run in flight and waits for it

    /// Runs computeTotalEffects(request); a run in flight is superseded.
    void start(const TotalEffectsRequest &request);
    /// Stops the run in flight; emits cancelled() once it has stopped.
    void cancel();
    bool isRunning() const { return m_job->isRunning(); }

signals:
    /// Design points done of the total (throttled by the poll timer, ~20/s).
    void progressed(quint64 done, quint64 total);
    void finished(jevons::ui::TotalEffectsPtr result);
    void failed(const QString &message);
    void cancelled();

private:
    BackgroundJob *m_job; ///< the run in flight, one at a time
};

} // namespace jevons::ui
