#include "jevons/history/capex_history_chart.h"

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

CapexHistoryChart::CapexHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
    m_periodBox = new QComboBox(this);
    m_periodBox->setObjectName(QStringLiteral("periodBox"));
    m_periodBox->addItem(tr("By calendar year"));
    m_periodBox->addItem(tr("By quarter"));
    m_periodBox->setAccessibleName(tr("Capex period"));
    connect(m_periodBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setPeriod(index == 1 ? Period::Quarter : Period::Year); });
    addToolbarWidget(m_periodBox);
}

void CapexHistoryChart::setPeriod(Period period)
{
    if (m_period == period)
        return;
    m_period = period;
    const QSignalBlocker block(m_periodBox);
    m_periodBox->setCurrentIndex(period == Period::Quarter ? 1 : 0);
    markDirty();
}

void CapexHistoryChart::redraw()
{
    resetChart();
    const data::Table *annual = m_store->table("capex_annual");
    const data::Table *quarterly = m_store->table("capex_quarterly");
    if (!annual || !quarterly)
        return;
    const std::vector<CapexYear> years = capexByYear(*annual);
    const std::vector<CapexQuarter> quarters = capexByQuarter(*quarterly);
    const QStringList companies = capexCompanies(years, quarters);
    const bool byYear = m_period == Period::Year;
    const QString unit = byYear ? QStringLiteral("USD per year") : QStringLiteral("USD per quarter");

    // Segment kinds of a company, in stacking order: actual, user-supplied, guidance.
    enum Style { Actual, User, Guidance };
    struct Cell {
        double usd = 0;
        int plotted = -1;
        Style style = Actual;
    };
    QStringList categories;
    std::map<QString, std::map<int, Cell>> cells; // company (lower) -> category -> cell
    if (byYear) {
        std::set<int> yearSet;
        for (const CapexYear &y : years)
            yearSet.insert(y.year);
        for (int y : yearSet)
            categories << QString::number(y);
        for (const CapexYear &y : years) {
            Provenance p = rowProvenance(*annual, *y.row);
            p.label = tr("%1, %2").arg(y.company, cellText(*annual, *y.row, "year_label"));
            p.value = y.usdBn.value * 1e9;
            p.unit = unit;
            p.valueText = y.usdBn.describe(QStringLiteral("USD"), 1e9);
            const QString basis = cellText(*annual, *y.row, "basis");
            p.date = tr("year ending %1").arg(cellText(*annual, *y.row, "period_end"));
            QStringList detail;
            if (!basis.isEmpty())
                detail << tr("Basis: %1").arg(basis).toHtmlEscaped();
            for (const data::Row *g : y.guidanceRows) {
                const RangedValue gv =
                    rangedValue(*annual, *g, "capex_usd_bn", "capex_usd_bn_low", "capex_usd_bn_high");
                detail << tr("Guidance (as of %1): %2")
                              .arg(cellText(*annual, *g, "as_of"), gv.describe(QStringLiteral("USD"), 1e9))
                              .toHtmlEscaped();
            }
            p.detail = detail.join(QStringLiteral("<br>"));
            m_sources.add(*annual, *y.row);
            Cell cell;
            cell.usd = y.usdBn.value * 1e9;
            cell.plotted = addPlotted(p);
            cell.style = y.row->userSupplied ? User : y.guidance ? Guidance : Actual;
            cells[y.company.toLower()][int(categories.indexOf(QString::number(y.year)))] = cell;
        }
    } else {
        std::set<int> keys;
        for (const CapexQuarter &q : quarters)
            keys.insert(q.year * 4 + q.quarter - 1);
        for (int k : keys)
            categories << QStringLiteral("%1 Q%2").arg(k / 4).arg(k % 4 + 1);
        for (const CapexQuarter &q : quarters) {
            Provenance p = rowProvenance(*quarterly, *q.row);
            p.label = tr("%1, %2-Q%3").arg(q.company).arg(q.year).arg(q.quarter);
            p.value = q.usdBn * 1e9;
            p.unit = unit;
            p.valueText = formatWithUnit(q.usdBn * 1e9, QStringLiteral("USD"));
            p.date = QStringLiteral("%1-Q%2").arg(q.year).arg(q.quarter);
            const QString basis = cellText(*quarterly, *q.row, "basis");
            if (!basis.isEmpty())
                p.detail = tr("Basis: %1").arg(basis).toHtmlEscaped();
            m_sources.add(*quarterly, *q.row);
            Cell cell;
            cell.usd = q.usdBn * 1e9;
            cell.plotted = addPlotted(p);
            cell.style = q.row->userSupplied ? User : Actual;
            cells[q.company.toLower()]
                 [int(categories.indexOf(QStringLiteral("%1 Q%2").arg(q.year).arg(q.quarter)))] = cell;
        }
    }
    std::vector<double> totals(std::size_t(categories.size()), 0);
    for (const auto &[company, byCategory] : cells)
        for (const auto &[c, cell] : byCategory)
            totals[std::size_t(c)] += cell.usd;
    const double maxTotal = totals.empty() ? 0 : *std::max_element(totals.begin(), totals.end());
    const AxisScale scale = chooseAxisScale(maxTotal);

    auto *series = new QStackedBarSeries;
    series->setBarWidth(byYear ? 0.6 : 0.75);
    struct SetInfo {
        QBarSet *set;
        int company;
        Style style;
    };
    QList<SetInfo> sets;
    for (const Style style : {Actual, User, Guidance}) {
        for (int i = 0; i < companies.size(); ++i) {
            QList<qreal> values;
            QList<int> indices;
            bool any = false;
            for (int c = 0; c < categories.size(); ++c) {
                auto it = cells[companies[i].toLower()].find(c);
                const bool here = it != cells[companies[i].toLower()].end() && it->second.style == style;
                values << (here ? it->second.usd / scale.divisor : 0.0);
                indices << (here ? it->second.plotted : -1);
                any = any || here;
            }
            if (!any)
                continue;
            const QString name = style == Actual ? companies[i]
                                 : style == User ? tr("%1 (user-supplied)").arg(companies[i])
                                                 : tr("%1 guidance").arg(companies[i]);
            auto *set = new QBarSet(name);
            set->append(values);
            series->append(set);
            bindHover(set, indices);
            sets.append({set, i, style});
        }
    }
    m_chart->addSeries(series);
    for (const SetInfo &s : sets) {
        const QColor color = m_palette.series(s.company);
        switch (s.style) {
        case Actual:
            s.set->setBrush(color);
            s.set->setPen(Qt::NoPen);
            break;
        case User:
            s.set->setBrush(QBrush(color, Qt::CrossPattern));
            s.set->setPen(QPen(color, 1.5));
            break;
        case Guidance:
            s.set->setBrush(QBrush(color, Qt::BDiagPattern));
            s.set->setPen(QPen(color, 1.5, Qt::DashLine));
            break;
        }
    }
    auto *axisX = new QBarCategoryAxis;
    for (const QString &category : categories) // quarters on two lines, "Q1" over "22": narrow bars
        axisX->append(byYear ? category
                             : category.section(QLatin1Char(' '), 1) + QStringLiteral("<br>") +
                                   category.section(QLatin1Char(' '), 0, 0).right(2));
    axisX->setTitleText(byYear ? tr("Calendar year")
                               : tr("Calendar quarter and year (Q1 22 = January to March 2022)"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    addValueAxis(axisTitle(tr("Capex"), unit, scale), 0, maxTotal / scale.divisor * 1.12, false);
    attachToAxes(series);
    if (byYear)
        for (int c = 0; c < categories.size(); ++c)
            m_labels->addLabel(series, QPointF(c, totals[std::size_t(c)] / scale.divisor),
                               formatWithUnit(totals[std::size_t(c)], QStringLiteral("USD")), m_palette.ink,
                               true);
    styleSeriesLegend();

    m_caption =
        byYear
            ? tr("Capital expenditure of the largest cloud companies per calendar year, stacked by company. "
                 "Definitions differ by company (the tooltip gives the basis); Microsoft's calendar years "
                 "are sums of its quarters. Hatched with a dashed edge: guidance, for years without a "
                 "reported figure (the midpoint of a range); guidance for reported years is in the "
                 "tooltip. Cross-hatched: user-supplied. Group totals are left out.")
            : tr("Capital expenditure per calendar quarter, stacked by company; a company without a "
                 "figure for a quarter adds nothing to its bar (the dataset has Alphabet and Amazon "
                 "only from 2024-Q4). Cross-hatched: user-supplied.");
    QStringList header{byYear ? QStringLiteral("year") : QStringLiteral("quarter")};
    for (const SetInfo &s : sets)
        header << QStringLiteral("%1 (USD billions)").arg(s.set->label());
    m_csv = csvLine(header);
    for (int c = 0; c < categories.size(); ++c) {
        QStringList row{categories[c]};
        for (const SetInfo &s : sets) {
            auto it = cells[companies[s.company].toLower()].find(c);
            row << (it != cells[companies[s.company].toLower()].end() && it->second.style == s.style
                        ? csvNumber(it->second.usd / 1e9)
                        : QString());
        }
        m_csv += csvLine(row);
    }
}

} // namespace jevons::ui
