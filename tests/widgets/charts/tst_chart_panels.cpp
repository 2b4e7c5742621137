// Charts without a main window (as the headless export uses them): render, CSV, baseline, delta, history
// hook.
#include "jevons/charts/chart_factory.h"
#include "jevons/charts/chart_support.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/fan_legend.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/charts/output_checks.h"
#include "jevons/market/number_format.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"
#include "jevons/charts/variance_shares_chart.h"
#include "jevons/charts/variance_shares_rank_chart.h"

#include <QBarSet>
#include <QComboBox>
#include <QMenu>
#include <QAction>
#include <QLabel>
#include <QHorizontalBarSeries>

#include <QAreaSeries>
#include <QChart>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QRegularExpression>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QTest>

#include "image_checks.h"

#include <set>

using namespace jevons;
using namespace jevons::ui;
using testing::distinctColours;

namespace {
SimulationResult run(double elasticity, std::uint64_t paths = 10'000, double horizonYears = 0)
{
    Scenario scenario;
    scenario[Param::PriceElasticity] = elasticity;
    if (horizonYears > 0)
        scenario[Param::HorizonYears] = horizonYears;
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
    void deltaPercentAndLogRatio();
    void deltaDefaultModePerSeries();
    void probabilityDeltaInPercentagePoints();
    void legendShowsAndHidesSeries();
    void sharesChartDrawsEngineShares();
    void sharesRankedAtMonth();
    void sharesNoteWhenCorrelated();
    void probabilityChartsDrawEngine_data();
    void probabilityChartsDrawEngine();
    void powerChartDrawsDrawAndAvailable();
    void moneyChartsDrawEngineSeries_data();
    void moneyChartsDrawEngineSeries();
    void headlineTilesShowProbabilities();
    void fanAxesContainEveryBand_data();
    void fanAxesContainEveryBand();
    void distributionCaptionNamesTheShownMonth();
    void distributionSharesBinsWithBaseline();
    void tilesKeepThreeFiguresAndSayTheMonth();
    void implausibleOutputsAreFlagged();
    void monteCarloErrors();
    void sensitivityListsEveryParameter();

private:
    /// resources/scenarios/01_base_case.json (nine inputs with intervals), small path count, with the
    /// variance shares of `series`.
    static SimulationResult uncertainRun(Series series, bool correlated = false);
    SimulationResult m_uncertain;
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
    m_uncertain = uncertainRun(Series::DemandSupplyRatio);
}

SimulationResult tst_ChartPanels::uncertainRun(Series series, bool correlated)
{
    Scenario scenario = loadScenarioFile(qEnvironmentVariable("JEVONS_SOURCE_DIR").toStdString() +
                                         "/resources/scenarios/01_base_case.json");
    if (correlated)
        scenario.correlations.push_back({Param::AdoptionGrowth, Param::TrainingGrowth, 0.6});
    SimulationSettings settings;
    settings.paths = 4'000;
    settings.seed = 5;
    settings.backend = Backend::Cpu;
    settings.sharesSeries = series;
    return simulate(scenario, settings);
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
        // The shares charts have rows only for a scenario with uncertain inputs (below, and the next test).
        if (!chart->chartId().startsWith(QLatin1String("variance_shares")))
            QVERIFY2(csv.count(QLatin1Char('\n')) >= 2,
                     qPrintable(chart->chartId() + " CSV has no data rows"));
    }
    QCOMPARE(ids, QStringList({"headline", "supply_demand", "demand_supply_ratio", "shortage_probability",
                               "gpu_hour_price", "token_price", "capex_revenue", "cumulative_capex",
                               "revenue_covers_capex_probability", "power", "unpowered",
                               "power_constrained_probability", "distribution", "sensitivity",
                               "variance_shares", "variance_shares_ranked"}));
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
    QCOMPARE(chart->deltaMode(), DeltaMode::Percent); // a price: percent by default
    chart->setDeltaMode(DeltaMode::Absolute);
    chart->ensureUpToDate();
    QVERIFY(!chart->baselineMedianSeries(0)->isVisible());
    const double expected = m_result.value(Series::GpuHourPrice, Stat::P50, T) -
                            m_baseline.value(Series::GpuHourPrice, Stat::P50, T);
    QCOMPARE(chart->medianSeries(0)->points()[T].y() * chart->valueDivisor(), expected);
    QVERIFY(chart->caption().contains(QLatin1String("same seed")));
    QVERIFY(chart->toCsv().contains(QLatin1String("current minus baseline")));
    QVERIFY(chart->caption().contains(FanChart::deltaModeName(DeltaMode::Absolute)));
}

namespace {
/// The y of the point at month `step` (undefined deltas leave gaps, so the index need not be the month).
double yAt(const QLineSeries *series, int step)
{
    for (const QPointF &p : series->points())
        if (qRound(p.x()) == step)
            return p.y();
    return std::nan("");
}

/// The CSV cell of column `header` on the row of month `step`.
double csvCell(const QString &csv, const QString &header, int step)
{
    const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // Headers hold commas ("low of p5/p95 shifts, percent change"), quoted: split on the quotes first.
    auto fields = [](const QString &line) {
        QStringList out;
        QString cell;
        bool quoted = false;
        for (const QChar c : line) {
            if (c == QLatin1Char('"'))
                quoted = !quoted;
            else if (c == QLatin1Char(',') && !quoted) {
                out << cell;
                cell.clear();
            } else
                cell += c;
        }
        return out << cell;
    };
    const int column = int(fields(lines.first()).indexOf(header));
    for (const QString &line : lines.mid(1)) {
        const QStringList cells = fields(line);
        if (cells.value(1) == QString::number(step))
            return column < 0 ? std::nan("") : cells.value(column).toDouble(); // files in the C locale
    }
    return std::nan("");
}
} // namespace

void tst_ChartPanels::deltaPercentAndLogRatio()
{
    // The token price falls by orders of magnitude: its delta is a percent change of each percentile.
    std::unique_ptr<FanChart> chart(createTokenPriceChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    inputs.deltaView = true;
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QVERIFY(chart->showsDelta());
    QCOMPARE(chart->deltaMode(), DeltaMode::Percent);
    QCOMPARE(chart->valueDivisor(), 1.0);
    const int T = m_result.steps;
    const Series s = Series::TokenPrice;
    auto percent = [&](Stat st, int k) {
        return 100.0 * (m_result.value(s, st, k) / m_baseline.value(s, st, k) - 1.0);
    };
    bool moved = false;
    const QString csv = chart->toCsv();
    const QString p50Column = QStringLiteral("Token price p50 percent change vs baseline (%)");
    for (int k : {6, T / 2, T}) {
        QVERIFY2(qFuzzyCompare(yAt(chart->medianSeries(0), k), percent(Stat::P50, k)),
                 qPrintable(QString::number(k)));
        // The outer band joins the p5 and p95 shifts: its upper edge is the larger of the two.
        QVERIFY(qFuzzyCompare(yAt(chart->outerBand(0)->upperSeries(), k),
                              std::max(percent(Stat::P5, k), percent(Stat::P95, k))));
        QVERIFY(qFuzzyCompare(yAt(chart->outerBand(0)->lowerSeries(), k),
                              std::min(percent(Stat::P5, k), percent(Stat::P95, k))));
        // The CSV keeps ten significant figures.
        const double cell = csvCell(csv, p50Column, k);
        QVERIFY2(std::abs(cell - percent(Stat::P50, k)) <= 1e-8 * std::abs(percent(Stat::P50, k)),
                 qPrintable(QStringLiteral("%1 vs %2").arg(cell).arg(percent(Stat::P50, k))));
        moved = moved || std::abs(percent(Stat::P50, k)) > 1;
    }
    QVERIFY(moved); // the two runs differ, so the check above compares something
    QVERIFY(chart->caption().contains(FanChart::deltaModeName(DeltaMode::Percent)));
    QVERIFY(chart->caption().contains(QLatin1String("not a confidence band")));
    QVERIFY(chart->valueAxis()->titleText().contains(QLatin1String("(%)")));
    // On the chart, not only in a tooltip: the note above the plot and the legend's names.
    QVERIFY(chart->deltaNote().contains(QLatin1String("not a confidence band")));
    QVERIFY(chart->findChild<QLabel *>(QStringLiteral("deltaNote"))->text() == chart->deltaNote());
    // (The legend's entries are the series' names.)
    QCOMPARE(chart->medianSeries(0)->name(), QStringLiteral("median shift"));
    QCOMPARE(chart->outerBand(0)->name(), QStringLiteral("p5, p95 shifts"));

    // The toolbar's combo, from the keyboard: the next entry is the log ratio.
    auto *combo = chart->findChild<QComboBox *>(QStringLiteral("deltaMode"));
    QVERIFY(combo);
    QCOMPARE(combo->currentData().toInt(), int(DeltaMode::Percent));
    QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(chart->deltaMode(), DeltaMode::LogRatio);
    chart->ensureUpToDate();
    for (int k : {6, T / 2, T}) {
        const double expected =
            std::log10(m_result.value(s, Stat::P50, k) / m_baseline.value(s, Stat::P50, k));
        QVERIFY(qFuzzyCompare(yAt(chart->medianSeries(0), k), expected));
    }
    QVERIFY(chart->caption().contains(FanChart::deltaModeName(DeltaMode::LogRatio)));
    QVERIFY(chart->toCsv().section(QLatin1Char('\n'), 0, 0).contains(QLatin1String("(log ratio)")));
    QVERIFY(chart->valueAxis()->titleText().contains(QLatin1String("log ratio")));

    // Back to absolute from the chart menu: dollars per million tokens again, scaled like the fan.
    QAction *absolute = nullptr;
    for (QAction *a : chart->actionsMenu()->actions())
        if (a->menu())
            for (QAction *sub : a->menu()->actions())
                if (sub->data().toInt() == int(DeltaMode::Absolute) && sub->isCheckable())
                    absolute = sub;
    QVERIFY(absolute);
    absolute->trigger();
    QCOMPARE(chart->deltaMode(), DeltaMode::Absolute);
    QCOMPARE(combo->currentData().toInt(), int(DeltaMode::Absolute));
    chart->ensureUpToDate();
    QVERIFY(qFuzzyCompare(yAt(chart->medianSeries(0), T) * chart->valueDivisor(),
                          m_result.value(s, Stat::P50, T) - m_baseline.value(s, Stat::P50, T)));
}

void tst_ChartPanels::deltaDefaultModePerSeries()
{
    // Percent for prices and money (USD), absolute for stocks, ratios and power.
    const std::map<QString, DeltaMode> expected = {
        {QStringLiteral("token_price"), DeltaMode::Percent},
        {QStringLiteral("gpu_hour_price"), DeltaMode::Percent},
        {QStringLiteral("capex_revenue"), DeltaMode::Percent},
        {QStringLiteral("cumulative_capex"), DeltaMode::Percent},
        {QStringLiteral("supply_demand"), DeltaMode::Absolute},
        {QStringLiteral("demand_supply_ratio"), DeltaMode::Absolute},
        {QStringLiteral("power"), DeltaMode::Absolute},
        {QStringLiteral("unpowered"), DeltaMode::Absolute},
    };
    auto charts = buildCharts(m_result, &m_sensitivity);
    int fans = 0;
    for (const auto &panel : charts) {
        auto *fan = qobject_cast<FanChart *>(panel.get());
        if (!fan)
            continue;
        ++fans;
        QVERIFY2(expected.count(fan->chartId()), qPrintable(fan->chartId()));
        QVERIFY2(fan->deltaMode() == expected.at(fan->chartId()), qPrintable(fan->chartId()));
    }
    QCOMPARE(fans, int(expected.size()));
    // Cumulative capex is 0 in both runs at the start: a 0 % change there, not a gap or an error.
    std::unique_ptr<FanChart> cumulative(createCumulativeCapexChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    inputs.deltaView = true;
    cumulative->setInputs(inputs);
    cumulative->ensureUpToDate();
    QCOMPARE(yAt(cumulative->medianSeries(0), 0), 0.0);
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
    chart->resize(900, 500);
    chart->show(); // legend markers report themselves visible only on a shown chart
    QVERIFY(QTest::qWaitForWindowExposed(chart.get()));
    QLineSeries *demand = chart->medianSeries(1);
    const QList<QLegendMarker *> markers = chart->chart()->legend()->markers(demand);
    QCOMPARE(markers.size(), 1);
    // Two quantities: one entry each, named by the quantity; their bands are named once, by the key in the
    // toolbar, instead of two entries per quantity.
    QCOMPARE(demand->name(), QStringLiteral("Demand"));
    QAreaSeries *demandBand = chart->outerBand(1);
    QVERIFY(demandBand->isVisible());
    for (QLegendMarker *marker : chart->chart()->legend()->markers(demandBand))
        QVERIFY(!marker->isVisible());
    int shownEntries = 0;
    for (QLegendMarker *marker : chart->chart()->legend()->markers())
        shownEntries += marker->isVisible() ? 1 : 0;
    QCOMPARE(shownEntries, 2);
    auto *key = chart->findChild<FanLegend *>(QStringLiteral("bandKey"));
    QVERIFY(key);
    QVERIFY(key->entries().contains(QStringLiteral("p5–p95")));
    emit markers.first()->clicked();
    QVERIFY(!demand->isVisible());
    QVERIFY(!demandBand->isVisible()); // the entry stands for the line and its bands
    QVERIFY(chart->outerBand(0)->isVisible());
    QVERIFY(markers.first()->labelBrush().color().alphaF() <
            0.5); // still listed, dimmed, so it can come back
    // A new result keeps what the user hid.
    inputs.current = std::make_shared<SimulationResult>(m_baseline);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    QVERIFY(!demand->isVisible());
    QVERIFY(!demandBand->isVisible());
    emit markers.first()->clicked();
    QVERIFY(demand->isVisible());
    QVERIFY(demandBand->isVisible());
}

QTEST_MAIN(tst_ChartPanels)
void tst_ChartPanels::sharesChartDrawsEngineShares()
{
    QVERIFY(m_uncertain.varianceShares);
    const VarianceShares &v = *m_uncertain.varianceShares;
    QCOMPARE(int(v.inputs.size()), 9);
    VarianceSharesChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_uncertain);
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QCOMPARE(chart.areas().size(), qsizetype(v.inputs.size() + 1));
    QCOMPARE(chart.areas().last()->name(), unexplainedShareLabel());
    const int T = m_uncertain.steps;
    // Each area spans its own share: upper minus lower edge, in percent, equals the engine's share.
    for (std::size_t j = 0; j < v.inputs.size(); ++j) {
        QAreaSeries *area = chart.areas()[qsizetype(j)];
        QCOMPARE(area->name(), shareInputLabel(v.inputs[j]));
        const QList<QPointF> upper = area->upperSeries()->points();
        QCOMPARE(upper.size(), T + 1);
        for (int k = 0; k <= T; ++k) {
            const double lower = area->lowerSeries() ? area->lowerSeries()->points()[k].y() : 0.0;
            QVERIFY2(std::abs(upper[k].y() - lower - 100 * v.shares[j][std::size_t(k)]) < 1e-9,
                     qPrintable(QStringLiteral("input %1 step %2").arg(j).arg(k)));
        }
    }
    // Without correlations the stack tops out at 100 %: shares plus remainder.
    const QList<QPointF> top = chart.areas().last()->upperSeries()->points();
    for (int k = 1; k <= T; ++k)
        QVERIFY(std::abs(top[k].y() - 100) < 1e-6 || v.unexplained[std::size_t(k)] < 0);
    // The CSV carries the engine's numbers, one column per input and the remainder.
    const QStringList rows = chart.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(rows.size(), T + 2);
    QVERIFY(rows[0].contains(QLatin1String("explained by price_elasticity")));
    const QStringList last = rows.last().split(QLatin1Char(','));
    QCOMPARE(last.size(), 2 + int(v.inputs.size()) + 1);
    for (std::size_t j = 0; j < v.inputs.size(); ++j)
        QVERIFY(std::abs(last[2 + int(j)].toDouble() - v.shares[j][std::size_t(T)]) < 1e-9);
    QVERIFY(std::abs(last.last().toDouble() - v.unexplained[std::size_t(T)]) < 1e-9);
    // Hover names each input with its share at that month.
    const QString hover = chart.hoverTextAt(T);
    for (Param p : v.inputs)
        QVERIFY2(hover.contains(shareInputLabel(p).toHtmlEscaped()), qPrintable(hover));
    QCOMPARE(chart.overlapNote().isEmpty(), !v.correlated); // the Base case correlates some inputs
    QVERIFY(chart.hoverTextAt(T + 1).isEmpty());
}

void tst_ChartPanels::sharesRankedAtMonth()
{
    const VarianceShares &v = *m_uncertain.varianceShares;
    VarianceSharesRankChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_uncertain);
    chart.setInputs(inputs);
    for (int step : {-1, 12, 1}) {
        chart.setStep(step);
        chart.ensureUpToDate();
        const int k = step < 0 ? m_uncertain.steps : step;
        QCOMPARE(chart.shownStep(), k);
        const auto &ranked = chart.ranked();
        QCOMPARE(ranked.size(), qsizetype(v.inputs.size() + 1));
        for (qsizetype i = 0; i + 2 < ranked.size(); ++i)
            QVERIFY(ranked[i].second >= ranked[i + 1].second);
        double largest = 0;
        for (const std::vector<double> &s : v.shares)
            largest = std::max(largest, s[std::size_t(k)]);
        QCOMPARE(ranked.first().second, largest);
        QCOMPARE(ranked.last().second, v.unexplained[std::size_t(k)]);
        // Drawn bottom to top: the largest share is the last bar.
        QBarSet *set = chart.barSeries()->barSets().first();
        QCOMPARE(set->count(), int(ranked.size()));
        QVERIFY(std::abs(set->at(set->count() - 1) - 100 * largest) < 1e-9);
    }
}

void tst_ChartPanels::sharesNoteWhenCorrelated()
{
    const SimulationResult correlated = uncertainRun(Series::GpuHourPrice, true);
    QVERIFY(correlated.varianceShares && correlated.varianceShares->correlated);
    VarianceSharesChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(correlated);
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(!chart.overlapNote().isEmpty());
    QVERIFY(chart.caption().contains(chart.overlapNote()));
    QVERIFY(chart.caption().contains(QLatin1String("GPU-hour price")));
    // A run without uncertain inputs has no shares: the chart says why instead of drawing.
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(chart.areas().isEmpty());
    QVERIFY(chart.chart()->title().contains(QLatin1String("interval")));
}

void tst_ChartPanels::probabilityChartsDrawEngine_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("probability");
    QTest::newRow("shortage") << "shortage_probability" << int(Probability::Shortage);
    QTest::newRow("power binds") << "power_constrained_probability" << int(Probability::PowerConstrained);
    QTest::newRow("paid for") << "revenue_covers_capex_probability" << int(Probability::RevenueCoversCapex);
}

void tst_ChartPanels::probabilityChartsDrawEngine()
{
    QFETCH(QString, id);
    QFETCH(int, probability);
    const auto charts = buildCharts(m_uncertain);
    ShortageChart *chart = nullptr;
    for (const auto &panel : charts)
        if (panel->chartId() == id)
            chart = qobject_cast<ShortageChart *>(panel.get());
    QVERIFY(chart);
    QCOMPARE(int(chart->probability()), probability);
    chart->ensureUpToDate();
    const std::vector<double> &engine = m_uncertain.probability(Probability(probability));
    const QList<QPointF> points = chart->currentSeries()->points();
    QCOMPARE(points.size(), qsizetype(engine.size()));
    for (std::size_t k = 0; k < engine.size(); ++k)
        QCOMPARE(points[qsizetype(k)].y(), 100 * engine[k]);
    const QString key = QString::fromLatin1(probabilityTable()[std::size_t(probability)].key);
    QVERIFY(chart->toCsv().startsWith(QStringLiteral("month,step,%1 (percent of paths)")
                                          .arg(QString(key).replace(QLatin1Char('_'), QLatin1Char(' ')))));
}

void tst_ChartPanels::probabilityDeltaInPercentagePoints()
{
    // A probability's change is a difference in percentage points (91 % against 85 % is +6 pp): the
    // shortage chart draws current minus baseline per month, labelled as such, with a zero line, and keeps
    // both runs and the difference's Monte Carlo error in its CSV and hover.
    ShortageChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(!chart.showsDelta());
    QVERIFY(!chart.zeroSeries()->isVisible());
    const std::vector<double> &now = m_result.probability(Probability::Shortage);
    const std::vector<double> &then = m_baseline.probability(Probability::Shortage);
    QCOMPARE(chart.plotted().front(), 100 * now.front());

    inputs.deltaView = true;
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(chart.showsDelta());
    const QList<QPointF> points = chart.currentSeries()->points();
    QCOMPARE(points.size(), qsizetype(now.size()));
    bool anyChange = false;
    for (std::size_t k = 0; k < now.size(); ++k) {
        QCOMPARE(points[qsizetype(k)].y(), 100 * now[k] - 100 * then[k]);
        anyChange = anyChange || std::abs(now[k] - then[k]) > 0.01;
        // Two binomial errors combined, in percentage points.
        const double a = std::sqrt(now[k] * (1 - now[k]) / double(m_result.settings.paths));
        const double b = std::sqrt(then[k] * (1 - then[k]) / double(m_baseline.settings.paths));
        QVERIFY(std::abs(chart.deltaError()[k] - 100 * std::sqrt(a * a + b * b)) < 1e-9);
    }
    QVERIFY(anyChange); // elasticity 1.4 against 1.0 moves the shortage probability
    QVERIFY(chart.zeroSeries()->isVisible());
    QCOMPARE(chart.zeroSeries()->points().front().y(), 0.0);
    for (QLegendMarker *marker : chart.chart()->legend()->markers(chart.zeroSeries()))
        QVERIFY(!marker->isVisible());
    auto *axisY = qobject_cast<QValueAxis *>(chart.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axisY);
    QVERIFY(axisY->titleText().contains(QLatin1String("(pp)")));
    QVERIFY(chart.chart()->title().contains(QLatin1String("percentage points (pp)")));
    for (const QPointF &p : points)
        QVERIFY(p.y() >= axisY->min() && p.y() <= axisY->max());
    QVERIFY(axisY->min() < 0 && axisY->max() > 0); // the zero line is inside
    QVERIFY(chart.currentSeries()->name().contains(QLatin1String("(pp)")));
    QVERIFY(chart.caption().contains(QLatin1String("percentage points")));
    const int T = m_result.steps;
    const QString hover = chart.hoverTextAt(T);
    QVERIFY2(hover.contains(QLatin1String("percentage points")) && hover.contains(QLatin1String("baseline")),
             qPrintable(hover));
    const QStringList lines = chart.toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.front().contains(QLatin1String("current minus baseline (percentage points)")));
    QVERIFY(lines.front().endsWith(QLatin1String("standard error of the difference (percentage points)")));
    const QStringList last = lines.back().split(QLatin1Char(','));
    QCOMPARE(last.size(), 6);
    QVERIFY(std::abs(last[2].toDouble() - (last[3].toDouble() - last[4].toDouble())) < 1e-9);

    // Without a baseline the delta view has nothing to subtract: plain percent.
    inputs.baseline.reset();
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(!chart.showsDelta());
    QVERIFY(!chart.zeroSeries()->isVisible());
    QVERIFY(chart.chart()->title().isEmpty());
    QCOMPARE(chart.plotted().back(), 100 * now.back());
}

void tst_ChartPanels::powerChartDrawsDrawAndAvailable()
{
    std::unique_ptr<FanChart> chart(createPowerChart(false, nullptr));
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_uncertain);
    chart->setInputs(inputs);
    chart->ensureUpToDate();
    const int T = m_uncertain.steps;
    const QList<QPointF> median = chart->medianSeries(0)->points();
    for (int k : {0, T / 2, T})
        QVERIFY(qFuzzyCompare(median[k].y() * chart->valueDivisor(),
                              m_uncertain.value(Series::PowerDraw, Stat::P50, k)));
    // Power available: E0 * m_E^(k / 12) at the scenario's values (docs/model.md, step 10).
    const Scenario &s = m_uncertain.scenario;
    const std::vector<double> &available = chart->referenceValues();
    QCOMPARE(int(available.size()), T + 1);
    QCOMPARE(available[0], s[Param::PowerGw]);
    QVERIFY(qFuzzyCompare(available[std::size_t(T)],
                          s[Param::PowerGw] * std::pow(s[Param::PowerGrowth], T / 12.0)));
    const QList<QPointF> line = chart->referenceSeries()->points();
    QCOMPARE(line.size(), T + 1);
    QVERIFY(qFuzzyCompare(line[T].y() * chart->valueDivisor(), available[std::size_t(T)]));
    QVERIFY(chart->referenceSeries()->isVisible());
    QVERIFY(chart->toCsv().section(QLatin1Char('\n'), 0, 0).endsWith(QLatin1String("Power available (GW)")));
    QVERIFY(chart->hoverTextAt(T).contains(QLatin1String("Power available")));

    std::unique_ptr<FanChart> unpowered(createUnpoweredChart(false, nullptr));
    unpowered->setInputs(inputs);
    unpowered->ensureUpToDate();
    QVERIFY(
        qFuzzyCompare(1 + unpowered->outerBand(0)->upperSeries()->points()[T].y() * unpowered->valueDivisor(),
                      1 + m_uncertain.value(Series::Unpowered, Stat::P95, T)));
}

void tst_ChartPanels::moneyChartsDrawEngineSeries_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QList<int>>("series");
    QTest::newRow("flows") << "capex_revenue"
                           << QList<int>{int(Series::Capex), int(Series::AiRevenue),
                                         int(Series::Depreciation), int(Series::ComputeRevenue)};
    QTest::newRow("cumulative") << "cumulative_capex"
                                << QList<int>{int(Series::CumulativeCapex), int(Series::CumulativeAiRevenue)};
}

void tst_ChartPanels::moneyChartsDrawEngineSeries()
{
    QFETCH(QString, id);
    QFETCH(QList<int>, series);
    const auto charts = buildCharts(m_uncertain);
    FanChart *chart = nullptr;
    for (const auto &panel : charts)
        if (panel->chartId() == id)
            chart = qobject_cast<FanChart *>(panel.get());
    QVERIFY(chart);
    chart->ensureUpToDate();
    QCOMPARE(chart->quantities().size(), series.size());
    const int T = m_uncertain.steps;
    for (int q = 0; q < series.size(); ++q) {
        QCOMPARE(int(chart->quantities()[q].series), series[q]);
        const QList<QPointF> median = chart->medianSeries(q)->points();
        for (int k : {1, T / 2, T})
            QVERIFY(qFuzzyCompare(1 + median[k].y() * chart->valueDivisor(),
                                  1 + m_uncertain.value(Series(series[q]), Stat::P50, k)));
    }
    // One chart, log option and legend toggles: the log scale keeps every quantity drawn.
    chart->setLogScale(true);
    chart->ensureUpToDate();
    for (int q = 0; q < series.size(); ++q)
        QVERIFY(chart->medianSeries(q)->isVisible());
}

void tst_ChartPanels::headlineTilesShowProbabilities()
{
    HeadlineTiles tiles;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_uncertain);
    tiles.setInputs(inputs);
    const std::size_t T = std::size_t(m_uncertain.steps);
    const QLocale locale;
    for (Probability p :
         {Probability::Shortage, Probability::PowerConstrained, Probability::RevenueCoversCapex}) {
        const QString key = QString::fromLatin1(probabilityTable()[std::size_t(p)].key);
        // As many decimals as the binomial error of the share supports.
        const double share = m_uncertain.probability(p)[T];
        const int decimals = percentDecimals(100 * probabilityStandardError(share, m_uncertain.pathsDone));
        QCOMPARE(tiles.tileText(key),
                 QStringLiteral("%1 %").arg(locale.toString(100 * share, 'f', decimals)));
        QVERIFY(tiles.toCsv().contains(key + QStringLiteral(",share of paths,")));
    }
}

void tst_ChartPanels::fanAxesContainEveryBand_data()
{
    QTest::addColumn<double>("horizon");
    QTest::addColumn<bool>("withBaseline");
    for (const double horizon : {5.0, 10.0})
        for (const bool withBaseline : {false, true})
            QTest::addRow("%g years%s", horizon, withBaseline ? ", baseline" : "") << horizon << withBaseline;
}

void tst_ChartPanels::fanAxesContainEveryBand()
{
    QFETCH(double, horizon);
    QFETCH(bool, withBaseline);
    const SimulationResult current = run(1.4, 4'000, horizon);
    const SimulationResult baseline = run(1.0, 4'000, horizon);
    ChartSet set = createChartSet(nullptr);
    QList<FanChart *> fans = createOverviewFans(nullptr);
    for (ChartPanel *panel : set.all())
        if (auto *fan = qobject_cast<FanChart *>(panel))
            fans.append(fan);
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(current);
    if (withBaseline)
        inputs.baseline = std::make_shared<SimulationResult>(baseline);
    for (FanChart *fan : fans) {
        fan->resize(800, 500);
        fan->setInputs(inputs);
        fan->ensureUpToDate();
        double axisMin = 0, axisMax = 0;
        if (const auto *linear = qobject_cast<QValueAxis *>(fan->valueAxis())) {
            axisMin = linear->min();
            axisMax = linear->max();
        } else if (const auto *log = qobject_cast<QLogValueAxis *>(fan->valueAxis())) {
            axisMin = log->min();
            axisMax = log->max();
        } else {
            QFAIL(qPrintable(fan->chartId() + QStringLiteral(": no value axis")));
        }
        double top = -HUGE_VAL, bottom = HUGE_VAL;
        for (int q = 0; q < fan->quantities().size(); ++q) {
            for (QLineSeries *edge : {fan->outerBand(q)->upperSeries(), fan->outerBand(q)->lowerSeries(),
                                      fan->baselineMedianSeries(q)})
                for (const QPointF &p : edge->points()) {
                    top = std::max(top, p.y());
                    bottom = std::min(bottom, p.y());
                }
        }
        // Every plotted band inside the axis: a clipped p95 would read as a flat top.
        QVERIFY2(
            axisMax >= top,
            qPrintable(QStringLiteral("%1: axis max %2 < p95 %3").arg(fan->chartId()).arg(axisMax).arg(top)));
        QVERIFY2(axisMin <= bottom,
                 qPrintable(
                     QStringLiteral("%1: axis min %2 > p5 %3").arg(fan->chartId()).arg(axisMin).arg(bottom)));
    }
    qDeleteAll(fans);
}

void tst_ChartPanels::distributionCaptionNamesTheShownMonth()
{
    // A caption asked for before the chart was ever drawn (Export all, the CLI, the report).
    DistributionChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    chart.setInputs(inputs);
    const QString horizon = monthName(m_result.scenario, m_result.steps);
    QVERIFY2(chart.caption().contains(horizon), qPrintable(chart.caption()));
    QVERIFY(!chart.caption().contains(monthName(m_result.scenario, 0)));
    chart.setStep(6);
    QVERIFY(chart.caption().contains(monthName(m_result.scenario, 6)));
    QVERIFY(chart.toCsv().contains(QString::fromStdString(m_result.scenario.monthLabel(6))));
}

void tst_ChartPanels::distributionSharesBinsWithBaseline()
{
    DistributionChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.baseline = std::make_shared<SimulationResult>(m_baseline);
    chart.setInputs(inputs);
    chart.ensureUpToDate();
    QVERIFY(!chart.histogram().edges.empty());
    QCOMPARE(chart.baselineHistogram().edges, chart.histogram().edges); // heights compare bin by bin
    // Both runs' p0.5..p99.5 inside the shared bins.
    const int T = m_result.steps;
    QVERIFY(chart.histogram().edges.front() <=
            std::min(m_result.quantileAt(Series::DemandSupplyRatio, T, 0.005),
                     m_baseline.quantileAt(Series::DemandSupplyRatio, T, 0.005)));
    QVERIFY(chart.histogram().edges.back() >=
            std::max(m_result.quantileAt(Series::DemandSupplyRatio, T, 0.995),
                     m_baseline.quantileAt(Series::DemandSupplyRatio, T, 0.995)));
    // The shortage threshold on the D/S histogram, and only there.
    QLineSeries *threshold = chart.thresholdSeries();
    QVERIFY(threshold->isVisible());
    QCOMPARE(threshold->count(), 2);
    QCOMPARE(threshold->at(0).x() * chart.valueDivisor(), 1.0);
    chart.setSeries(Series::GpuHourPrice);
    chart.ensureUpToDate();
    QVERIFY(!threshold->isVisible());
}

void tst_ChartPanels::tilesKeepThreeFiguresAndSayTheMonth()
{
    // Ten years of deflation: the token price falls far below a cent per million tokens.
    Scenario scenario = loadScenarioFile(qEnvironmentVariable("JEVONS_SOURCE_DIR").toStdString() +
                                         "/resources/scenarios/03_deepseek_deflation.json");
    scenario[Param::HorizonYears] = 10;
    SimulationSettings settings;
    settings.paths = 4'000;
    settings.seed = 3;
    settings.backend = Backend::Cpu;
    const SimulationResult result = simulate(scenario, settings);
    HeadlineTiles tiles;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(result);
    tiles.setInputs(inputs);
    const int T = result.steps;
    const QString unit = QString::fromUtf8(seriesInfo(Series::TokenPrice).unit);
    const double p50 = result.value(Series::TokenPrice, Stat::P50, T);
    QVERIFY(p50 > 0);
    const QString text = tiles.tileText(QStringLiteral("token_price_usd_per_mtok"));
    QVERIFY2(text != QStringLiteral("$0/Mtok"), qPrintable(text));
    QCOMPARE(text, formatFigures(
                       p50, unit,
                       significantFigures(p50, quantileStandardError(result, Series::TokenPrice, T, 0.5))));
    // Three significant figures: the digits after the leading zeros.
    QString digits = text;
    digits.remove(QRegularExpression(QStringLiteral("[^0-9]")));
    while (digits.startsWith(QLatin1Char('0')))
        digits.remove(0, 1);
    QVERIFY2(digits.size() >= 3, qPrintable(text));
    for (const QString &key : {QStringLiteral("demand_supply_ratio"), QStringLiteral("shortage_probability")})
        QVERIFY2(tiles.tileTitle(key).endsWith(monthName(result.scenario, T)),
                 qPrintable(tiles.tileTitle(key)));
}

void tst_ChartPanels::implausibleOutputsAreFlagged()
{
    const SimulationResult wild = run(2.9, 4'000, 10);
    HeadlineTiles tiles;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(wild);
    tiles.setInputs(inputs);
    const int T = wild.steps;
    const double ratioP95 = wild.value(Series::DemandSupplyRatio, Stat::P95, T);
    QVERIFY2(ratioP95 > 100, qPrintable(QString::number(ratioP95)));
    QVERIFY(!tiles.tileWarning(QStringLiteral("demand_supply_ratio")).isEmpty());
    std::unique_ptr<FanChart> fan(createDemandSupplyRatioChart(false, nullptr));
    fan->setInputs(inputs);
    // Asked before any draw, as an export asks: the caption carries the warning all the same.
    QVERIFY(fan->caption().contains(QLatin1String("calibrated")));
    QVERIFY(fan->warning().contains(QLatin1String("calibrated")));
    QVERIFY(fan->caption().contains(fan->warning()));
    // The Base case stays unflagged.
    inputs.current = std::make_shared<SimulationResult>(m_baseline);
    tiles.setInputs(inputs);
    fan->setInputs(inputs);
    fan->ensureUpToDate();
    QVERIFY(tiles.tileWarning(QStringLiteral("demand_supply_ratio")).isEmpty());
    QVERIFY(fan->warning().isEmpty());
    QVERIFY(implausibility(Series::Capex, 1.2e12, 2e12).contains(QLatin1String("world output")));
    QVERIFY(implausibility(Series::Capex, 4e10, 6e10).isEmpty());
}

void tst_ChartPanels::monteCarloErrors()
{
    QCOMPARE(probabilityStandardError(0.5, 10'000), 0.005);
    QCOMPARE(probabilityStandardError(0.0, 10'000), 0.0);
    QCOMPARE(significantFigures(1.234, 0.00001), 4);
    QCOMPARE(significantFigures(1.234, 0.01), 3);
    QCOMPARE(significantFigures(1.234e-6, 0.1e-6), 3); // never fewer than three
    QCOMPARE(percentDecimals(0.5), 0);
    QCOMPARE(percentDecimals(0.02), 1);
    QCOMPARE(percentDecimals(0.001), 2);
    // From the run: four times the paths, about half the error of the median.
    const SimulationResult small = run(1.4, 2'500), large = run(1.4, 40'000);
    const int T = small.steps;
    const double a = quantileStandardError(small, Series::DemandSupplyRatio, T, 0.5);
    const double b = quantileStandardError(large, Series::DemandSupplyRatio, T, 0.5);
    QVERIFY(a > 0 && b > 0);
    QVERIFY2(a / b > 2.5 && a / b < 6.5, qPrintable(QString::number(a / b))); // sqrt(16) = 4
}

void tst_ChartPanels::sensitivityListsEveryParameter()
{
    SensitivityChart chart;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(m_result);
    inputs.sensitivity = std::make_shared<SensitivityResult>(m_sensitivity);
    chart.setInputs(inputs);
    // The largest swings as bars; every parameter without effect named under the chart and in the caption.
    chart.resize(900, 700);
    QStringList expected, none;
    for (const SensitivityEntry &e : m_sensitivity.entries)
        if (e.swing() != 0 && expected.size() < SensitivityChart::MaxBars)
            expected << QString::fromUtf8(paramInfo(e.param).label);
    // Tall enough for all fifteen names.
    for (const SensitivityEntry &e : m_sensitivity.entries)
        if (e.swing() == 0)
            none << QString::fromUtf8(paramInfo(e.param).label);
    QCOMPARE(chart.categories(), expected);
    QCOMPARE(chart.noEffect(), none);
    // A short chart draws fewer bars rather than eliding every name.
    chart.resize(900, 260);
    chart.setInputs(inputs); // a hidden panel hears of its new size at its next draw
    QVERIFY(chart.categories().size() < expected.size());
    QCOMPARE(chart.categories(), expected.mid(0, chart.categories().size()));
    for (const QString &name : none)
        QVERIFY2(chart.caption().contains(name), qPrintable(name));
    // The CSV has them all.
    QCOMPARE(chart.toCsv().count(QLatin1Char('\n')), int(m_sensitivity.entries.size()) + 1);
    // A probability as the output, at a chosen month.
    chart.setProbabilityRequest(Probability::Shortage, 12);
    const SensitivityRequest request = chart.request();
    QCOMPARE(request.probability, std::optional<Probability>(Probability::Shortage));
    QCOMPARE(request.step, 12);
    QVERIFY(chart.showsOtherStatistic());
    // Acronyms keep their capitals inside a sentence.
    QCOMPARE(inSentence(QStringLiteral("AI revenue")), QStringLiteral("AI revenue"));
    QCOMPARE(inSentence(QStringLiteral("GPU-hour price")), QStringLiteral("GPU-hour price"));
    QCOMPARE(inSentence(QStringLiteral("Demand / supply ratio")), QStringLiteral("demand / supply ratio"));
}

#include "tst_chart_panels.moc"
