#include "jevons/backtest_view/pit_histogram_chart.h"

#include "jevons/charts/chart_support.h"
#include "jevons/charts/chart_view.h"
#include "jevons/market/number_format.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>

namespace jevons::ui {

namespace {
QString binLabel(int bin)
{
    const QLocale locale;
    return QStringLiteral("%1–%2").arg(locale.toString(bin / 10.0, 'f', 1),
                                       locale.toString((bin + 1) / 10.0, 'f', 1));
}
} // namespace

PitHistogramChart::PitHistogramChart(QWidget *parent) : ChartPanel(parent)
{
    setObjectName(chartId());
    auto *chart = new QChart;
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    m_set = new QBarSet(tr("Observations"));
    m_bars = new QBarSeries;
    m_bars->append(m_set);
    m_bars->setBarWidth(0.85);
    m_flat = new QLineSeries;
    m_flat->setName(tr("Flat (calibrated)"));
    chart->addSeries(m_bars);
    chart->addSeries(m_flat);
    initChart(chart, false, false);
    m_axisX = new QBarCategoryAxis;
    // Ten labels fit a narrow chart only as the bins' lower ends.
    QStringList bins;
    for (int b = 0; b < backtest::PitBins; ++b)
        bins << QLocale().toString(b / 10.0, 'f', 1);
    m_axisX->setCategories(bins);
    m_axisX->setTitleText(tr("PIT: share of paths below the observation (bins of 0.1 from)"));
    chart->addAxis(m_axisX, Qt::AlignBottom);
    m_bars->attachAxis(m_axisX);
    // The flat line spans the bars: a hidden value axis from -0.5 to bins - 0.5 matches the category
    // positions.
    m_axisXLine = new QValueAxis;
    m_axisXLine->setRange(-0.5, backtest::PitBins - 0.5);
    m_axisXLine->setVisible(false);
    chart->addAxis(m_axisXLine, Qt::AlignBottom);
    m_flat->attachAxis(m_axisXLine);
    m_axisY = new QValueAxis;
    m_axisY->setTitleText(tr("Observations"));
    m_axisY->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_axisY, Qt::AlignLeft);
    m_bars->attachAxis(m_axisY);
    m_flat->attachAxis(m_axisY);
    applyPalette();
    connect(m_bars, &QBarSeries::hovered, this, [this](bool status, int index, QBarSet *set) {
        if (!status || !m_result) {
            setToolTip(QString());
            return;
        }
        const double flat = double(m_result->summary.points) / backtest::PitBins;
        setToolTip(tr("PIT %1: %n observation(s) (flat: %2)", "", int(set->at(index)))
                       .arg(binLabel(index), QLocale().toString(flat, 'f', 1)));
    });
}

QString PitHistogramChart::caption() const
{
    if (!m_result)
        return tr("No backtest has been run yet.");
    return tr("Where the %n observation(s) after %1 fell in the model's distribution, every scored series "
              "together: flat is calibrated, a hump means the fans are too wide, a U too confident, a slope "
              "that the model runs hot or cold.",
              "", int(m_result->summary.points))
        .arg(monthName(m_result->calibration.scenario, 0));
}

void PitHistogramChart::setBacktest(BacktestPtr result)
{
    m_result = std::move(result);
    markDirty();
}

QList<double> PitHistogramChart::counts() const
{
    QList<double> out;
    for (int b = 0; b < m_set->count(); ++b)
        out.append(m_set->at(b));
    return out;
}

void PitHistogramChart::redraw()
{
    m_set->remove(0, m_set->count());
    m_flat->clear();
    double high = 1;
    if (m_result) {
        for (std::size_t n : m_result->summary.pitHistogram) {
            m_set->append(double(n));
            high = std::max(high, double(n));
        }
        const double flat = double(m_result->summary.points) / backtest::PitBins;
        m_flat->append(-0.5, flat);
        m_flat->append(backtest::PitBins - 0.5, flat);
    }
    setNiceRange(m_axisY, 0, high, 5);
}

void PitHistogramChart::applyPalette()
{
    m_set->setColor(m_palette.series(0));
    m_set->setBorderColor(m_palette.series(0));
    QPen flat(m_palette.muted);
    flat.setWidthF(1.6);
    flat.setStyle(Qt::DashLine);
    m_flat->setPen(flat);
    styleAxis(m_axisX, m_palette, false);
    styleAxis(m_axisY, m_palette, false);
    makeLegendInteractive(m_chart);
}

QString PitHistogramChart::toCsv() const
{
    const_cast<PitHistogramChart *>(this)->ensureUpToDate();
    QString csv = csvLine({QStringLiteral("pit_from"), QStringLiteral("pit_to"),
                           QStringLiteral("observations"), QStringLiteral("flat (observations)")});
    if (!m_result)
        return csv;
    const double flat = double(m_result->summary.points) / backtest::PitBins;
    for (int b = 0; b < backtest::PitBins; ++b)
        csv += csvLine({csvNumber(b / 10.0), csvNumber((b + 1) / 10.0),
                        QString::number(m_result->summary.pitHistogram[std::size_t(b)]), csvNumber(flat)});
    return csv;
}

} // namespace jevons::ui
