#pragma once
// One scenario map at a time off the GUI thread (QtConcurrent): a two-parameter grid computed through the
// sweep library (sweep::buildDesign, pointScenario, pointSettings, recordOutputs: a point is `jevons
// simulate` with its values), first at a coarse resolution and then refined. Each finished stage replaces
// grid(); a cancelled or replaced run leaves the last complete grid in place.

#include "jevons/scenario_map/map_grid.h"

#include "jevons/session/background_job.h"

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

namespace jevons::ui {

class ScenarioMapJob : public QObject {
    Q_OBJECT
public:
    explicit ScenarioMapJob(QObject *parent = nullptr);
    ~ScenarioMapJob() override;

    /// Runs `base` (scenario, paths, seed and one output; its grid is ignored) over `x` and `y` once per
    /// entry of `steps` (steps per axis, coarse first); a run in flight is cancelled.
    void start(const sweep::SweepSpec &base, const sweep::GridAxis &x, const sweep::GridAxis &y,
               const std::vector<int> &steps);
    /// Stops the run in flight (between two tiles of a point); emits cancelled() once it has stopped.
    void cancel();
    bool isRunning() const { return m_job->isRunning(); }
    /// The last complete grid (empty before the first stage finished).
    const MapGrid &grid() const { return m_grid; }
    /// The spec of the last complete grid (its design's axes set), to compare with the sweep library.
    const sweep::SweepSpec &gridSpec() const { return m_gridSpec; }

signals:
    /// Design points done of all stages' total (throttled by the poll timer, ~20/s).
    void progressed(int done, int total);
    /// Stage `stage` (0 = coarse) is complete and is grid() now; `last`: no finer stage follows.
    void gridReady(int stage, bool last);
    void finished();
    void failed(const QString &message);
    void cancelled();

private:
    BackgroundJob *m_job; ///< the run in flight, one at a time
    MapGrid m_grid;
    sweep::SweepSpec m_gridSpec;
};

} // namespace jevons::ui
