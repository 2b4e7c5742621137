#include "jevons/history/ai_investment_history_chart.h"

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

AiInvestmentHistoryChart::AiInvestmentHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void AiInvestmentHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("ai_investment");
    if (!table)
        return;
    // Groups drawn, each matching region names in order of preference. The dataset has no European total
    // (README, "Left out"): Europe is a region named Europe or EU if a user supplies one, else the derived
    // sum of the four European countries it has.
    struct Group {
        QString name;
        QStringList regions;
    };
    const QList<Group> groups = {
        {tr("United States"), {QStringLiteral("United States")}},
        {tr("China"), {QStringLiteral("China")}},
        {tr("Europe"),
         {QStringLiteral("Europe"), QStringLiteral("European Union"), QStringLiteral("EU"),
          QStringLiteral("United Kingdom + Sweden + France + Germany")}},
        {tr("United Kingdom"), {QStringLiteral("United Kingdom")}},
    };
    struct Cell {
        double usd = 0;
        int plotted = -1;
        bool user = false;
        QString region;
    };
    std::set<int> yearSet;
    for (const data::Row &row : table->rows)
        if (cellText(*table, row, "metric") == QLatin1String("private_ai") &&
            std::isfinite(table->number(row, "value_usd_bn")))
            yearSet.insert(table->date(row, "year").year);
    const std::vector<int> years(yearSet.begin(), yearSet.end());
    std::vector<std::vector<Cell>> cells(std::size_t(groups.size()), std::vector<Cell>(years.size()));
    double maxValue = 0;
    bool europeDerived = false;
    for (int g = 0; g < groups.size(); ++g) {
        for (std::size_t y = 0; y < years.size(); ++y) {
            const data::Row *best = nullptr;
            int bestRank = 1 << 30;
            for (const data::Row &row : table->rows) {
                if (cellText(*table, row, "metric") != QLatin1String("private_ai") ||
                    table->date(row, "year").year != years[y] ||
                    !std::isfinite(table->number(row, "value_usd_bn")))
                    continue;
                for (int r = 0; r < groups[g].regions.size(); ++r)
                    if (sameText(cellText(*table, row, "region"), groups[g].regions[r]) &&
                        (r < bestRank || (r == bestRank && row.userSupplied))) {
                        best = &row;
                        bestRank = r;
                    }
            }
            if (!best)
                continue;
            Cell &cell = cells[std::size_t(g)][y];
            cell.usd = table->number(*best, "value_usd_bn") * 1e9;
            cell.user = best->userSupplied;
            cell.region = cellText(*table, *best, "region");
            if (g == 2 && bestRank == 3)
                europeDerived = true;
            Provenance p = rowProvenance(*table, *best);
            p.label = tr("%1, %2").arg(cell.region).arg(years[y]);
            p.value = cell.usd;
            p.unit = QStringLiteral("USD per year");
            p.valueText = formatWithUnit(cell.usd, QStringLiteral("USD"));
            p.date = QString::number(years[y]);
            cell.plotted = addPlotted(p);
            m_sources.add(*table, *best);
            maxValue = std::max(maxValue, cell.usd);
        }
    }
    const AxisScale scale = chooseAxisScale(maxValue);
    auto *series = new QBarSeries;
    series->setBarWidth(0.8);
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(4);
    struct SetInfo {
        QBarSet *set;
        int group;
        bool user;
    };
    QList<SetInfo> sets;
    for (int g = 0; g < groups.size(); ++g) {
        for (const bool user : {false, true}) {
            QList<qreal> values;
            QList<int> indices;
            bool any = false;
            for (std::size_t y = 0; y < years.size(); ++y) {
                const Cell &cell = cells[std::size_t(g)][y];
                const bool here = cell.plotted >= 0 && cell.user == user;
                values << (here ? cell.usd / scale.divisor : 0.0);
                indices << (here ? cell.plotted : -1);
                any = any || here;
            }
            if (!any)
                continue;
            QString name = groups[g].name;
            if (g == 2 && europeDerived)
                name = tr("Europe (UK + Sweden + France + Germany)");
            if (user)
                name = tr("%1 (user-supplied)").arg(name);
            auto *set = new QBarSet(name);
            set->append(values);
            series->append(set);
            bindHover(set, indices);
            sets.append({set, g, user});
        }
    }
    m_chart->addSeries(series);
    for (const SetInfo &s : sets) {
        const QColor color = m_palette.series(s.group);
        s.set->setBrush(s.user ? userBrush(color) : QBrush(color));
        s.set->setPen(s.user ? QPen(color, 1.5) : QPen(Qt::NoPen));
        s.set->setLabelColor(m_palette.ink);
    }
    auto *axisX = new QBarCategoryAxis;
    for (int y : years)
        axisX->append(QString::number(y));
    axisX->setTitleText(tr("Year"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    addValueAxis(axisTitle(tr("Private investment"), QStringLiteral("USD per year"), scale), 0,
                 maxValue / scale.divisor * 1.12, false);
    attachToAxes(series);
    styleSeriesLegend();
    m_caption =
        tr("Private investment in AI companies by country (Stanford AI Index; 2025 edition for 2024, 2024 "
           "edition for 2023). The dataset has no European total: \"Europe\" is the sum of the United "
           "Kingdom, Sweden, France and Germany, given for 2024 only; for 2023 only the United Kingdom is "
           "known. Hatched: user-supplied.");
    QStringList header{QStringLiteral("year")};
    for (const SetInfo &s : sets)
        header << QStringLiteral("%1 (USD billions)").arg(s.set->label());
    m_csv = csvLine(header);
    for (std::size_t y = 0; y < years.size(); ++y) {
        QStringList row{QString::number(years[y])};
        for (const SetInfo &s : sets) {
            const Cell &cell = cells[std::size_t(s.group)][y];
            row << (cell.plotted >= 0 && cell.user == s.user ? csvNumber(cell.usd / 1e9) : QString());
        }
        m_csv += csvLine(row);
    }
}

} // namespace jevons::ui
