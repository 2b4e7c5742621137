#include "jevons/history/shipments_history_chart.h"

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

ShipmentsHistoryChart::ShipmentsHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
    m_measureBox = new QComboBox(this);
    m_measureBox->setObjectName(QStringLiteral("measureBox"));
    // Short items: beside the estimator box they must fit a half-width chart (the tooltip says the rest).
    m_measureBox->addItem(tr("Accelerators"));
    m_measureBox->addItem(tr("H100e"));
    m_measureBox->setToolTip(tr("Count accelerators, or their compute in H100-equivalents (8-bit peak): "
                                "given only where the estimator gives it"));
    m_measureBox->setAccessibleName(tr("Shipments measure"));
    connect(m_measureBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMeasure(index == 1 ? Measure::H100e : Measure::Units); });
    m_estimatorBox = new QComboBox(this);
    m_estimatorBox->setObjectName(QStringLiteral("estimatorBox"));
    m_estimatorBox->setToolTip(tr("Estimators count different things (Epoch AI: leading AI accelerators; "
                                  "TechInsights: all data-centre GPUs): compare one at a time"));
    m_estimatorBox->setAccessibleName(tr("Estimator"));
    connect(m_estimatorBox, &QComboBox::currentIndexChanged, this, [this] { markDirty(); });
    addToolbarWidget(m_measureBox);
    addToolbarWidget(m_estimatorBox);
    dataChanged();
}

void ShipmentsHistoryChart::setMeasure(Measure measure)
{
    if (m_measure == measure)
        return;
    m_measure = measure;
    const QSignalBlocker block(m_measureBox);
    m_measureBox->setCurrentIndex(measure == Measure::H100e ? 1 : 0);
    markDirty();
}

QStringList ShipmentsHistoryChart::estimators() const
{
    QStringList out;
    for (int i = 0; i < m_estimatorBox->count(); ++i)
        out << m_estimatorBox->itemText(i);
    return out;
}

void ShipmentsHistoryChart::setEstimator(const QString &estimator)
{
    const int index = m_estimatorBox->findText(estimator, Qt::MatchFixedString);
    if (index >= 0)
        m_estimatorBox->setCurrentIndex(index);
}

QString ShipmentsHistoryChart::estimator() const
{
    return m_estimatorBox->currentText();
}

void ShipmentsHistoryChart::dataChanged()
{
    const data::Table *table = m_store->table("accelerator_shipments");
    QStringList names;
    if (table) {
        for (const data::Row &row : table->rows) {
            const QString name = cellText(*table, row, "estimator").simplified();
            if (table->date(row, "period").precision == data::DatePrecision::Year &&
                cellText(*table, row, "buyer").isEmpty() && !names.contains(name, Qt::CaseInsensitive))
                names << name;
        }
    }
    const QString current =
        m_estimatorBox->count() ? m_estimatorBox->currentText() : QStringLiteral("Epoch AI");
    const QSignalBlocker block(m_estimatorBox);
    m_estimatorBox->clear();
    m_estimatorBox->addItems(names);
    const int index = m_estimatorBox->findText(current, Qt::MatchFixedString);
    m_estimatorBox->setCurrentIndex(std::max(0, index));
}

void ShipmentsHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("accelerator_shipments");
    if (!table)
        return;
    const QString estimatorName = estimator();
    const bool h100e = m_measure == Measure::H100e;
    const QString unit = h100e ? QStringLiteral("H100e") : QStringLiteral("accelerators");

    // vendor -> year -> rows of that vendor and year (this estimator, all buyers, yearly).
    std::map<QString, std::map<int, std::vector<const data::Row *>>> groups;
    QStringList vendorNames;
    for (const data::Row &row : table->rows) {
        const data::Date &period = table->date(row, "period");
        if (!sameText(cellText(*table, row, "estimator"), estimatorName) ||
            !cellText(*table, row, "buyer").isEmpty() || period.precision != data::DatePrecision::Year)
            continue;
        const QString vendor = cellText(*table, row, "vendor").simplified();
        groups[vendor.toLower()][period.year].push_back(&row);
        if (!vendorNames.contains(vendor, Qt::CaseInsensitive))
            vendorNames << vendor;
    }
    struct Cell {
        double value = 0;
        int plotted = -1;
        bool user = false;
        RangedValue range; ///< of a value from one row: its stated range or bound
    };
    std::map<QString, std::map<int, Cell>> cells; // vendor (lower case) -> year -> cell
    std::set<int> years;
    auto valueOf = [&](const data::Row &row) {
        if (h100e) {
            RangedValue v;
            v.value = table->number(row, "h100e");
            v.valid = v.isPoint = std::isfinite(v.value);
            return v;
        }
        return rangedValue(*table, row, "units", "units_low", "units_high");
    };
    for (const QString &vendor : vendorNames) {
        for (const auto &[year, rows] : groups[vendor.toLower()]) {
            std::vector<const data::Row *> totals, products;
            for (const data::Row *row : rows)
                (isTotalProduct(cellText(*table, *row, "product")) ? totals : products).push_back(row);
            Provenance p;
            double value = 0;
            std::vector<const data::Row *> used;
            QStringList detail;
            RangedValue range;
            if (!totals.empty() && valueOf(*totals.front()).valid) {
                const RangedValue v = valueOf(*totals.front());
                range = v;
                used = {totals.front()};
                p = rowProvenance(*table, *totals.front());
                value = v.value;
                p.valueText = v.describe(unit);
                p.label = QStringLiteral("%1, %2 — %3")
                              .arg(vendor)
                              .arg(year)
                              .arg(cellText(*table, *totals.front(), "product"));
                for (const data::Row *row : products) {
                    const RangedValue pv = valueOf(*row);
                    if (pv.valid)
                        detail << QStringLiteral("&nbsp;&nbsp;%1: %2%3")
                                      .arg(cellText(*table, *row, "product").toHtmlEscaped(),
                                           pv.describe(unit).toHtmlEscaped(),
                                           row->userSupplied ? tr(" <b>(user-supplied)</b>") : QString());
                }
                if (!detail.isEmpty())
                    detail.prepend(tr("Products in the data (part of the total, not added):"));
            } else {
                for (const data::Row *row : products) {
                    const RangedValue pv = valueOf(*row);
                    if (!pv.valid)
                        continue;
                    value += pv.value;
                    used.push_back(row);
                    detail << QStringLiteral("&nbsp;&nbsp;%1: %2%3")
                                  .arg(cellText(*table, *row, "product").toHtmlEscaped(),
                                       pv.describe(unit).toHtmlEscaped(),
                                       row->userSupplied ? tr(" <b>(user-supplied)</b>") : QString());
                }
                if (used.empty())
                    continue;
                p = combinedProvenance(*table, used);
                p.valueText =
                    used.size() == 1
                        ? valueOf(*used.front()).describe(unit)
                        : tr("%1 (sum of %2)")
                              .arg(formatWithUnit(value, unit),
                                   countText(qsizetype(used.size()), tr("product"), tr("products")));
                p.label = used.size() == 1 ? QStringLiteral("%1, %2 — %3")
                                                 .arg(vendor)
                                                 .arg(year)
                                                 .arg(cellText(*table, *used.front(), "product"))
                                           : QStringLiteral("%1, %2").arg(vendor).arg(year);
                if (used.size() > 1)
                    detail.prepend(tr("Sum of:"));
                else
                    detail.clear();
            }
            p.value = value;
            p.unit = unit;
            p.date = QString::number(year);
            p.detail = detail.join(QStringLiteral("<br>"));
            m_sources.add(*table, used);
            if (used.size() == 1)
                range = valueOf(*used.front());
            Cell cell;
            cell.value = value;
            cell.user = p.userSupplied;
            cell.range = range;
            cell.plotted = addPlotted(p);
            cells[vendor.toLower()][year] = cell;
            years.insert(year);
        }
    }
    // Vendors by their total, largest at the bottom of the stack.
    std::map<QString, double> vendorTotals;
    for (const auto &[vendor, byYear] : cells)
        for (const auto &[year, cell] : byYear)
            vendorTotals[vendor] += cell.value;
    QStringList vendors;
    for (const QString &v : vendorNames)
        if (vendorTotals.count(v.toLower()))
            vendors << v;
    std::stable_sort(vendors.begin(), vendors.end(), [&](const QString &a, const QString &b) {
        return vendorTotals[a.toLower()] > vendorTotals[b.toLower()];
    });
    const std::vector<int> yearList(years.begin(), years.end());
    double maxStack = 0;
    std::vector<double> stackTotals(yearList.size(), 0);
    for (std::size_t c = 0; c < yearList.size(); ++c) {
        for (const QString &v : vendors) {
            auto it = cells[v.toLower()].find(yearList[c]);
            if (it != cells[v.toLower()].end())
                stackTotals[c] += it->second.value;
        }
        maxStack = std::max(maxStack, stackTotals[c]);
    }
    const AxisScale scale = chooseAxisScale(maxStack);

    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.6);
    struct SetInfo {
        QString name;
        QBarSet *set;
    };
    QList<SetInfo> sets;
    struct RangeBar {
        int category;
        double low, high;
        QString vendor;
    };
    QList<RangeBar> rangeBars;
    std::vector<double> base(yearList.size(), 0); // top of the stack so far, per year
    for (int i = 0; i < vendors.size(); ++i) {
        const QString &vendor = vendors[i];
        for (const bool user : {false, true}) {
            QList<qreal> values;
            QList<int> indices;
            bool any = false;
            for (std::size_t c = 0; c < yearList.size(); ++c) {
                auto it = cells[vendor.toLower()].find(yearList[c]);
                const bool here = it != cells[vendor.toLower()].end() && it->second.user == user;
                values << (here ? it->second.value / scale.divisor : 0.0);
                indices << (here ? it->second.plotted : -1);
                any = any || here;
                if (!here)
                    continue;
                // A stated range (not a bound) is drawn as a bar over the segment, from the stack's base.
                const RangedValue &r = it->second.range;
                if (r.valid && !r.isPoint && r.hasLow && r.hasHigh)
                    rangeBars.append({int(c), base[c] + r.low, base[c] + r.high, vendor});
                base[c] += it->second.value;
            }
            if (!any)
                continue;
            auto *set = new QBarSet(user ? tr("%1 (user-supplied)").arg(vendor) : vendor);
            set->append(values);
            series->append(set);
            bindHover(set, indices);
            sets.append({vendor, set});
        }
    }
    m_chart->addSeries(series);
    for (int i = 0; i < sets.size(); ++i) {
        const QColor color = m_palette.series(int(vendors.indexOf(sets[i].name)));
        const bool user = sets[i].set->label().endsWith(tr("(user-supplied)"));
        sets[i].set->setBrush(user ? userBrush(color) : QBrush(color));
        sets[i].set->setPen(user ? QPen(color, 1.5) : QPen(Qt::NoPen));
    }
    auto *axisX = new QBarCategoryAxis;
    for (int year : yearList)
        axisX->append(QString::number(year));
    axisX->setTitleText(tr("Calendar year"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    double top = maxStack;
    for (const RangeBar &bar : rangeBars)
        top = std::max(top, bar.high);
    addValueAxis(axisTitle(tr("Shipments"), unit, scale), 0, top / scale.divisor * 1.1, false);
    attachToAxes(series);
    for (const RangeBar &bar : rangeBars)
        m_labels->addRange(series, bar.category, bar.low / scale.divisor, bar.high / scale.divisor,
                           m_palette.ink);
    for (std::size_t c = 0; c < yearList.size(); ++c)
        if (stackTotals[c] > 0) {
            double labelAt = stackTotals[c]; // above the stack, or above a range bar reaching higher
            for (const RangeBar &bar : rangeBars)
                if (bar.category == int(c))
                    labelAt = std::max(labelAt, bar.high);
            m_labels->addLabel(
                series, QPointF(double(c), labelAt / scale.divisor),
                formatWithUnit(stackTotals[c], unit == QLatin1String("H100e") ? unit : QString()),
                m_palette.ink, true);
        }
    styleSeriesLegend();

    m_caption =
        tr("Shipments per calendar year by vendor, as estimated by %1. Where the estimator gives a vendor "
           "total (a product named \"all …\"), the total is drawn and its products are listed in the "
           "tooltip; otherwise the products are summed. Ranges are drawn at their midpoint and bounds at "
           "the bound (see the tooltip). Hatched: user-supplied.")
            .arg(estimatorName);
    if (h100e)
        m_caption +=
            tr(" H100-equivalents exist only where the estimator states them (Epoch AI's NVIDIA totals).");
    QStringList header{QStringLiteral("year")};
    for (const SetInfo &s : sets)
        header << QStringLiteral("%1 (%2)").arg(s.set->label(), unit);
    m_csv = csvLine(header);
    for (std::size_t c = 0; c < yearList.size(); ++c) {
        QStringList row{QString::number(yearList[c])};
        for (const SetInfo &s : sets) {
            const bool user = s.set->label().endsWith(tr("(user-supplied)"));
            auto it = cells[s.name.toLower()].find(yearList[c]);
            row << (it != cells[s.name.toLower()].end() && it->second.user == user
                        ? csvNumber(it->second.value)
                        : QString());
        }
        m_csv += csvLine(row);
    }
}

} // namespace jevons::ui
