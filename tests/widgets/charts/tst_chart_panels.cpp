// Charts without a main window (as the headless export uses them): render, CSV, baseline, delta, history
// hook.
#include "jevons/charts/chart_factory.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"

#include <QAreaSeries>
#include <QChart>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QTest>

#include "image_checks.h"

#include <set>

using namespace jevons;
using namespace jevons::ui;
using testing::distinctColours;

namespace {
SimulationResult run(double elasticity, std::uint64_t paths = 10'000)
{
    Scenario scenario;
    scenario[Param::PriceElasticity] = elasticity;
    SimulationSettings settings;
    settings.paths = paths;
    settings.seed = 11;
    settings.backend = Backend::Cpu;
    return simulate(scenario, settings);
}

int csvColumns(const QString &csv)
{
    return int(csv.section(QLatin1Char('\n'), 0, 0).split(QLatin1Char(',')).size());
}
} // namespace

class tst_ChartPanels : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void buildChartsRendersEveryChart();
    void fanChartPlotsPercentiles();
    void baselineAndDelta();
    void historyOverlay();
    void distributionMarksPercentiles();
    void logScaleToggle();
    void deltaOnLogChartHasOneValueAxis();
    void legendShowsAndHidesSeries();

private:
    SimulationResult m_result;
    SimulationResult m_baseline;
    SensitivityResult m_sensitivity;
};

void tst_ChartPanels::initTestCase()
{
    m_result = run(1.4);
    m_baseline = run(1.0);
    SimulationSettings settings = m_result.settings;
    settings.paths = 2'000; // 57 runs: kept small, the tornado only needs its shape here
    m_sensitivity = sensitivity(m_result.scenario, settings, SensitivityRequest{});
}

void tst_ChartPanels::buildChartsRendersEveryChart()
{
    const auto charts = buildCharts(m_result, &m_sensitivity, &m_baseline);
    QStringList ids;
    for (const auto &chart : charts) {
        ids << chart->chartId();
        QVERIFY(!chart->title().isEmpty());
        QVERIFY(!chart->caption().isEmpty());
        QImage image(900, 560, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        chart->renderTo(&painter, QRectF(0, 0, 900, 560));
        painter.end();
        QVERIFY2(distinctColours(image) > 20, qPrintable(chart->chartId() + " rendered blank"));
        if (const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR"); !dir.isEmpty())
            image.save(dir + QStringLiteral("/chart_") + chart->chartId() + QStringLiteral(".png"));
        const QString csv = chart->toCsv();
        QVERIFY2(csv.count(QLatin1Char('\n')) >= 2, qPrintable(chart->chartId() + " CSV has no data rows"));
    }
    QCOMPARE(ids, QStringList({"headline", "supply_demand", "demand_supply_ratio", "shortage_probability",
                               "gpu_hour_price", "token_price", "capex_revenue", "cumulative_capex",
                               "distribution", "sensitivity"}));
    QSet<QString> unique(ids.begin(), ids.end());
    QCOMPARE(unique.size(), ids.size());
}

void tst_ChartPanels::fanChartPlotsPercentiles()
{
    std::unique_ptr<FanChart> chart(createSupplyDemandChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    const int T = m_result.steps;
    for (int q = 0; q < 2; ++q) {
        const Series s = chart->quantities()[q].series;
        const QList<QPointF> median = chart->medianSeries(q)->points();
        QCOMPARE(median.size(), T + 1);
        for (int k : {0, T / 2, T})
            QVERIFY(qFuzzyCompare(median[k].y() * chart->valueDivisor(), m_result.value(s, Stat::P50, k)));
        const QList<QPointF> upper = chart->outerBand(q)->upperSeries()->points();
        QVERIFY(qFuzzyCompare(upper[T].y() * chart->valueDivisor(), m_result.value(s, Stat::P95, T)));
    }
    // CSV: month, step, then p5..p95 for both quantities, with units in the header.
    const QString csv = chart->toCsv();
    QCOMPARE(csvColumns(csv), 2 + 2 * 5);
    QVERIFY(csv.startsWith(QLatin1String("month,step,Installed base p5 (H100e)")));
    QCOMPARE(csv.count(QLatin1Char('\n')), T + 2);
}

void tst_ChartPanels::baselineAndDelta()
{
    std::unique_ptr<FanChart> chart(createGpuHourPriceChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    const int T = m_result.steps;
    QVERIFY(chart->baselineMedianSeries(0)->isVisible());
    QVERIFY(qFuzzyCompare(chart->baselineMedianSeries(0)->points()[T].y() * chart->valueDivisor(),
                          m_baseline.value(Series::GpuHourPrice, Stat::P50, T)));
    QCOMPARE(csvColumns(chart->toCsv()), 2 + 5 + 3);

    inputs.deltaView = true;
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QVERIFY(chart->showsDelta());
    QVERIFY(!chart->baselineMedianSeries(0)->isVisible());
    const double expected = m_result.value(Series::GpuHourPrice, Stat::P50, T) -
                            m_baseline.value(Series::GpuHourPrice, Stat::P50, T);
    QCOMPARE(chart->medianSeries(0)->points()[T].y() * chart->valueDivisor(), expected);
    QVERIFY(chart->caption().contains(QLatin1String("same seed")));
    QVERIFY(chart->toCsv().contains(QLatin1String("current minus baseline")));
}

void tst_ChartPanels::historyOverlay()
{
    std::unique_ptr<FanChart> chart(createSupplyDemandChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart->setInputs(inputs);
    chart->setHistory({QPointF(-12, 1.0e7), QPointF(-6, 1.5e7), QPointF(0, 2.0e7)},
                      QStringLiteral("Epoch AI"));
    chart->ensureUpToDate();
    QImage image(800, 500, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    chart->renderTo(&painter, QRectF(0, 0, 800, 500));
    QVERIFY(distinctColours(image) > 20);
    // The hidden chart was laid out at the target's size, not its last one.
    QVERIFY2(chart->chart()->plotArea().width() > 500,
             qPrintable(QString::number(chart->chart()->plotArea().width())));
    QImage wide(1600, 500, QImage::Format_ARGB32);
    wide.fill(Qt::white);
    QPainter widePainter(&wide);
    chart->renderTo(&widePainter, QRectF(0, 0, 1600, 500));
    QVERIFY2(chart->chart()->plotArea().width() > 1200,
             qPrintable(QString::number(chart->chart()->plotArea().width())));
}

void tst_ChartPanels::distributionMarksPercentiles()
{
    DistributionChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart.setInputs(inputs);
    chart.setSeries(Series::TokenPrice);
    chart.setStep(12);
    chart.ensureUpToDate();
    const double p50 = m_result.value(Series::TokenPrice, Stat::P50, 12);
    QVERIFY(qFuzzyCompare(chart.markerSeries(1)->points().first().x() * chart.valueDivisor(), p50));
    const QString csv = chart.toCsv();
    QVERIFY(csv.contains(QLatin1String("token_price_usd_per_mtok,") +
                         QString::fromStdString(m_result.scenario.monthLabel(12))));
    // The bins hold (almost) every path: p0.5..p99.5 plus under/overflow.
    const Histogram h = m_result.histogramAt(Series::TokenPrice, 12, 60);
    std::uint64_t inBins = 0;
    for (auto c : h.counts)
        inBins += c;
    QVERIFY(inBins > m_result.pathsDone * 95 / 100);
}

void tst_ChartPanels::logScaleToggle()
{
    std::unique_ptr<FanChart> chart(createCumulativeCapexChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart->setInputs(inputs);
    chart->setLogScale(true);
    chart->ensureUpToDate();
    QCOMPARE(chart->valueAxis()->type(), QAbstractAxis::AxisTypeLogValue);
    // Cumulative capex is 0 at step 0: drawn at the floor, never as 0 on a log axis.
    QVERIFY(chart->medianSeries(0)->points().first().y() > 0);
    chart->setLogScale(false);
    chart->ensureUpToDate();
    QCOMPARE(chart->valueAxis()->type(), QAbstractAxis::AxisTypeValue);
    QCOMPARE(chart->medianSeries(0)->points().first().y(), 0.0);
}

void tst_ChartPanels::deltaOnLogChartHasOneValueAxis()
{
    std::unique_ptr<FanChart> chart(createTokenPriceChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QCOMPARE(chart->chart()->axes(Qt::Vertical).size(), 1);
    QCOMPARE(chart->valueAxis()->type(), QAbstractAxis::AxisTypeLogValue);
    inputs.deltaView = true; // deltas go below zero: the axis turns linear
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QCOMPARE(chart->chart()->axes(Qt::Vertical).size(), 1);
    QCOMPARE(chart->valueAxis()->type(), QAbstractAxis::AxisTypeValue);
    for (QAbstractSeries *series : chart->chart()->series())
        QVERIFY(series->attachedAxes().size() <= 2);
    inputs.deltaView = false;
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QCOMPARE(chart->chart()->axes(Qt::Vertical).size(), 1);
    QCOMPARE(chart->valueAxis()->type(), QAbstractAxis::AxisTypeLogValue);
}

void tst_ChartPanels::legendShowsAndHidesSeries()
{
    std::unique_ptr<FanChart> chart(createSupplyDemandChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QLineSeries *demand = chart->medianSeries(1);
    const QList<QLegendMarker *> markers = chart->chart()->legend()->markers(demand);
    QCOMPARE(markers.size(), 1);
    emit markers.first()->clicked();
    QVERIFY(!demand->isVisible());
    QVERIFY(markers.first()->labelBrush().color().alphaF() <
            0.5); // still listed, dimmed, so it can come back
    // A new result keeps what the user hid.
    inputs.current = std::make_shared<SimulationResult>(m_baseline);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QVERIFY(!demand->isVisible());
    emit markers.first()->clicked();
    QVERIFY(demand->isVisible());
}

QTEST_MAIN(tst_ChartPanels)
#include "tst_chart_panels.moc"
