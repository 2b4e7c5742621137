// The observed history of observed_history.h: backtest::historyOverlays() in the fans' coordinates.
#include "jevons/market/observed_history.h"

#include "jevons/backtest/observations.h"

#include <QDateTime>
#include <QObject>

#include <cmath>

namespace jevons::ui {

int monthOffset(int year, int month, int startYear, int startMonth)
{
    return (year * 12 + month - 1) - (startYear * 12 + startMonth - 1);
}

double monthOffsetToMsecs(double offset, int startYear, int startMonth)
{
    const int whole = int(std::floor(offset));
    const int index = startYear * 12 + startMonth - 1 + whole;
    const QDateTime first(QDate(index / 12, index % 12 + 1, 1), QTime(0, 0));
    const QDateTime next = first.addMonths(1);
    return double(first.toMSecsSinceEpoch()) +
           (offset - whole) * double(next.toMSecsSinceEpoch() - first.toMSecsSinceEpoch());
}

QList<ObservedSeries> observedHistory(const data::Dataset &dataset, const Scenario &scenario)
{
    QList<ObservedSeries> out;
    const backtest::MonthIndex start = backtest::monthIndex(scenario.startYear, scenario.startMonth);
    for (const backtest::HistoryOverlay &o : backtest::historyOverlays(dataset, scenario)) {
        ObservedSeries s;
        s.chartId = QString::fromStdString(o.chartId);
        s.mappingId = QString::fromStdString(o.mappingId);
        s.likeForLike = o.likeForLike;
        s.primary = o.primary;
        for (const backtest::HistoryOverlay::Point &p : o.points)
            s.points.append(QPointF(p.month - start, p.value));
        s.label = QString::fromStdString(o.label);
        s.legend = QString::fromStdString(o.legend);
        s.unit = QString::fromUtf8(seriesInfo(o.series).unit);
        s.description = QString::fromStdString(o.explanation);
        if (const backtest::Mapping *m = backtest::findMapping(o.mappingId))
            s.reason = QObject::tr("Mapping (docs/model.md, Backtest): %1 Still differs: %2")
                           .arg(QString::fromStdString(m->reason), QString::fromStdString(m->differences));
        for (const backtest::RowRef &r : o.sources)
            s.sources << QStringLiteral("%1 › %2; as of %3%4")
                             .arg(QString::fromStdString(r.file), QString::fromStdString(r.key),
                                  QString::fromStdString(r.asOf),
                                  r.userSupplied ? QObject::tr(" (user-supplied)") : QString());
        s.userSupplied = o.userSupplied;
        // The fan's solid line first.
        if (s.primary)
            out.prepend(s);
        else
            out.append(s);
    }
    return out;
}

QString observedDetails(const ObservedSeries &series)
{
    QString details = series.reason.isEmpty() ? series.description : series.reason;
    if (!series.sources.isEmpty())
        details += QObject::tr("\nRows: %1").arg(series.sources.join(QStringLiteral("; ")));
    return details;
}

} // namespace jevons::ui
