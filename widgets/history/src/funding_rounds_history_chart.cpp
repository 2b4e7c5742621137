#include "jevons/history/funding_rounds_history_chart.h"

#include "history_chart_helpers.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/data_store.h"
#include "jevons/market/history_data.h"
#include "jevons/history/history_overlays.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QGraphicsLayout>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMenu>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QToolButton>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace jevons::ui {

using namespace history_detail;

FundingRoundsHistoryChart::FundingRoundsHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void FundingRoundsHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("funding_rounds");
    if (!table)
        return;
    struct Round {
        double x;
        double amount; ///< in millions of `currency`
        QString currency, lab;
        int plotted;
        bool user;
    };
    QStringList labs;
    QList<Round> rounds;
    double maxAmount = 0, minX = HUGE_VAL, maxX = -HUGE_VAL;
    int skipped = 0;
    for (const data::Row &row : table->rows) {
        const double amount = table->number(row, "amount_m");
        if (!std::isfinite(amount) || amount <= 0) {
            ++skipped;
            continue;
        }
        const QString lab = cellText(*table, row, "lab").simplified();
        if (!labs.contains(lab, Qt::CaseInsensitive))
            labs << lab;
        const QString currency = cellText(*table, row, "amount_currency").trimmed().toUpper();
        const QString moneyUnit = currency == QLatin1String("USD") ? QStringLiteral("USD") : currency;
        Provenance p = rowProvenance(*table, row);
        const QString round = cellText(*table, row, "round");
        p.label = round.isEmpty() ? lab : QStringLiteral("%1, %2").arg(lab, round);
        p.value = amount * 1e6;
        p.unit = tr("%1 (amount raised)").arg(currency);
        p.valueText = currency == QLatin1String("USD")
                          ? formatWithUnit(amount * 1e6, QStringLiteral("USD"))
                          : QStringLiteral("%1 %2").arg(currency, formatCompact(amount * 1e6));
        p.date = cellText(*table, row, "date");
        QStringList detail;
        const QString leads = cellText(*table, row, "lead_investors");
        const QString others = cellText(*table, row, "other_investors");
        if (!leads.isEmpty())
            detail << tr("Lead: %1")
                          .arg(QString(leads).replace(QLatin1Char(';'), QLatin1String(",")))
                          .toHtmlEscaped();
        if (!others.isEmpty())
            detail << tr("Also: %1")
                          .arg(QString(others).replace(QLatin1Char(';'), QLatin1String(",")))
                          .toHtmlEscaped();
        const RangedValue valuation =
            rangedValue(*table, row, "valuation_bn", "valuation_bn_low", "valuation_bn_high");
        if (valuation.valid)
            detail << tr("Valuation: %1 %2 (%3)")
                          .arg(cellText(*table, row, "valuation_currency"),
                               valuation.describe(QString(), 1e9), cellText(*table, row, "valuation_basis"))
                          .toHtmlEscaped();
        p.detail = detail.join(QStringLiteral("<br>"));
        m_sources.add(*table, row);
        const double x = dateToMsecs(table->date(row, "date"));
        rounds.append({x, amount, currency, lab, addPlotted(p), row.userSupplied});
        maxAmount = std::max(maxAmount, amount);
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
    }
    if (rounds.isEmpty())
        return;
    // Bubble area proportional to the amount: diameter ~ sqrt(amount), the largest 54 px across.
    auto diameter = [&](double amount) { return std::max(6.0, 54.0 * std::sqrt(amount / maxAmount)); };
    // One series per round: Qt 6.4 draws a point whose size is set per point (PointConfiguration::Size)
    // off its centre, by half the difference to the series' marker size.
    QList<QPair<QScatterSeries *, Round>> labelled;
    for (const Round &r : rounds) {
        const int labIndex = int(labs.indexOf(r.lab));
        QString name = r.lab;
        if (r.currency != QLatin1String("USD"))
            name += QStringLiteral(" (%1)").arg(r.currency);
        if (r.user)
            name += tr(" (user-supplied)");
        QScatterSeries *series = addScatter(m_chart, name, withAlpha(m_palette.series(labIndex), 0.55),
                                            r.user, diameter(r.amount));
        if (r.user) {
            QPen pen(m_palette.series(labIndex));
            pen.setWidthF(2);
            series->setPen(pen);
        }
        series->append(r.x, labIndex);
        bindHover(series, {r.plotted});
        labelled.append({series, r});
    }
    QCategoryAxis *axisX = addYearAxis(minX, maxX);
    axisX->setTitleText(tr("Date announced or closed"));
    auto *axisY = new QCategoryAxis;
    axisY->setStartValue(-0.5);
    for (int i = 0; i < labs.size(); ++i)
        axisY->append(labs[i], i + 0.5);
    axisY->setRange(-0.5, double(labs.size()) - 0.5);
    axisY->setLabelsPosition(QCategoryAxis::AxisLabelsPositionCenter);
    axisY->setGridLineVisible(false);
    axisY->setReverse(true);
    m_chart->addAxis(axisY, Qt::AlignLeft);
    styleAxis(axisY, m_palette, false);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    std::stable_sort(labelled.begin(), labelled.end(),
                     [](const auto &a, const auto &b) { return a.second.amount > b.second.amount; });
    for (const auto &[series, r] : labelled) {
        const QString text = r.currency == QLatin1String("USD")
                                 ? formatWithUnit(r.amount * 1e6, QStringLiteral("USD"))
                                 : QStringLiteral("€%1").arg(formatCompact(r.amount * 1e6));
        m_labels->addLabel(series, QPointF(r.x, double(labs.indexOf(r.lab))), text, m_palette.ink, false,
                           diameter(r.amount) / 2 + 3);
    }
    styleSeriesLegend();
    m_chart->legend()->setVisible(false); // the lab names are on the axis; the legend would repeat them
    m_caption =
        tr("Major funding rounds of AI labs by date; bubble area is proportional to the amount raised "
           "(largest: %1). Amounts are in the currency raised: euro rounds (€) are not converted, as the "
           "dataset holds no exchange rate. Rows without an amount (e.g. valuation reports) are not "
           "drawn: %2. Hollow bubbles: user-supplied.")
            .arg(formatCompact(maxAmount * 1e6), countText(skipped, tr("row"), tr("rows")));
    m_csv = csvLine({QStringLiteral("lab"), QStringLiteral("date"), QStringLiteral("round"),
                     QStringLiteral("amount (millions of currency)"), QStringLiteral("currency"),
                     QStringLiteral("user_supplied")});
    for (const Round &r : rounds)
        m_csv += csvLine({r.lab, m_plotted[r.plotted].date, m_plotted[r.plotted].label, csvNumber(r.amount),
                          r.currency, r.user ? QStringLiteral("1") : QStringLiteral("0")});
}

} // namespace jevons::ui
