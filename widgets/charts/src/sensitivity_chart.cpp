#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/theme.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QComboBox>
#include <QGraphicsSimpleTextItem>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLayout>
#include <QLegend>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {
constexpr double BarWidth = 0.8; // share of a category row the two bars fill together
constexpr int MinBars = 5;
constexpr int AxisAndLegendHeight = 150; // the toolbar, the axis and its title, the legend, the note

QString paramValueText(Param p, double value)
{
    return formatWithUnit(value, QString::fromUtf8(paramInfo(p).unit), 3);
}

/// "Demand / supply ratio p50" or "Shortage probability".
QString outputName(const SensitivityResult &r)
{
    if (r.probability)
        return QString::fromUtf8(probabilityTable()[std::size_t(*r.probability)].label);
    return QStringLiteral("%1 %2").arg(QString::fromUtf8(seriesInfo(r.series).label),
                                       QString::fromLatin1(statKey(r.stat)));
}

QString outputUnit(const SensitivityResult &r)
{
    return r.probability ? QStringLiteral("percentage points") : QString::fromUtf8(seriesInfo(r.series).unit);
}

/// A probability in percent, a series in its unit.
QString outputText(const SensitivityResult &r, double value)
{
    if (r.probability)
        return QStringLiteral("%1 %").arg(QLocale().toString(100 * value, 'f', 1));
    return formatWithUnit(value, QString::fromUtf8(seriesInfo(r.series).unit));
}

/// Bars are drawn in the output's plotted unit: percentage points for a probability.
double plotted(const SensitivityResult &r, double change)
{
    return r.probability ? 100 * change : change;
}
} // namespace

SensitivityChart::SensitivityChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_bars = new QHorizontalBarSeries;
    m_bars->setBarWidth(BarWidth);
    m_lowSet = new QBarSet(tr("Parameter at its low value"));
    m_highSet = new QBarSet(tr("Parameter at its high value"));
    m_bars->append(m_lowSet);
    m_bars->append(m_highSet);
    chart->addSeries(m_bars);
    initChart(chart, false, false);

    m_seriesBox = new QComboBox(this);
    for (const SeriesInfo &info : seriesTable())
        m_seriesBox->addItem(QString::fromUtf8(info.label), int(info.id));
    // The probabilities after the series, as -1 - index: the headline numbers a user most wants explained.
    m_seriesBox->insertSeparator(m_seriesBox->count());
    for (const ProbabilityInfo &info : probabilityTable())
        m_seriesBox->addItem(QString::fromUtf8(info.label), -1 - int(info.id));
    m_seriesBox->setCurrentIndex(int(Series::DemandSupplyRatio));
    m_seriesBox->setAccessibleName(tr("Output"));
    m_statBox = new QComboBox(this);
    for (int s = 0; s < StatCount; ++s)
        m_statBox->addItem(QString::fromLatin1(statKey(Stat(s))), s);
    m_statBox->setCurrentIndex(int(Stat::P50));
    m_statBox->setAccessibleName(tr("Statistic"));
    auto *outputLabel = new QLabel(tr("O&utput:"), this);
    outputLabel->setBuddy(m_seriesBox);
    m_monthBox = new QSpinBox(this);
    m_monthBox->setRange(0, 600);
    m_monthBox->setSpecialValueText(tr("horizon"));
    m_monthBox->setPrefix(tr("month +"));
    m_monthBox->setAccessibleName(tr("Month"));
    m_monthBox->setToolTip(tr("Months after the start at which the output is read (the lowest value: the "
                              "horizon), as jevons sensitivity --step"));
    m_monthBox->setKeyboardTracking(false);
    auto *monthLabel = new QLabel(tr("&At:"), this);
    monthLabel->setBuddy(m_monthBox);
    m_runButton = new QPushButton(tr("&Run sensitivity"), this);
    m_runButton->setToolTip(
        tr("Re-run the model with each uncertain input at its p5 and p95 and every other parameter at "
           "±25 % of its value (within its range), on the same random numbers"));
    m_status = new QLabel(this);
    // Shrinks (clipped, full text in the tooltip) rather than pushing over the toolbar's other controls
    // on a narrow window.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(0);
    addToolbarWidget(outputLabel);
    addToolbarWidget(m_seriesBox);
    addToolbarWidget(m_statBox);
    addToolbarWidget(monthLabel);
    addToolbarWidget(m_monthBox);
    addToolbarWidget(m_runButton);
    addToolbarWidget(m_status);
    connect(m_runButton, &QPushButton::clicked, this, &SensitivityChart::runRequested);
    connect(m_seriesBox, &QComboBox::currentIndexChanged, this, &SensitivityChart::runRequested);
    connect(m_statBox, &QComboBox::currentIndexChanged, this, &SensitivityChart::runRequested);
    connect(m_monthBox, &QSpinBox::valueChanged, this, &SensitivityChart::runRequested);
    connect(m_seriesBox, &QComboBox::currentIndexChanged, this,
            [this] { m_statBox->setEnabled(m_seriesBox->currentData().toInt() >= 0); });

    m_axisY = new QBarCategoryAxis;
    // Qt Charts sizes the category labels before the bars' names arrive and then elides every one to "…":
    // the names are the point of a tornado.
    m_axisY->setTruncateLabels(false);
    m_axisX = new QValueAxis;
    m_axisX->setLabelFormat(QStringLiteral("%.3g"));
    chart->addAxis(m_axisY, Qt::AlignLeft);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_bars->attachAxis(m_axisY);
    m_bars->attachAxis(m_axisX);
    connect(chart, &QChart::plotAreaChanged, this, &SensitivityChart::placeValueLabels);
    auto tooltip = [this](QBarSet *set) {
        connect(set, &QBarSet::hovered, this, [this, set](bool on, int index) {
            if (!on || index < 0 || index >= int(m_shown.size()) || !m_inputs.sensitivity) {
                QToolTip::hideText();
                return;
            }
            const SensitivityEntry &e = m_shown[std::size_t(index)];
            const SensitivityResult &r = *m_inputs.sensitivity;
            const bool low = set == m_lowSet;
            QToolTip::showText(QCursor::pos(),
                               tr("<b>%1</b> at %2<br>%3: %4 (base %5)")
                                   .arg(QString::fromUtf8(paramInfo(e.param).label),
                                        paramValueText(e.param, low ? e.lowValue : e.highValue),
                                        outputName(r), outputText(r, low ? e.outputAtLow : e.outputAtHigh),
                                        outputText(r, r.baseOutput)),
                               m_view);
        });
    };
    tooltip(m_lowSet);
    tooltip(m_highSet);
    m_noEffect = new QLabel(this);
    m_noEffect->setObjectName(QStringLiteral("noEffect"));
    m_noEffect->setWordWrap(true);
    m_noEffect->setContentsMargins(8, 0, 8, 2);
    m_noEffect->hide();
    layout()->addWidget(m_noEffect);
    applyPalette();
}

QString SensitivityChart::title() const
{
    return tr("Sensitivity (tornado)");
}

QString SensitivityChart::caption() const
{
    if (!m_inputs.sensitivity)
        return tr("Tornado chart: not run yet.");
    const SensitivityResult &r = *m_inputs.sensitivity;
    const QString month =
        m_inputs.current ? monthName(m_inputs.current->scenario, r.step) : tr("the horizon");
    const_cast<SensitivityChart *>(this)->ensureUpToDate(); // how many bars fit is decided by the draw
    const auto withEffect = std::count_if(r.entries.begin(), r.entries.end(),
                                          [](const SensitivityEntry &e) { return e.swing() != 0; });
    const int beyond = std::max(0, int(withEffect) - int(m_shown.size()));
    const QStringList none = noEffect();
    return tr("Change of %1 in %2 when each parameter is set to its low or high value: an uncertain input "
              "(p5–p95) at the ends of its 90 % interval, any other at ±25 % (within its range), on the same "
              "random numbers; labels give the parameter values.")
               .arg(inSentence(outputName(r)), month) +
           (beyond > 0 ? tr(" %n more parameter(s) with smaller effects are in the CSV.", nullptr, beyond)
                       : QString()) +
           (none.isEmpty() ? QString() : tr(" No effect at all: %1.").arg(none.join(QStringLiteral(", "))));
}

QStringList SensitivityChart::noEffect() const
{
    QStringList out;
    if (m_inputs.sensitivity)
        for (const SensitivityEntry &e : m_inputs.sensitivity->entries)
            if (e.swing() == 0)
                out << QString::fromUtf8(paramInfo(e.param).label);
    return out;
}

SensitivityRequest SensitivityChart::request() const
{
    SensitivityRequest request;
    const int output = m_seriesBox->currentData().toInt();
    if (output < 0)
        request.probability = Probability(-1 - output);
    else
        request.series = Series(output);
    request.stat = Stat(m_statBox->currentData().toInt());
    request.step = m_monthBox->value() == 0 ? -1 : m_monthBox->value();
    return request;
}

void SensitivityChart::setRequest(Series series, Stat stat)
{
    const QSignalBlocker a(m_seriesBox), b(m_statBox);
    m_seriesBox->setCurrentIndex(m_seriesBox->findData(int(series)));
    m_statBox->setCurrentIndex(int(stat));
    m_statBox->setEnabled(true);
}

void SensitivityChart::setProbabilityRequest(Probability probability, int step)
{
    const QSignalBlocker a(m_seriesBox), b(m_monthBox);
    m_seriesBox->setCurrentIndex(m_seriesBox->findData(-1 - int(probability)));
    m_statBox->setEnabled(false);
    m_monthBox->setValue(std::max(0, step));
}

QStringList SensitivityChart::categories() const
{
    const_cast<SensitivityChart *>(this)->ensureUpToDate();
    QStringList rows = m_axisY->categories();
    std::reverse(rows.begin(), rows.end());
    return rows;
}

bool SensitivityChart::showsOtherStatistic() const
{
    const SensitivityRequest wanted = request();
    const SensitivityResult *r = m_inputs.sensitivity.get();
    if (!r || r->probability != wanted.probability)
        return true;
    if (wanted.step >= 0 && r->step != wanted.step)
        return true;
    return !r->probability && (r->series != wanted.series || r->stat != wanted.stat);
}

void SensitivityChart::setStatusText(const QString &text)
{
    m_status->setText(text);
    m_status->setToolTip(text);
}

void SensitivityChart::setRunning(bool running)
{
    m_running = running;
    m_runButton->setEnabled(!running);
}

void SensitivityChart::applyPalette()
{
    m_lowSet->setColor(m_palette.series(0));
    m_lowSet->setBorderColor(m_palette.series(0));
    m_highSet->setColor(m_palette.series(1));
    m_highSet->setBorderColor(m_palette.series(1));
    styleAxis(m_axisX, m_palette, false);
    styleAxis(m_axisY, m_palette, false);
    for (auto *label : m_valueLabels)
        label->setBrush(m_palette.ink);
}

void SensitivityChart::redraw()
{
    m_shown.clear();
    if (m_inputs.current && m_monthBox->maximum() != m_inputs.current->steps) {
        // The month box spans the run's months (0 stands for the horizon itself).
        const QSignalBlocker block(m_monthBox);
        m_monthBox->setMaximum(m_inputs.current->steps);
    }
    const SensitivityResult *r = m_inputs.sensitivity.get();
    QStringList categories;
    QList<qreal> lows, highs;
    double extreme = 0;
    if (r) {
        // The largest swings as bars; the parameters without effect are named under the chart (noEffect()).
        // As many as have room for a readable name (a short window would elide them all to "…").
        const int rowHeight = fontMetrics().height() + 3;
        const int room = std::clamp((height() - AxisAndLegendHeight) / rowHeight, MinBars, MaxBars);
        std::vector<SensitivityEntry> rows;
        for (const SensitivityEntry &e : r->entries)
            if (e.swing() != 0 && int(rows.size()) < room)
                rows.push_back(e);
        // Categories are drawn bottom-up: the largest swing goes last so it is on top.
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            const SensitivityEntry &e = *it;
            m_shown.push_back(e);
            // An uncertain input swings over its own 90 % interval; the label says so.
            categories << (e.fromInterval ? tr("%1 (p5–p95)").arg(QString::fromUtf8(paramInfo(e.param).label))
                                          : QString::fromUtf8(paramInfo(e.param).label));
            lows << plotted(*r, e.outputAtLow - r->baseOutput);
            highs << plotted(*r, e.outputAtHigh - r->baseOutput);
            extreme = std::max({extreme, std::abs(lows.back()), std::abs(highs.back())});
        }
    }
    const AxisScale scale = chooseAxisScale(extreme);
    for (qreal &v : lows)
        v /= scale.divisor;
    for (qreal &v : highs)
        v /= scale.divisor;
    // Replace bars in one go: removing and appending values one by one relayouts every time.
    m_lowSet->remove(0, m_lowSet->count());
    m_highSet->remove(0, m_highSet->count());
    m_axisY->clear();
    m_axisY->append(categories);
    m_lowSet->append(lows);
    m_highSet->append(highs);
    if (r) {
        const QString what =
            tr("Change in %1 at %2")
                .arg(inSentence(outputName(*r)),
                     m_inputs.current ? monthName(m_inputs.current->scenario, r->step) : tr("the horizon"));
        m_axisX->setTitleText(
            (r->probability ? QStringLiteral("%1 (pp)").arg(what) : axisTitle(what, outputUnit(*r), scale)) +
            tr(" — base %1").arg(outputText(*r, r->baseOutput)));
        // Room beyond the longest bar for its value label.
        const double reach = extreme > 0 ? extreme / scale.divisor * 1.3 : 1;
        if (!m_view->isZoomed())
            setNiceRange(m_axisX, -reach, reach, 9);
    } else {
        m_axisX->setTitleText(tr("Not run yet: choose an output and press Run sensitivity"));
        m_axisX->setRange(-1, 1);
    }
    // Listed, not hidden: a parameter that moves nothing may be a model fault worth seeing.
    const QStringList none = noEffect();
    m_noEffect->setText(none.isEmpty()
                            ? QString()
                            : tr("No effect at all (change 0): %1").arg(none.join(QStringLiteral(", "))));
    m_noEffect->setVisible(!none.isEmpty());
    placeValueLabels();
}

void SensitivityChart::resizeEvent(QResizeEvent *event)
{
    ChartPanel::resizeEvent(event);
    placeValueLabels();
}

void SensitivityChart::placeValueLabels()
{
    const int needed = int(m_shown.size()) * 2;
    while (m_valueLabels.size() < needed) {
        auto *label = new QGraphicsSimpleTextItem(m_chart);
        label->setZValue(50);
        label->setBrush(m_palette.ink);
        QFont font = label->font();
        font = scaledFont(7.5, font);
        label->setFont(font);
        m_valueLabels.append(label);
    }
    for (int i = 0; i < m_valueLabels.size(); ++i)
        m_valueLabels[i]->setVisible(i < needed);
    if (needed == 0)
        return;
    const double divisor = [&] {
        double extreme = 0;
        for (const auto &e : m_shown)
            extreme = std::max(
                {extreme,
                 std::abs(plotted(*m_inputs.sensitivity, e.outputAtLow - m_inputs.sensitivity->baseOutput)),
                 std::abs(
                     plotted(*m_inputs.sensitivity, e.outputAtHigh - m_inputs.sensitivity->baseOutput))});
        return chooseAxisScale(extreme).divisor;
    }();
    const QRectF plot = m_chart->plotArea();
    for (int row = 0; row < int(m_shown.size()); ++row) {
        const SensitivityEntry &e = m_shown[std::size_t(row)];
        for (int set = 0; set < 2; ++set) {
            const double delta = plotted(*m_inputs.sensitivity, (set == 0 ? e.outputAtLow : e.outputAtHigh) -
                                                                    m_inputs.sensitivity->baseOutput) /
                                 divisor;
            // Two bars share BarWidth of the row; set 0 sits in the lower half.
            const double y = row - BarWidth / 2 + (set + 0.5) * BarWidth / 2;
            const QPointF end = m_chart->mapToPosition(QPointF(delta, y), m_bars);
            auto *label = m_valueLabels[row * 2 + set];
            label->setText(paramValueText(e.param, set == 0 ? e.lowValue : e.highValue));
            const QRectF box = label->boundingRect();
            double x = delta >= 0 ? end.x() + 3 : end.x() - 3 - box.width();
            x = std::clamp(x, plot.left(), std::max(plot.left(), plot.right() - box.width()));
            label->setPos(x, end.y() - box.height() / 2);
            label->setVisible(plot.contains(QPointF(plot.center().x(), end.y())));
        }
    }
}

QString SensitivityChart::toCsv() const
{
    const_cast<SensitivityChart *>(this)->ensureUpToDate();
    QString csv;
    if (!m_inputs.sensitivity)
        return csvLine({QStringLiteral("parameter")});
    const SensitivityResult &r = *m_inputs.sensitivity;
    const QString output =
        r.probability
            ? QStringLiteral("%1 at step %2 (share of paths)")
                  .arg(QString::fromLatin1(probabilityTable()[std::size_t(*r.probability)].key))
                  .arg(r.step)
            : QStringLiteral("%1 %2 at step %3 (%4)")
                  .arg(QString::fromLatin1(seriesInfo(r.series).key), QString::fromLatin1(statKey(r.stat)))
                  .arg(r.step)
                  .arg(QString::fromUtf8(seriesInfo(r.series).unit));
    csv += csvLine({QStringLiteral("parameter"), QStringLiteral("unit"), QStringLiteral("low value"),
                    QStringLiteral("high value"), QStringLiteral("output at low: ") + output,
                    QStringLiteral("output at high: ") + output, QStringLiteral("base output: ") + output,
                    QStringLiteral("change at low"), QStringLiteral("change at high")});
    for (auto it = r.entries.begin(); it != r.entries.end(); ++it) // all of them, drawn or not
        csv += csvLine({QString::fromLatin1(paramInfo(it->param).key),
                        QString::fromUtf8(paramInfo(it->param).unit), csvNumber(it->lowValue),
                        csvNumber(it->highValue), csvNumber(it->outputAtLow), csvNumber(it->outputAtHigh),
                        csvNumber(r.baseOutput), csvNumber(it->outputAtLow - r.baseOutput),
                        csvNumber(it->outputAtHigh - r.baseOutput)});
    return csv;
}

} // namespace jevons::ui
