#include "jevons/charts/variance_shares_rank_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLegend>
#include <QLocale>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

VarianceSharesRankChart::VarianceSharesRankChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setVisible(false); // one set: the categories name the bars
    m_bars = new QHorizontalBarSeries;
    m_bars->setBarWidth(0.7);
    m_set = new QBarSet(tr("Share of the variance"));
    m_bars->append(m_set);
    m_bars->setLabelsVisible(true);
    m_bars->setLabelsFormat(QStringLiteral("@value %"));
    m_bars->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    m_bars->setLabelsPrecision(3);
    chart->addSeries(m_bars);
    initChart(chart, false, false);
    m_monthBox = new QSpinBox(this);
    m_monthBox->setObjectName(QStringLiteral("sharesMonth"));
    m_monthBox->setRange(1, 1);
    m_monthBox->setPrefix(tr("month "));
    m_monthBox->setAccessibleName(tr("Month of the ranked shares"));
    m_monthBox->setToolTip(tr("Months after the start; the ranking follows the horizon until you pick one"));
    m_monthLabel = new QLabel(this);
    auto *label = new QLabel(tr("A&t:"), this);
    label->setBuddy(m_monthBox);
    addToolbarWidget(label);
    addToolbarWidget(m_monthBox);
    addToolbarWidget(m_monthLabel);
    connect(m_monthBox, &QSpinBox::valueChanged, this, [this](int value) { setStep(value); });
    m_axisY = new QBarCategoryAxis;
    m_axisX = new QValueAxis;
    m_axisX->setLabelFormat(QStringLiteral("%.0f"));
    m_axisX->setTitleText(tr("Share of the variance of log output (%)"));
    chart->addAxis(m_axisY, Qt::AlignLeft);
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_bars->attachAxis(m_axisY);
    m_bars->attachAxis(m_axisX);
    applyPalette();
}

void VarianceSharesRankChart::setStep(int step)
{
    if (step == m_step)
        return;
    m_step = step;
    markDirty();
}

QString VarianceSharesRankChart::caption() const
{
    const SimulationResult *cur = m_inputs.current.get();
    if (!cur || !cur->varianceShares)
        return tr("Ranked variance shares: none in this run (no uncertain inputs).");
    QString text = tr("Share of the spread of log %1 in %2 explained by each uncertain input alone, largest "
                      "first, and what no single input explains.")
                       .arg(QString::fromUtf8(seriesInfo(cur->varianceShares->series).label),
                            // Not m_shownStep: a caption may be asked for before the first redraw.
                            monthName(cur->scenario, m_step < 1 ? cur->steps : std::min(m_step, cur->steps)));
    if (cur->varianceShares->correlated)
        text += tr(" Correlated inputs: the shares overlap and may sum above 100 %.");
    return text;
}

void VarianceSharesRankChart::applyPalette()
{
    m_set->setColor(m_palette.series(0));
    m_set->setBorderColor(m_palette.series(0));
    m_set->setLabelColor(m_palette.ink);
    if (m_axisX)
        styleAxis(m_axisX, m_palette, false);
    if (m_axisY)
        styleAxis(m_axisY, m_palette, false);
}

void VarianceSharesRankChart::redraw()
{
    const SimulationResult *cur = m_inputs.current.get();
    m_ranked.clear();
    m_set->remove(0, m_set->count());
    m_axisY->clear();
    if (!cur || !cur->varianceShares || cur->steps < 1) {
        m_shownStep = -1;
        m_monthLabel->clear();
        m_chart->setTitle(cur ? tr("No variance shares: the scenario has no uncertain inputs") : QString());
        return;
    }
    const VarianceShares &v = *cur->varianceShares;
    m_shownStep = m_step < 1 ? cur->steps : std::min(m_step, cur->steps);
    {
        const QSignalBlocker block(m_monthBox);
        m_monthBox->setRange(1, cur->steps);
        m_monthBox->setValue(m_shownStep);
    }
    m_monthLabel->setText(monthName(cur->scenario, m_shownStep));
    const auto k = std::size_t(m_shownStep);
    for (std::size_t j = 0; j < v.inputs.size(); ++j)
        m_ranked.append({shareInputLabel(v.inputs[j]), v.shares[j][k]});
    std::stable_sort(m_ranked.begin(), m_ranked.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    // The remainder last whatever its size: it is not a driver to rank.
    m_ranked.append({unexplainedShareLabel(), v.unexplained[k]});
    QStringList categories;
    double top = 10;
    // Bars are drawn bottom to top: append in reverse so the largest share is on top.
    for (qsizetype i = m_ranked.size() - 1; i >= 0; --i) {
        categories << m_ranked[i].first;
        const double percent = 100 * m_ranked[i].second;
        m_set->append(percent);
        top = std::max(top, percent);
    }
    m_axisY->append(categories);
    m_chart->setTitle(
        tr("Spread of %1 in %2")
            .arg(QString::fromUtf8(seriesInfo(v.series).label), monthName(cur->scenario, m_shownStep)));
    double low = 0;
    for (const auto &entry : m_ranked)
        low = std::min(low, 100 * entry.second); // a negative remainder with correlated inputs
    // Room right of the longest bar for its value label.
    setNiceRange(m_axisX, low, top * 1.15, 6);
}

QString VarianceSharesRankChart::toCsv() const
{
    const_cast<VarianceSharesRankChart *>(this)->ensureUpToDate();
    QString csv = csvLine({QStringLiteral("rank"), QStringLiteral("input"), QStringLiteral("month"),
                           QStringLiteral("step"), QStringLiteral("share of variance (fraction)")});
    const SimulationResult *cur = m_inputs.current.get();
    if (!cur || m_shownStep < 0)
        return csv;
    const QString month = QString::fromStdString(cur->scenario.monthLabel(m_shownStep));
    for (qsizetype i = 0; i < m_ranked.size(); ++i)
        csv += csvLine({i + 1 < m_ranked.size() ? QString::number(i + 1) : QString(), m_ranked[i].first,
                        month, QString::number(m_shownStep), csvNumber(m_ranked[i].second)});
    return csv;
}

} // namespace jevons::ui
