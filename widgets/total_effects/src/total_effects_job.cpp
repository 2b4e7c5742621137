#include "jevons/total_effects/total_effects_job.h"

#include <any>

namespace jevons::ui {

TotalEffectsJob::TotalEffectsJob(QObject *parent) : QObject(parent), m_job(new BackgroundJob(this))
{
    connect(m_job, &BackgroundJob::progressed, this, &TotalEffectsJob::progressed);
    connect(m_job, &BackgroundJob::ended, this, [this](bool stopped, const QString &error) {
        if (stopped) {
            emit cancelled();
            return;
        }
        const auto *result = std::any_cast<TotalEffectsPtr>(&m_job->result());
        if (result && *result)
            emit finished(*result);
        else
            emit failed(error.isEmpty() ? tr("the computation stopped without a result") : error);
    });
}

TotalEffectsJob::~TotalEffectsJob()
{
    // The worker holds the request by value, but it must not outlive the process's statics: wait for it.
    m_job->stopAndWait();
}

void TotalEffectsJob::start(const TotalEffectsRequest &request)
{
    m_job->start(request.runs(), [request](const BackgroundJob::StatePtr &state) -> std::any {
        std::optional<TotalEffects> result =
            computeTotalEffects(request, [state](std::uint64_t done, std::uint64_t total) {
                state->done.store(done);
                state->total.store(total);
                return !state->stop.load();
            });
        if (!result)
            return {};
        return TotalEffectsPtr(std::make_shared<const TotalEffects>(std::move(*result)));
    });
}

void TotalEffectsJob::cancel()
{
    m_job->cancel();
}

} // namespace jevons::ui
