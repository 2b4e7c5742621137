// The Scenario map without a main window: the computed grid equals the sweep library's for the same design
// (so a point equals `jevons simulate`), the refined grid replaces the coarse one, a click loads the cell's
// two values as one undo step, a sweep result file shows its grid, cancel keeps the last complete grid, the
// contour follows marching squares, and the map exports its CSV and image.
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/scenario_map/scenario_map_view.h"
#include "jevons/session/scenario_document.h"
#include "jevons/sweep/runner.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr std::uint64_t Paths = 2'000;
constexpr std::uint64_t Seed = 7;

sweep::OutputSpec shortageAt(int month)
{
    sweep::OutputSpec o;
    o.probability = Probability::Shortage;
    o.month = month;
    return o;
}

void savePng(QWidget *widget, const QString &name)
{
    const QByteArray dir = qgetenv("JEVONS_SCENARIO_MAP_PNG_DIR");
    if (dir.isEmpty())
        return;
    widget->grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(name));
}
} // namespace

class TestScenarioMap : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void gridEqualsTheSweepLibrary();
    void refinedGridReplacesCoarse();
    void marksJevonsLineAndCurrentScenario();
    void clickLoadsValuesUndoRestores();
    void hoverReadsTheCell();
    void opensSweepResultFile();
    void refusesAResultThatIsNoMap();
    void cancelKeepsLastCompleteGrid();
    void contourByMarchingSquares();
    void exportsCsvAndImage();

private:
    ScenarioDocument m_document;
    std::unique_ptr<ScenarioMapView> m_view;
    QList<QPair<int, int>> m_stageSizes; ///< (x steps, y steps) of each grid shown, in order
    QTemporaryDir m_dir;
};

void TestScenarioMap::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_view = std::make_unique<ScenarioMapView>(&m_document);
    m_view->resize(1300, 800);
    m_view->setAxes(Param::PriceElasticity, 0.5, 1.5, Param::PowerGw, 30, 600);
    m_view->setOutput(shortageAt(36));
    m_view->setRunSettings(Paths, Seed);
    m_view->setResolution(3, 5);
    connect(m_view.get(), &ScenarioMapView::gridShown, this, [this] {
        m_stageSizes.append({m_view->chart()->grid().x.size(), m_view->chart()->grid().y.size()});
    });
    QSignalSpy finished(m_view.get(), &ScenarioMapView::mapFinished);
    m_view->compute();
    QVERIFY(m_view->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isRunning(), 120'000);
    QVERIFY2(finished.count() == 1, qPrintable(m_view->statusText()));
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    savePng(m_view.get(), QStringLiteral("scenario_map_view.png"));
}

void TestScenarioMap::gridEqualsTheSweepLibrary()
{
    // The same design through the library: the view's spec with the refined grid's axes.
    sweep::SweepSpec spec = m_view->baseSpec();
    spec.grid = {m_view->axis(0), m_view->axis(1)};
    spec.grid[0].steps = spec.grid[1].steps = 5;
    QCOMPARE(spec.grid[1].spacing, sweep::Spacing::Log); // power's slider maps logarithmically
    const sweep::Design design = sweep::buildDesign(spec);
    const MapGrid &grid = m_view->chart()->grid();
    QCOMPARE(grid.values.size(), design.size());
    QCOMPARE(grid.x.values, spec.grid[0].values());
    QCOMPARE(grid.y.values, spec.grid[1].values());
    for (std::size_t i = 0; i < design.size(); ++i) {
        const double expected = sweep::runPoint(spec, design, i, sweep::pointSettings(spec)).front();
        QVERIFY2(grid.values[i] == expected, qPrintable(QStringLiteral("point %1: %2 vs %3")
                                                            .arg(i)
                                                            .arg(grid.values[i], 0, 'g', 17)
                                                            .arg(expected, 0, 'g', 17)));
    }
    // A map of shortage over elasticity is not flat: the values are real outputs, not placeholders.
    const auto [lo, hi] = grid.range();
    QVERIFY(hi > lo);
}

void TestScenarioMap::refinedGridReplacesCoarse()
{
    QCOMPARE(m_stageSizes.size(), 2);
    QCOMPARE(m_stageSizes[0], qMakePair(3, 3));
    QCOMPARE(m_stageSizes[1], qMakePair(5, 5));
    QCOMPARE(m_view->chart()->grid().x.size(), 5);
    QCOMPARE(m_view->job()->grid().values, m_view->chart()->grid().values);
    QVERIFY(m_view->statusText().contains(QStringLiteral("5 × 5")));
}

void TestScenarioMap::marksJevonsLineAndCurrentScenario()
{
    ScenarioMapChart *chart = m_view->chart();
    QVERIFY(chart->jevonsLineShown()); // elasticity 0.5 .. 1.5 holds 1
    // The Base case lies inside both ranges, so its marker shows; moved out of range, it does not.
    QVERIFY(chart->currentMarkerShown());
    Scenario outside = m_document.scenario();
    outside.setValue(Param::PriceElasticity, 2.5);
    chart->setCurrentScenario(outside);
    QVERIFY(!chart->currentMarkerShown());
    chart->setCurrentScenario(m_document.scenario());
    QVERIFY(chart->caption().contains(QStringLiteral("Jevons line")));
}

void TestScenarioMap::clickLoadsValuesUndoRestores()
{
    ScenarioMapChart *chart = m_view->chart();
    const MapGrid grid = chart->grid();
    const double beforeX = m_document.value(Param::PriceElasticity);
    const double beforeY = m_document.value(Param::PowerGw);
    const int steps = m_document.undoStack()->count();
    QTest::mouseClick(chart, Qt::LeftButton, {}, chart->cellCentre(4, 1).toPoint());
    QCOMPARE(m_document.value(Param::PriceElasticity), grid.x.values[4]);
    QCOMPARE(m_document.value(Param::PowerGw), grid.y.values[1]);
    QCOMPARE(m_document.undoStack()->count(), steps + 1); // both values in one step
    QVERIFY(chart->currentMarkerShown());
    savePng(m_view.get(), QStringLiteral("scenario_map_clicked.png"));
    m_document.undoStack()->undo();
    QCOMPARE(m_document.value(Param::PriceElasticity), beforeX);
    QCOMPARE(m_document.value(Param::PowerGw), beforeY);
}

void TestScenarioMap::hoverReadsTheCell()
{
    ScenarioMapChart *chart = m_view->chart();
    QTest::mouseMove(chart, chart->cellCentre(2, 3).toPoint());
    QTRY_VERIFY(!chart->hoverText().isEmpty());
    QCOMPARE(chart->hoverText(), chart->cellText(2, 3));
    QVERIFY(chart->hoverText().contains(QStringLiteral("Price elasticity")));
    QVERIFY(chart->hoverText().contains(QStringLiteral("%")));
    QCOMPARE(m_view->findChild<QLabel *>(QStringLiteral("mapHover"))->text(), chart->hoverText());
}

void TestScenarioMap::opensSweepResultFile()
{
    // A result made elsewhere: `jevons sweep --format json` is resultsToJson of the library's run.
    const QByteArray sweepFile = R"({"scenario": {}, "paths": 1000, "seed": 3,
        "outputs": [{"series": "demand_supply_ratio", "stat": "p50", "month": 24}],
        "design": {"grid": [{"parameter": "hardware_x_per_year", "from": 1.1, "to": 1.6, "steps": 3},
                            {"parameter": "price_elasticity", "from": 0.6, "to": 1.4, "steps": 4}]}})";
    const sweep::SweepSpec spec = sweep::parseSweep(sweepFile.toStdString());
    const sweep::Design design = sweep::buildDesign(spec);
    const auto results = sweep::runSweep(spec, design, {});
    const QString path = m_dir.filePath(QStringLiteral("cluster_result.json"));
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray::fromStdString(sweep::resultsToJson(spec, design, results)));
    }
    ScenarioMapView view(&m_document);
    view.resize(1100, 700);
    QVERIFY2(view.openResult(path), qPrintable(view.statusText()));
    const MapGrid &grid = view.chart()->grid();
    QCOMPARE(grid.x.param, Param::HardwareGain);
    QCOMPARE(grid.y.param, Param::PriceElasticity);
    QCOMPARE(grid.x.size(), 3);
    QCOMPARE(grid.y.size(), 4);
    QCOMPARE(grid.source, path);
    QCOMPARE(grid.paths, std::uint64_t(1000));
    QVERIFY(!grid.isProbability());
    for (std::size_t i = 0; i < design.size(); ++i)
        QVERIFY(grid.values[i] == results[i][0]); // read back exactly
    // The controls follow the file, so that Compute redoes it here.
    QCOMPARE(view.axis(0).param, Param::HardwareGain);
    QCOMPARE(view.output().month, 24);
    QVERIFY(view.chart()->jevonsLineShown()); // elasticity on the vertical axis this time
    QVERIFY(view.chart()->caption().contains(QStringLiteral("cluster_result.json")));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    savePng(&view, QStringLiteral("scenario_map_file.png"));
}

void TestScenarioMap::refusesAResultThatIsNoMap()
{
    const QByteArray sweepFile = R"({"scenario": {}, "paths": 500, "seed": 3,
        "outputs": [{"probability": "shortage_probability", "month": 12}],
        "design": {"grid": [{"parameter": "price_elasticity", "from": 0.6, "to": 1.4, "steps": 2}]}})";
    const sweep::SweepSpec spec = sweep::parseSweep(sweepFile.toStdString());
    const sweep::Design design = sweep::buildDesign(spec);
    const QString path = m_dir.filePath(QStringLiteral("one_axis.json"));
    {
        QFile out(path);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(
            QByteArray::fromStdString(sweep::resultsToJson(spec, design, sweep::runSweep(spec, design, {}))));
    }
    ScenarioMapView view(&m_document);
    QVERIFY(!view.openResult(path));
    QVERIFY(view.statusText().contains(QStringLiteral("two parameters")));
    QVERIFY(view.chart()->grid().isEmpty());
    QVERIFY(!view.openResult(m_dir.filePath(QStringLiteral("missing.json"))));
}

void TestScenarioMap::cancelKeepsLastCompleteGrid()
{
    ScenarioMapView view(&m_document);
    view.setAxes(Param::PriceElasticity, 0.5, 1.5, Param::HardwareGain, 1.1, 1.6);
    view.setRunSettings(20'000, Seed);
    view.setResolution(2, 40); // the refined stage is long enough to be cancelled in flight
    QSignalSpy shown(&view, &ScenarioMapView::gridShown);
    QSignalSpy cancelled(&view, &ScenarioMapView::mapCancelled);
    QSignalSpy finished(&view, &ScenarioMapView::mapFinished);
    view.compute();
    QVERIFY(shown.wait(60'000));
    QCOMPARE(shown.first().at(0).toInt(), 0);
    const std::vector<double> coarse = view.chart()->grid().values;
    QCOMPARE(coarse.size(), std::size_t(4));
    view.cancel();
    QVERIFY(cancelled.wait(60'000));
    QCOMPARE(finished.count(), 0);
    QCOMPARE(shown.count(), 1);
    QVERIFY(!view.isRunning());
    QCOMPARE(view.chart()->grid().values, coarse);
    QVERIFY(view.statusText().contains(QStringLiteral("2 × 2")));
}

void TestScenarioMap::contourByMarchingSquares()
{
    // values = ix on a 4 x 3 grid: the level 1.5 contour is the vertical line x = 1.5, one segment per row
    // of cells.
    MapGrid grid;
    grid.x = {Param::PriceElasticity, {0, 1, 2, 3}, sweep::Spacing::Linear};
    grid.y = {Param::HardwareGain, {1.1, 1.2, 1.3}, sweep::Spacing::Linear};
    for (int ix = 0; ix < 4; ++ix)
        for (int iy = 0; iy < 3; ++iy)
            grid.values.push_back(ix);
    const std::vector<QLineF> segments = contourSegments(grid, 1.5);
    QCOMPARE(segments.size(), std::size_t(2));
    for (const QLineF &s : segments) {
        QCOMPARE(s.x1(), 1.5);
        QCOMPARE(s.x2(), 1.5);
        QCOMPARE(std::abs(s.y2() - s.y1()), 1.0);
    }
    QVERIFY(contourSegments(grid, 5).empty());
    // The median level of a series grid; 50 % for a probability.
    QCOMPARE(grid.contourLevel(), 1.5);
    grid.output.probability = Probability::Shortage;
    QCOMPARE(grid.contourLevel(), 0.5);
    // Axis positions on a log axis: the geometric midpoint sits halfway.
    MapAxis logAxis{Param::AlgorithmicGain, {1, 10, 100}, sweep::Spacing::Log};
    QCOMPARE(logAxis.indexOf(std::sqrt(10.0)), 0.5);
    QCOMPARE(logAxis.indexOf(1000), 3.0);
    QCOMPARE(logAxis.valueAt(2), 100.0);
}

void TestScenarioMap::exportsCsvAndImage()
{
    ScenarioMapChart *chart = m_view->chart();
    QCOMPARE(chart->chartId(), QStringLiteral("scenario_map"));
    const QStringList lines = chart->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 25);
    QVERIFY(lines[0].startsWith(QStringLiteral("price_elasticity (ratio),power_gw (GW)")));
    QVERIFY(lines[0].contains(QStringLiteral("shortage_probability@36")));
    // A data row in the C locale, read back exactly.
    const QStringList first = lines[1].split(QLatin1Char(','));
    QCOMPARE(first.size(), 3);
    QCOMPARE(first[0].toDouble(), chart->grid().x.values[0]);
    QCOMPARE(first[2].toDouble(), chart->grid().values[0]);
    QImage image(900, 600, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        chart->renderTo(&painter, QRectF(0, 0, 900, 600));
    }
    // Painted: the plot's cells are in colour (not the background) in the middle of the image.
    QVERIFY(image.pixelColor(450, 300) != QColor(Qt::white));
    QVERIFY(image.pixelColor(450, 300).alpha() == 255);
    if (const QByteArray dir = qgetenv("JEVONS_SCENARIO_MAP_PNG_DIR"); !dir.isEmpty())
        image.save(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("scenario_map_export.png")));
}

QTEST_MAIN(TestScenarioMap)
#include "tst_scenario_map.moc"
