#include "jevons/scenario_map/scenario_map_job.h"

#include <QTimer>
#include <QtConcurrent>

#include <exception>

namespace jevons::ui {

ScenarioMapJob::ScenarioMapJob(QObject *parent) : QObject(parent)
{
    m_watcher = new QFutureWatcher<QString>(this);
    connect(m_watcher, &QFutureWatcherBase::finished, this, &ScenarioMapJob::onFinished);
    m_poll = new QTimer(this);
    m_poll->setInterval(50);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_state && !m_state->stop.load())
            emit progressed(m_state->done.load(), m_state->total);
    });
}

ScenarioMapJob::~ScenarioMapJob()
{
    // The worker holds its spec by value but posts each stage to this object: wait for it.
    if (m_state)
        m_state->stop.store(true);
    m_watcher->waitForFinished();
}

void ScenarioMapJob::start(const sweep::SweepSpec &base, const sweep::GridAxis &x, const sweep::GridAxis &y,
                           const std::vector<int> &steps)
{
    auto launch = [this, base, x, y, steps] {
        auto state = std::make_shared<State>();
        for (int n : steps)
            state->total += n * n;
        m_state = state;
        m_watcher->setFuture(QtConcurrent::run([this, state, base, x, y, steps]() -> QString {
            const ProgressFn progress = [state](std::uint64_t, std::uint64_t) { return !state->stop.load(); };
            try {
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
                            if (state != m_state || state->stop.load())
                                return; // a superseded run's stage: the newer one decides what shows
                            m_grid = grid;
                            m_gridSpec = spec;
                            emit gridReady(int(stage), last);
                        },
                        Qt::QueuedConnection);
                }
                return {};
            } catch (const std::exception &e) {
                return state->stop.load() ? QString() : QString::fromUtf8(e.what());
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

void ScenarioMapJob::cancel()
{
    m_pending = nullptr;
    if (m_state)
        m_state->stop.store(true);
}

void ScenarioMapJob::onFinished()
{
    // The stages this run posted were queued before its future finished, so they have been delivered.
    const std::shared_ptr<State> state = std::move(m_state);
    m_poll->stop();
    const QString error = m_watcher->result();
    if (m_pending) {
        const std::function<void()> next = std::move(m_pending);
        m_pending = nullptr;
        next();
        return;
    }
    if (state && state->stop.load()) {
        emit cancelled();
    } else if (error.isEmpty()) {
        emit progressed(state ? state->total : 0, state ? state->total : 0);
        emit finished();
    } else {
        emit failed(error);
    }
}

} // namespace jevons::ui
