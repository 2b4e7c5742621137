#include "history_charts.h"

#include "chart_support.h"
#include "chart_view.h"
#include "data_store.h"
#include "history_data.h"
#include "history_overlays.h"
#include "number_format.h"

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

namespace {
QColor withAlpha(QColor color, double alpha)
{
    color.setAlphaF(float(alpha));
    return color;
}

/// A scatter series already added to `chart` (so the theme does not restyle it afterwards).
QScatterSeries *addScatter(QChart *chart, const QString &name, const QColor &color, bool hollow, double size,
                           QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle)
{
    auto *series = new QScatterSeries;
    series->setName(name);
    chart->addSeries(series);
    series->setMarkerShape(shape);
    series->setMarkerSize(size);
    if (hollow) {
        series->setBrush(Qt::NoBrush);
        QPen pen(color);
        pen.setWidthF(2);
        series->setPen(pen);
    } else {
        series->setBrush(color);
        QPen pen(color.darker(125));
        pen.setWidthF(1);
        series->setPen(pen);
    }
    return series;
}

bool isTotalProduct(const QString &product)
{
    static const QRegularExpression All(QStringLiteral("\\ball\\b"),
                                        QRegularExpression::CaseInsensitiveOption);
    return All.match(product).hasMatch();
}

QString yearText(const data::Date &d)
{
    return QString::number(d.year);
}

/// "Q1<br>24" (two lines: quarter, fiscal year) from "FY2024-Q1"; other labels unchanged.
QString shortFiscalQuarter(const QString &label)
{
    static const QRegularExpression Fiscal(QStringLiteral("^FY(\\d{2})(\\d{2})-Q([1-4])$"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = Fiscal.match(label.trimmed());
    if (!m.hasMatch())
        return label;
    return QStringLiteral("Q%1<br>%2").arg(m.captured(3), m.captured(2));
}
} // namespace

// ---------------------------------------------------------------------------------------------------------
// HistoryChart

HistoryChart::HistoryChart(DataStore *store, QWidget *parent) : ChartPanel(parent), m_store(store)
{
    connect(store, &DataStore::changed, this, [this] {
        dataChanged();
        markDirty();
    });
}

void HistoryChart::initHistoryChart(bool logToggle)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont legendFont = chart->legend()->font();
    legendFont.setPointSizeF(8);
    chart->legend()->setFont(legendFont);
    initChart(chart, false, logToggle);
    QFont titleFont = chart->titleFont();
    titleFont.setPointSizeF(10);
    titleFont.setBold(true);
    chart->setTitleFont(titleFont);
    chart->setTitle(title());

    addToolbarWidget(createSourcesButton());
    auto *sourcesAction = new QAction(tr("&Sources…"), this);
    connect(sourcesAction, &QAction::triggered, this, &HistoryChart::showSources);
    actionsMenu()->insertAction(actionsMenu()->actions().value(0), sourcesAction);

    m_labels = new ChartLabelLayer(chart);
    m_defaultToolTip = m_view->toolTip();
}

QToolButton *HistoryChart::createSourcesButton()
{
    auto *sources = new QToolButton(this);
    sources->setObjectName(QStringLiteral("sourcesButton"));
    sources->setText(tr("Sources…"));
    sources->setToolTip(tr("List the sources of this chart, with the data's as-of dates"));
    sources->setAccessibleName(tr("Sources of %1").arg(title()));
    sources->setFocusPolicy(Qt::StrongFocus);
    connect(sources, &QToolButton::clicked, this, &HistoryChart::showSources);
    return sources;
}

QString HistoryChart::caption() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_caption;
}

void HistoryChart::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    if (m_chart && !isVisible()) {
        // As ChartPanel does for a hidden chart (its resize events come only when shown): lay it out at the
        // target's size, here already, so that the labels are placed for that layout before painting.
        m_chart->setGeometry(QRectF(QPointF(0, 0), target.size()));
        if (QGraphicsLayout *layout = m_chart->layout())
            layout->activate();
        m_labels->relayout();
    }
    ChartPanel::renderTo(painter, target);
}

QString HistoryChart::toCsv() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_csv;
}

QStringList HistoryChart::sources() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_sources.lines();
}

const QList<SourceEntry> &HistoryChart::sourceEntries() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_sources.entries();
}

const QList<Provenance> &HistoryChart::plotted() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_plotted;
}

int HistoryChart::userSuppliedCount() const
{
    const_cast<HistoryChart *>(this)->ensureUpToDate();
    return m_userItems;
}

void HistoryChart::showSources()
{
    ensureUpToDate();
    showSourcesDialog(this, title(), m_sources.entries(), caption());
}

void HistoryChart::resetChart()
{
    hideTooltip();
    if (m_labels)
        m_labels->clear();
    if (m_chart) {
        m_chart->removeAllSeries();
        const auto axes = m_chart->axes();
        for (QAbstractAxis *axis : axes) {
            m_chart->removeAxis(axis);
            delete axis;
        }
    }
    m_plotted.clear();
    m_sources.clear();
    m_csv.clear();
    m_caption.clear();
    m_userItems = 0;
}

int HistoryChart::addPlotted(const Provenance &p)
{
    m_plotted.append(p);
    if (p.userSupplied)
        ++m_userItems;
    return int(m_plotted.size()) - 1;
}

void HistoryChart::bindHover(QXYSeries *series, const QList<int> &indices)
{
    connect(series, &QXYSeries::hovered, this, [this, series, indices](const QPointF &point, bool state) {
        if (!state) {
            hideTooltip();
            return;
        }
        const QPointF at = m_chart->mapToPosition(point, series);
        const QList<QPointF> points = series->points();
        int best = -1;
        double bestDistance = 1e300;
        for (int i = 0; i < points.size() && i < indices.size(); ++i) {
            const double d = QLineF(m_chart->mapToPosition(points[i], series), at).length();
            if (d < bestDistance) {
                bestDistance = d;
                best = i;
            }
        }
        if (best >= 0 && indices[best] >= 0)
            showTooltip(indices[best]);
    });
}

void HistoryChart::bindHover(QBarSet *set, const QList<int> &indices)
{
    connect(set, &QBarSet::hovered, this, [this, indices](bool status, int index) {
        if (status && index >= 0 && index < indices.size() && indices[index] >= 0)
            showTooltip(indices[index]);
        else
            hideTooltip();
    });
}

void HistoryChart::showTooltip(int index)
{
    if (!m_view || index < 0 || index >= m_plotted.size())
        return;
    const QString html = provenanceHtml(m_plotted[index]);
    // The view's own tooltip (zoom help) would replace ours after the hover delay: swap it while hovering.
    m_view->setToolTip(html);
    QToolTip::showText(QCursor::pos(), html, m_view);
}

void HistoryChart::hideTooltip()
{
    if (!m_view)
        return;
    m_view->setToolTip(m_defaultToolTip);
    QToolTip::hideText();
}

QCategoryAxis *HistoryChart::addYearAxis(double firstMsecs, double lastMsecs)
{
    const int first = int(std::floor(msecsToYear(firstMsecs)));
    int last = int(std::floor(msecsToYear(lastMsecs))) + 1;
    const int span = std::max(1, last - first);
    int step = 1;
    while (span / step > 8)
        step *= 2;
    last = first + (span + step - 1) / step * step;
    auto *axis = new QCategoryAxis;
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    axis->setStartValue(yearToMsecs(first));
    for (int year = first; year <= last; year += step)
        axis->append(QString::number(year), yearToMsecs(year));
    axis->setRange(yearToMsecs(first), yearToMsecs(last));
    m_chart->addAxis(axis, Qt::AlignBottom);
    styleAxis(axis, m_palette, false);
    return axis;
}

QAbstractAxis *HistoryChart::addValueAxis(const QString &title, double minPositive, double maxValue, bool log)
{
    QAbstractAxis *axis = nullptr;
    if (log) {
        auto *logAxis = new QLogValueAxis;
        logAxis->setBase(10);
        logAxis->setLabelFormat(QStringLiteral("%g"));
        logAxis->setMinorTickCount(-1);
        const double floorValue = minPositive > 0 && std::isfinite(minPositive) ? minPositive : 1;
        const double low = std::pow(10.0, std::floor(std::log10(floorValue)));
        double high = std::pow(10.0, std::ceil(std::log10(std::max(maxValue, floorValue))));
        if (high <= low)
            high = low * 10;
        logAxis->setRange(low, high);
        axis = logAxis;
    } else {
        auto *valueAxis = new QValueAxis;
        valueAxis->setLabelFormat(QStringLiteral("%.4g"));
        setNiceRange(valueAxis, 0, maxValue > 0 ? maxValue : 1, 6);
        axis = valueAxis;
    }
    axis->setTitleText(title);
    m_chart->addAxis(axis, Qt::AlignLeft);
    styleAxis(axis, m_palette, false);
    return axis;
}

void HistoryChart::attachToAxes(QAbstractSeries *series)
{
    for (QAbstractAxis *axis : m_chart->axes())
        series->attachAxis(axis);
}

void HistoryChart::styleSeriesLegend()
{
    // QChart::setTheme (dark/light) resets the fonts.
    QFont titleFont = m_chart->titleFont();
    titleFont.setPointSizeF(10);
    titleFont.setBold(true);
    m_chart->setTitleFont(titleFont);
    m_chart->legend()->setVisible(true);
    m_chart->legend()->setLabelColor(m_palette.ink);
    m_chart->setTitleBrush(m_palette.ink);
    if (m_labels) {
        m_labels->watchAxes();
        m_labels->relayout();
    }
}

QBrush HistoryChart::userBrush(const QColor &color) const
{
    return QBrush(color, Qt::BDiagPattern);
}

// ---------------------------------------------------------------------------------------------------------
// Shipments

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

// ---------------------------------------------------------------------------------------------------------
// Installed compute

InstalledComputeHistoryChart::InstalledComputeHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(true);
}

void InstalledComputeHistoryChart::redraw()
{
    resetChart();
    const data::Dataset &dataset = m_store->dataset();
    const std::vector<CumulativeAnchor> anchors = cumulativeNvidiaH100e(dataset);
    const data::Table *shipments = dataset.find("accelerator_shipments");
    const data::Table *estimates = dataset.find("compute_estimates");
    if (!shipments || !estimates)
        return;
    const QString unit = QStringLiteral("H100e");

    struct Point {
        double x, y;
        int plotted;
        bool user;
        bool lowerBound;
        QString label;
    };
    QList<Point> line, others;
    std::set<const data::Row *> usedTotals;
    for (const CumulativeAnchor &a : anchors) {
        if (a.rows.empty())
            continue; // the zero the sum starts from is not a figure of the dataset
        const data::Table &table = a.fromTotal ? *estimates : *shipments;
        Provenance p = combinedProvenance(table, a.rows);
        if (a.fromTotal) {
            usedTotals.insert(a.rows.front());
            p.label = tr("NVIDIA AI GPUs, cumulative (Epoch AI's total)");
        } else {
            p.label = tr("NVIDIA, cumulative shipments since %1").arg(anchors.front().monthIndex / 12);
            p.kind = tr("derived here (sum of %1)").arg(p.kind);
            QStringList parts;
            for (const data::Row *row : a.rows)
                parts << QStringLiteral("%1: %2%3")
                             .arg(yearText(shipments->date(*row, "period")),
                                  formatWithUnit(shipments->number(*row, "h100e"), unit),
                                  row->userSupplied ? tr(" (user-supplied)") : QString());
            p.detail = tr("Sum of Epoch AI's yearly NVIDIA totals: %1")
                           .arg(parts.join(QStringLiteral(", ")))
                           .toHtmlEscaped();
        }
        p.value = a.h100e;
        p.unit = unit;
        p.valueText = formatWithUnit(a.h100e, unit);
        p.date = a.label;
        m_sources.add(table, a.rows);
        const double x = yearToMsecs(a.monthIndex / 12.0);
        line.append({x, a.h100e, addPlotted(p), a.userSupplied, false, QString()});
    }
    for (const data::Row &row : estimates->rows) {
        const QString metric = cellText(*estimates, row, "metric");
        if ((metric != QLatin1String("installed_compute") &&
             metric != QLatin1String("cumulative_shipments")) ||
            !sameText(cellText(*estimates, row, "unit"), unit) || estimates->value(row, "period").empty() ||
            usedTotals.count(&row))
            continue;
        const RangedValue v = rangedValue(*estimates, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        Provenance p = rowProvenance(*estimates, row);
        p.label =
            QStringLiteral("%1, %2 (%3)")
                .arg(metric, cellText(*estimates, row, "scope"), cellText(*estimates, row, "estimator"));
        p.label.replace(QLatin1Char('_'), QLatin1Char(' '));
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = cellText(*estimates, row, "period");
        m_sources.add(*estimates, row);
        const double x = dateToMsecs(estimates->date(row, "period"));
        QString label = QStringLiteral("%1%2, %3")
                            .arg(!v.isPoint && v.hasLow && !v.hasHigh ? QStringLiteral("> ") : QString(),
                                 formatWithUnit(v.value, unit), cellText(*estimates, row, "scope"));
        others.append(
            {x, v.value, addPlotted(p), row.userSupplied, !v.isPoint && v.hasLow && !v.hasHigh, label});
    }
    if (line.isEmpty() && others.isEmpty())
        return;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, maxY = 0, minPositive = HUGE_VAL;
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list) {
            minX = std::min(minX, p.x);
            maxX = std::max(maxX, p.x);
            maxY = std::max(maxY, p.y);
            if (p.y > 0)
                minPositive = std::min(minPositive, p.y);
        }
    const AxisScale scale = chooseAxisScale(maxY);
    const bool log = m_logScale;

    auto *cumulative = new QLineSeries;
    cumulative->setName(tr("NVIDIA cumulative shipments (Epoch AI)"));
    m_chart->addSeries(cumulative);
    QPen pen(m_palette.series(0));
    pen.setWidthF(2.2);
    cumulative->setPen(pen);
    cumulative->setPointsVisible(true);
    QList<int> lineIndices;
    for (const Point &p : line) {
        if (log && p.y <= 0)
            continue;
        cumulative->append(p.x, p.y / scale.divisor);
        lineIndices << p.plotted;
    }
    bindHover(cumulative, lineIndices);
    QScatterSeries *estimateSeries = nullptr;
    QScatterSeries *lowerSeries = nullptr;
    if (!others.isEmpty()) {
        estimateSeries = addScatter(m_chart, tr("Other estimates in H100e"), m_palette.series(1), false, 10);
        lowerSeries = addScatter(m_chart, tr("Lower bounds (\"more than\")"), m_palette.series(1), false, 12,
                                 QScatterSeries::MarkerShapeTriangle);
        QList<int> estimateIndices, lowerIndices;
        for (const Point &p : others) {
            QScatterSeries *target = p.lowerBound ? lowerSeries : estimateSeries;
            target->append(p.x, p.y / scale.divisor);
            (p.lowerBound ? lowerIndices : estimateIndices) << p.plotted;
        }
        bindHover(estimateSeries, estimateIndices);
        bindHover(lowerSeries, lowerIndices);
        for (QScatterSeries **series : {&estimateSeries, &lowerSeries}) {
            if ((*series)->count() == 0) {
                m_chart->removeSeries(*series);
                delete *series;
                *series = nullptr;
            }
        }
    }
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list)
            if (p.user && !(log && p.y <= 0)) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 16);
                userRing->append(p.x, p.y / scale.divisor);
                userIndices << p.plotted;
            }
    if (userRing)
        bindHover(userRing, userIndices);

    addYearAxis(minX, maxX);
    addValueAxis(axisTitle(tr("Installed compute"), unit, scale), minPositive / scale.divisor,
                 maxY / scale.divisor * 1.1, log);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    for (const Point &p : line)
        if (!(log && p.y <= 0) && p.y > 0)
            m_labels->addLabel(cumulative, QPointF(p.x, p.y / scale.divisor), formatCompact(p.y),
                               m_palette.ink);
    for (const Point &p : others)
        m_labels->addLabel(p.lowerBound ? static_cast<QAbstractSeries *>(lowerSeries) : estimateSeries,
                           QPointF(p.x, p.y / scale.divisor), p.label, m_palette.series(1));
    styleSeriesLegend();
    makeLegendInteractive(m_chart);

    m_caption =
        tr("Cumulative NVIDIA data-centre AI GPU shipments in H100e: Epoch AI's yearly totals summed from "
           "the first year (0 at its start), then Epoch AI's own cumulative total. Retirements are not "
           "subtracted and other vendors' chips are not given in H100e in the dataset, so this is a lower "
           "bound on installed compute; other H100e estimates are drawn as points (triangles: \"more "
           "than\" bounds). Hollow rings: user-supplied.");
    m_csv = csvLine({QStringLiteral("series"), QStringLiteral("date"), QStringLiteral("label"),
                     QStringLiteral("value (H100e)"), QStringLiteral("user_supplied")});
    for (const QList<Point> *list : {&line, &others})
        for (const Point &p : *list)
            m_csv +=
                csvLine({list == &line ? QStringLiteral("NVIDIA cumulative") : QStringLiteral("estimate"),
                         m_plotted[p.plotted].date, m_plotted[p.plotted].label, csvNumber(p.y),
                         p.user ? QStringLiteral("1") : QStringLiteral("0")});
}

// ---------------------------------------------------------------------------------------------------------
// NVIDIA Data Center revenue

NvidiaRevenueHistoryChart::NvidiaRevenueHistoryChart(DataStore *store, QWidget *parent)
    : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void NvidiaRevenueHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("nvidia_dc_revenue");
    if (!table)
        return;
    std::vector<const data::Row *> rows;
    for (const data::Row &row : table->rows)
        if (std::isfinite(table->number(row, "revenue_usd_bn")))
            rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [&](const data::Row *a, const data::Row *b) {
        return table->date(*a, "quarter_end").midYear() < table->date(*b, "quarter_end").midYear();
    });
    const QString unit = QStringLiteral("USD per quarter");
    double maxValue = 0;
    for (const data::Row *row : rows)
        maxValue = std::max(maxValue, table->number(*row, "revenue_usd_bn") * 1e9);
    const AxisScale scale = chooseAxisScale(maxValue);
    auto *series = new QStackedBarSeries;
    series->setBarWidth(0.7);
    auto *reported = new QBarSet(tr("Data Center revenue"));
    auto *user = new QBarSet(tr("Data Center revenue (user-supplied)"));
    QList<int> reportedIndices, userIndices;
    auto *axisX = new QBarCategoryAxis;
    m_csv = csvLine({QStringLiteral("fiscal_quarter"), QStringLiteral("quarter_end"),
                     QStringLiteral("revenue (USD billions)"), QStringLiteral("user_supplied")});
    for (const data::Row *row : rows) {
        const double usd = table->number(*row, "revenue_usd_bn") * 1e9;
        const QString quarter = cellText(*table, *row, "fiscal_quarter");
        Provenance p = rowProvenance(*table, *row);
        p.label = tr("NVIDIA Data Center, %1").arg(quarter);
        p.value = usd;
        p.unit = unit;
        p.valueText = formatWithUnit(usd, QStringLiteral("USD"));
        p.date = tr("quarter ended %1").arg(cellText(*table, *row, "quarter_end"));
        QStringList growth;
        if (std::isfinite(table->number(*row, "yoy_growth_pct")))
            growth << tr("%1% on a year earlier").arg(table->number(*row, "yoy_growth_pct"));
        if (std::isfinite(table->number(*row, "qoq_growth_pct")))
            growth << tr("%1% on the previous quarter").arg(table->number(*row, "qoq_growth_pct"));
        p.detail = growth.join(QStringLiteral(", ")).toHtmlEscaped();
        const int index = addPlotted(p);
        m_sources.add(*table, *row);
        reported->append(row->userSupplied ? 0.0 : usd / scale.divisor);
        user->append(row->userSupplied ? usd / scale.divisor : 0.0);
        reportedIndices << (row->userSupplied ? -1 : index);
        userIndices << (row->userSupplied ? index : -1);
        QString category = shortFiscalQuarter(quarter);
        while (axisX->categories().contains(category))
            category += QLatin1Char(' ');
        axisX->append(category);
        m_csv += csvLine({quarter, cellText(*table, *row, "quarter_end"), csvNumber(usd / 1e9),
                          row->userSupplied ? QStringLiteral("1") : QStringLiteral("0")});
    }
    series->append(reported);
    bindHover(reported, reportedIndices);
    const bool hasUser = std::any_of(userIndices.begin(), userIndices.end(), [](int i) { return i >= 0; });
    if (hasUser) {
        series->append(user);
        bindHover(user, userIndices);
    } else {
        delete user;
    }
    m_chart->addSeries(series);
    reported->setBrush(m_palette.series(2));
    reported->setPen(Qt::NoPen);
    if (hasUser) {
        user->setBrush(userBrush(m_palette.series(2)));
        user->setPen(QPen(m_palette.series(2), 1.5));
    }
    axisX->setTitleText(tr("NVIDIA fiscal quarter and year (FY2024 = February 2023 to January 2024)"));
    m_chart->addAxis(axisX, Qt::AlignBottom);
    styleAxis(axisX, m_palette, false);
    addValueAxis(axisTitle(tr("Revenue"), unit, scale), 0, maxValue / scale.divisor * 1.1, false);
    attachToAxes(series);
    styleSeriesLegend();
    m_chart->legend()->setVisible(hasUser);
    m_caption = tr("NVIDIA's Data Center segment revenue per fiscal quarter, as reported. Hatched: "
                   "user-supplied.");
}

// ---------------------------------------------------------------------------------------------------------
// CoWoS

CowosHistoryChart::CowosHistoryChart(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    initHistoryChart(false);
}

void CowosHistoryChart::redraw()
{
    resetChart();
    const data::Table *table = m_store->table("cowos_capacity");
    if (!table)
        return;
    const QString unit = QStringLiteral("wafers/month");
    struct Point {
        double x;
        RangedValue v;
        int plotted;
        bool user;
        QString text;
    };
    // Series by supplier, with targets apart.
    QStringList keys;
    std::map<QString, QList<Point>> bySeries;
    double minX = HUGE_VAL, maxX = -HUGE_VAL, maxY = 0;
    for (const data::Row &row : table->rows) {
        const QString metric = cellText(*table, row, "metric");
        const bool target = metric == QLatin1String("monthly_capacity_target");
        if ((metric != QLatin1String("monthly_capacity") && !target) ||
            !sameText(cellText(*table, row, "unit"), unit) || table->value(row, "period").empty())
            continue;
        const RangedValue v = rangedValue(*table, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        const QString supplier = cellText(*table, row, "supplier").simplified();
        const QString key = target ? tr("%1 target").arg(supplier) : supplier;
        if (!keys.contains(key))
            keys << key;
        Provenance p = rowProvenance(*table, row);
        const QString estimator = cellText(*table, row, "estimator");
        p.label =
            tr("%1 CoWoS %2 (%3)").arg(supplier, target ? tr("capacity target") : tr("capacity"), estimator);
        p.value = v.value;
        p.unit = unit;
        p.valueText = v.describe(unit);
        p.date = tr("end of %1").arg(cellText(*table, row, "period"));
        m_sources.add(*table, row);
        const data::Date &period = table->date(row, "period");
        const double x = dateToMsecs(period);
        QString amount;
        if (v.isPoint)
            amount = formatCompact(v.value);
        else if (v.hasLow && v.hasHigh)
            amount = QStringLiteral("%1–%2").arg(formatCompact(v.low), formatCompact(v.high));
        else if (v.hasLow)
            amount = QStringLiteral("≥%1").arg(formatCompact(v.low));
        else
            amount = QStringLiteral("≤%1").arg(formatCompact(v.high));
        bySeries[key].append(
            {x, v, addPlotted(p), row.userSupplied, QStringLiteral("%1 %2").arg(estimator, amount)});
        minX = std::min(minX, x);
        maxX = std::max(maxX, x);
        maxY = std::max({maxY, v.value, v.hasHigh ? v.high : 0.0});
    }
    if (keys.isEmpty())
        return;
    const AxisScale scale = chooseAxisScale(maxY);
    QList<QPair<QScatterSeries *, Point>> labelled;
    QScatterSeries *userRing = nullptr;
    QList<int> userIndices;
    for (int i = 0; i < keys.size(); ++i) {
        const bool target = keys[i].endsWith(tr(" target"));
        const QColor color =
            m_palette.series(target ? int(keys.indexOf(keys[i].chopped(tr(" target").size()))) : i);
        QScatterSeries *series = addScatter(m_chart, keys[i], color, target, target ? 12 : 11,
                                            target ? QScatterSeries::MarkerShapeRotatedRectangle
                                                   : QScatterSeries::MarkerShapeCircle);
        QList<int> indices;
        for (const Point &p : bySeries[keys[i]]) {
            series->append(p.x, p.v.value / scale.divisor);
            indices << p.plotted;
            labelled.append({series, p});
            if (p.user) {
                if (!userRing)
                    userRing = addScatter(m_chart, tr("User-supplied"), m_palette.ink, true, 18);
                userRing->append(p.x, p.v.value / scale.divisor);
                userIndices << p.plotted;
            }
        }
        bindHover(series, indices);
    }
    if (userRing)
        bindHover(userRing, userIndices);
    addYearAxis(minX, maxX);
    addValueAxis(axisTitle(tr("CoWoS capacity"), unit, scale), 0, maxY / scale.divisor * 1.1, false);
    for (QAbstractSeries *s : m_chart->series())
        attachToAxes(s);
    for (const auto &[series, p] : labelled) {
        if (p.v.hasLow && p.v.hasHigh)
            m_labels->addRange(series, p.x, p.v.low / scale.divisor, p.v.high / scale.divisor,
                               series->pen().color());
        m_labels->addLabel(series, QPointF(p.x, p.v.value / scale.divisor), p.text, m_palette.muted);
    }
    styleSeriesLegend();
    makeLegendInteractive(m_chart);
    m_caption =
        tr("TSMC's CoWoS advanced-packaging capacity (the binding constraint on accelerator output in "
           "2023–25) and that of other suppliers, in wafers per month at the end of the period, one point "
           "per estimate, labelled with the estimator; bars span stated ranges (midpoint drawn), \"≥\" "
           "marks lower bounds. Hollow diamonds: announced targets. Figures in other units (\"units\" per "
           "month or year) are not drawn. Rings: user-supplied.");
    m_csv = csvLine({QStringLiteral("series"), QStringLiteral("period"), QStringLiteral("estimate"),
                     QStringLiteral("drawn (wafers/month)"), QStringLiteral("low (wafers/month)"),
                     QStringLiteral("high (wafers/month)"), QStringLiteral("user_supplied")});
    for (const QString &key : keys)
        for (const Point &p : bySeries[key])
            m_csv += csvLine({key, m_plotted[p.plotted].date, p.text, csvNumber(p.v.value),
                              p.v.hasLow ? csvNumber(p.v.low) : QString(),
                              p.v.hasHigh ? csvNumber(p.v.high) : QString(),
                              p.user ? QStringLiteral("1") : QStringLiteral("0")});
}

// ---------------------------------------------------------------------------------------------------------
// Token prices

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
        m_fitSummary = tr("%1, %2 (n = %3): prices ÷%4 per year (95 % CI ÷%5 – ÷%6), %7")
                           .arg(setName, basisName)
                           .arg(m_fit.n)
                           .arg(m_fit.foldPerYear, 0, 'f', 2)
                           .arg(m_fit.foldLow, 0, 'f', 2)
                           .arg(m_fit.foldHigh, 0, 'f', 2)
                           .arg(std::isfinite(halvingMonths)
                                    ? tr("halving every %1 months").arg(halvingMonths, 0, 'f', 1)
                                    : tr("not falling"));
    } catch (const std::exception &e) {
        m_fitSummary = tr("%1, %2: no fit (%3)").arg(setName, basisName, QString::fromUtf8(e.what()));
    }
    m_chart->setTitle(QStringLiteral("<b>%1</b><br><span style='font-size:9pt; font-weight:normal'>%2</span>")
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
        fitLine->setName(tr("Fit: ÷%1 per year").arg(m_fit.foldPerYear, 0, 'f', 2));
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

// ---------------------------------------------------------------------------------------------------------
// Capex

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

// ---------------------------------------------------------------------------------------------------------
// Funding rounds

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
    axisY->setRange(-0.5, labs.size() - 0.5);
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
        m_labels->addLabel(series, QPointF(r.x, labs.indexOf(r.lab)), text, m_palette.ink, false,
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

// ---------------------------------------------------------------------------------------------------------
// Private AI investment

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
