#include "jevons/history/history_overlays.h"

#include "jevons/charts/fan_chart.h"

#include <algorithm>

namespace jevons::ui {

int applyObservedHistory(const QList<FanChart *> &fans, const data::Dataset &dataset,
                         const Scenario &scenario)
{
    const QList<ObservedSeries> history = observedHistory(dataset, scenario);
    int applied = 0;
    for (FanChart *fan : fans) {
        if (!fan)
            continue;
        QList<FanChart::ObservedLine> lines;
        for (const ObservedSeries &s : history) {
            if (s.chartId != fan->chartId() || s.points.isEmpty())
                continue;
            lines.append({s.points, s.label, s.description, observedDetails(s), s.legend});
        }
        // Only the chart ids with history are touched: the others keep whatever they show.
        if (std::none_of(history.begin(), history.end(),
                         [&](const ObservedSeries &s) { return s.chartId == fan->chartId(); }))
            continue;
        fan->setHistories(lines);
        if (!lines.isEmpty())
            ++applied;
    }
    return applied;
}

} // namespace jevons::ui
