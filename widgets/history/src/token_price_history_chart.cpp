#include "jevons/history/token_price_history_chart.h"

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
#include <QLocale>
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

TokenPriceHistoryChart::TokenPriceHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(true);
    m_basisBox = new QComboBox(this);
    m_basisBox->setObjectName(QStringLiteral("basisBox"));
    m_basisBox->addItem(tr("Blended 3:1 (input:output)"), int(data::PriceBasis::Blended));
    m_basisBox->addItem(tr("Input price"), int(data::PriceBasis::Input));
    m_basisBox->addItem(tr("Output price"), int(data::PriceBasis::Output));
    m_basisBox->setToolTip(tr("Blended = (3 × input + output) / 4, an assumed token mix"));
    m_basisBox->setAccessibleName(tr("Price basis"));
    connect(m_basisBox, &QComboBox::currentIndexChanged, this,
            [this] { setBasis(data::PriceBasis(m_basisBox->currentData().toInt())); });
    m_setBox = new QComboBox(this);
    m_setBox->setObjectName(QStringLiteral("modelSetBox"));
    m_setBox->addItem(tr("Fit: frontier models"), int(ModelSet::Frontier));
    m_setBox->addItem(tr("Fit: other tiers (smaller, older, long-context)"), int(ModelSet::NonFrontier));
    m_setBox->addItem(tr("Fit: all models"), int(ModelSet::All));
    m_setBox->setToolTip(
        tr("Models the exponential decline is fitted to (frontier = each provider's flagship "
           "at the time, the dataset's frontier column)"));
    m_setBox->setAccessibleName(tr("Models in the fit"));
    connect(m_setBox, &QComboBox::currentIndexChanged, this,
            [this] { setModelSet(ModelSet(m_setBox->currentData().toInt())); });
    addToolbarWidget(m_basisBox);
    addToolbarWidget(m_setBox);
    setLogScale(true); // prices span three orders of magnitude
}

void TokenPriceHistoryChart::setBasis(data::PriceBasis basis)
{
    if (m_basis == basis)
        return;
    m_basis = basis;
    const QSignalBlocker block(m_basisBox);
    m_basisBox->setCurrentIndex(m_basisBox->findData(int(basis)));
    markDirty();
}

void TokenPriceHistoryChart::setModelSet(ModelSet set)
{
    if (m_set == set)
        return;
    m_set = set;
    const QSignalBlocker block(m_setBox);
    m_setBox->setCurrentIndex(m_setBox->findData(int(set)));
    markDirty();
}

void TokenPriceHistoryChart::redraw()
{
    resetChart();
    m_fitPoints.clear();
    m_hasFit = false;
    m_fitSummary.clear();
    const data::Table *table = m_store->table("api_prices");
    if (!table)
        return;
    const QString unit = QStringLiteral("USD per million tokens");
    auto priceOf = [&](const data::Row &row) {
        const double input = table->number(row, "input_usd_per_mtok");
        const double output = table->number(row, "output_usd_per_mtok");
        switch (m_basis) {
        case data::PriceBasis::Input:
            return input;
        case data::PriceBasis::Output:
            return output;
        case data::PriceBasis::Blended:
            return (3 * input + output) / 4;
        }
        return input;
    };
    const QString basisName = m_basis == data::PriceBasis::Blended ? tr("blended 3:1")
                              : m_basis == data::PriceBasis::Input ? tr("input")
                                                                   : tr("output");
    auto inSet = [&](const data::Row &row) {
        const bool frontier = table->number(row, "frontier") == 1;
        return m_set == ModelSet::All || (m_set == ModelSet::Frontier) == frontier;
    };
    struct Point {
        double x, y;
        int plotted;
        bool user, inFit;
        QString model;
    };
    QStringList providers;
    std::map<QString, QList<Point>> byProvider;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, minY = HUGE_VAL, maxY = 0;
    for (const data::Row &row : table->rows) {
        const double price = priceOf(row);
        if (!(price > 0) || !std::isfinite(price))
            continue;
        const QString provider = cellText(*table, row, "provider").simplified();
        if (!providers.contains(provider, Qt::CaseInsensitive))
            providers << provider;
        const QString model = cellText(*table, row, "model");
        const QString tier = cellText(*table, row, "context_tier");
        Provenance p = rowProvenance(*table, row);
        p.label = tier.isEmpty() ? QStringLiteral("%1 (%2)").arg(model, provider)
                                 : QStringLiteral("%1 %2 (%3)").arg(model, tier, provider);
        p.value = price;
        p.unit = unit;
        p.valueText = tr("%1 %2").arg(formatWithUnit(price, unit), basisName);
        p.date = cellText(*table, row, "price_date");
        p.detail = tr("input %1, output %2%3")
                       .arg(formatWithUnit(table->number(row, "input_usd_per_mtok"), unit),
                            formatWithUnit(table->number(row, "output_usd_per_mtok"), unit),
                            table->number(row, "frontier") == 1 ? tr("; frontier tier") : QString())
                       .toHtmlEscaped();
        m_sources.add(*table, row);
        const data::Date &date = table->date(row, "price_date");
        const double x = dateToMsecs(date);
        const bool fit = inSet(row);
        QString label = model;
        if (!tier.isEmpty())
            label += QLatin1Char(' ') + tier;
        byProvider[provider.toLower()].append({x, price, addPlotted(p), row.userSupplied, fit, label});
        if (fit)
            m_fitPoints.push_back({date.midYear(), price, model.toStdString()});
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        minY = std::min(minY, price);
        maxY = std::max(maxY, price);
    }
    if (providers.isEmpty())
        return;
    const QString setName = m_set == ModelSet::Frontier ? tr("Frontier models")
                            : m_set == ModelSet::NonFrontier
                                ? tr("Other tiers (smaller, older, long-context)")
                                : tr("All models");
    try {
        m_fit = data::fitExponentialDecline(m_fitPoints);
        m_hasFit = true;
        const double halvingMonths = m_fit.halvingYears * 12;
        m_fitSummary =
            tr("%1, %2 (n = %3): prices ÷%4 per year (95 % CI ÷%5 – ÷%6), %7")
                .arg(setName, basisName)
                .arg(m_fit.n)
                .arg(QLocale().toString(m_fit.foldPerYear, 'f', 2))
                .arg(QLocale().toString(m_fit.foldLow, 'f', 2))
                .arg(QLocale().toString(m_fit.foldHigh, 'f', 2))
                .arg(std::isfinite(halvingMonths)
                         ? tr("halving every %1 months").arg(QLocale().toString(halvingMonths, 'f', 1))
                         : tr("not falling"));
    } catch (const std::exception &e) {
        m_fitSummary = tr("%1, %2: no fit (%3)").arg(setName, basisName, QString::fromUtf8(e.what()));
    }
    m_chart->setTitle(QStringLiteral("<b>%1</b><br><span style='font-weight:normal'><small>%2</small></span>")
                          .arg(title().toHtmlEscaped(), m_fitSummary.toHtmlEscaped()));

    const bool log = m_logScale;
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    QList<QPair<QScatterSeries *, Point>> labelled;
    for (int i = 0; i < providers.size(); ++i) {
        const QColor color = m_palette.series(i);
        QScatterSeries *series = addScatter(m_chart, providers[i], color, false, 9);
        QList<int> indices;
        const QList<Point> &points = byProvider[providers[i].toLower()];
        for (int k = 0; k < points.size(); ++k) {
            const Point &p = points[k];
            series->append(p.x, p.y);
            indices << p.plotted;
            if (!p.inFit)
                series->setPointConfiguration(int(series->count()) - 1, QXYSeries::PointConfiguration::Color,
                                              withAlpha(color, 0.3));
            labelled.append({series, p});
            if (p.user) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 15);
                userRing->append(p.x, p.y);
                userIndices << p.plotted;
            }
        }
        bindHover(series, indices);
    }
    if (userRing)
        bindHover(userRing, userIndices);
    QLineSeries *fitLine = nullptr;
    if (m_hasFit) {
        fitLine = new QLineSeries;
        fitLine->setName(tr("Fit: ÷%1 per year").arg(QLocale().toString(m_fit.foldPerYear, 'f', 2)));
        m_chart->addSeries(fitLine);
        QPen pen(m_palette.ink);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1.8);
        fitLine->setPen(pen);
        double first = HUGE_VAL, last = -HUGE_VAL;
        for (const data::PricePoint &p : m_fitPoints) {
            first = std::min(first, p.year);
            last = std::max(last, p.year);
        }
        const int steps = 24;
        for (int k = 0; k <= steps; ++k) {
            const double year = first + (last - first) * k / steps;
            const double price = m_fit.predict(year);
            fitLine->append(yearToMsecs(year), price);
            minY = std::min(minY, price);
            maxY = std::max(maxY, price);
        }
    }
    addYearAxis(minX, maxX);
    const AxisScale noScale;
    addValueAxis(axisTitle(tr("List price"), unit, noScale), minY, maxY * (log ? 1 : 1.1), log);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    // Fit members first, so that their labels win the space.
    std::stable_sort(labelled.begin(), labelled.end(),
                     [](const auto &a, const auto &b) { return a.second.inFit && !b.second.inFit; });
    for (const auto &[series, p] : labelled)
        m_labels->addLabel(series, QPointF(p.x, p.y), p.model,
                           p.inFit ? m_palette.ink : withAlpha(m_palette.muted, 0.8));
    styleSeriesLegend();
    makeLegendInteractive(m_chart);

    m_caption =
        tr("List prices of LLM APIs, %1, in USD per million tokens, one colour per provider, at the date a "
           "price took effect (a year-only date sits mid-year). Dashed: exponential decline fitted by least "
           "squares on log price to the %2 (solid points; faded points are not in the fit): %3. Rings: "
           "user-supplied.")
            .arg(basisName, setName.toLower(), m_fitSummary);
    m_csv = csvLine({QStringLiteral("series"), QStringLiteral("date"), QStringLiteral("model"),
                     QStringLiteral("price (USD per million tokens)"), QStringLiteral("in_fit"),
                     QStringLiteral("user_supplied")});
    for (const QString &provider : providers)
        for (const Point &p : byProvider[provider.toLower()])
            m_csv += csvLine({provider, m_plotted[p.plotted].date, p.model, csvNumber(p.y),
                              p.inFit ? QStringLiteral("1") : QStringLiteral("0"),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
    if (fitLine)
        for (const QPointF &p : fitLine->points())
            m_csv += csvLine({QStringLiteral("fit"),
                              QDateTime::fromMSecsSinceEpoch(qint64(p.x())).date().toString(Qt::ISODate),
                              QString(), csvNumber(p.y()), QString(), QString()});
}

} // namespace jevons::ui
