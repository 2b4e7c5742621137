#include "jevons/scenario_map/scenario_map_job.h"

#include <exception>

namespace jevons::ui {

ScenarioMapJob::ScenarioMapJob(QObject *parent) : QObject(parent), m_job(new BackgroundJob(this))
{
    connect(m_job, &BackgroundJob::progressed, this,
            [this](quint64 done, quint64 total) { emit progressed(int(done), int(total)); });
    connect(m_job, &BackgroundJob::ended, this, [this](bool stopped, const QString &error) {
        if (stopped)
            emit cancelled();
        else if (error.isEmpty())
            emit finished();
        else
            emit failed(error);
    });
}

ScenarioMapJob::~ScenarioMapJob()
{
    // The worker posts each stage to this object: it must be done before the grid goes.
    m_job->stopAndWait();
}

void ScenarioMapJob::start(const sweep::SweepSpec &base, const sweep::GridAxis &x, const sweep::GridAxis &y,
                           const std::vector<int> &steps)
{
    std::uint64_t total = 0;
    for (int n : steps)
        total += std::uint64_t(n) * std::uint64_t(n);
    m_job->start(total, [this, base, x, y, steps](const BackgroundJob::StatePtr &state) -> std::any {
        const ProgressFn progress = [state](std::uint64_t, std::uint64_t) { return !state->stop.load(); };
        {
            for (std::size_t stage = 0; stage < steps.size(); ++stage) {
                sweep::SweepSpec spec = base;
                spec.grid = {x, y};
                spec.grid[0].steps = spec.grid[1].steps = steps[stage];
                const sweep::Design design = sweep::buildDesign(spec);
                const SimulationSettings settings = sweep::pointSettings(spec);
                MapGrid grid;
                grid.x = {x.param, spec.grid[0].values(), x.spacing};
                grid.y = {y.param, spec.grid[1].values(), y.spacing};
                grid.output = spec.outputs.front();
                grid.monthLabel = QString::fromStdString(spec.scenario.monthLabel(grid.output.month));
                grid.paths = spec.paths;
                grid.seed = spec.seed;
                grid.values.reserve(design.size());
                for (std::size_t i = 0; i < design.size(); ++i) {
                    // runPoint() without its own progress: the same scenario and settings, and a
                    // callback that lets cancel stop the point in flight.
                    const SimulationResult result =
                        simulate(sweep::pointScenario(spec, design, i), settings, progress);
                    if (state->stop.load() || result.cancelled)
                        return {};
                    grid.values.push_back(sweep::recordOutputs(spec, result).front());
                    state->done.fetch_add(1);
                }
                const bool last = stage + 1 == steps.size();
                QMetaObject::invokeMethod(
                    this,
                    [this, state, grid = std::move(grid), spec = std::move(spec), stage, last] {
                        if (state != m_job->current() || state->stop.load())
                            return; // a superseded run's stage: the newer one decides what shows
                        m_grid = grid;
                        m_gridSpec = spec;
                        emit gridReady(int(stage), last);
                    },
                    Qt::QueuedConnection);
            }
        }
        return {}; // an exception is the job's error (unless the run was stopped)
    });
}

void ScenarioMapJob::cancel()
{
    m_job->cancel();
}

} // namespace jevons::ui
