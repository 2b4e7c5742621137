// The Backtest tab without a main window: the charts draw the dataset's observations at their months and
// values, the scores shown equal the library's and `jevons backtest`'s for the same as-of month and seed,
// the slider moves by keyboard with the month in words, a run can be cancelled, and the charts export.
#include "jevons/backtest_view/backtest_chart.h"
#include "jevons/backtest_view/backtest_scores_table.h"
#include "jevons/backtest_view/backtest_view.h"
#include "jevons/backtest_view/pit_histogram_chart.h"
#include "jevons/market/data_store.h"

#ifdef JEVONS_BINARY
#include "run_jevons.h"
#endif

#include <QDate>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr std::uint64_t Paths = 5'000;
constexpr std::uint64_t Seed = 42;
} // namespace

class TestBacktestView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void chartDrawsObservedPoints_data();
    void chartDrawsObservedPoints();
    void scoresEqualTheLibrary();
    void scoresEqualTheCommandLine();
    void sliderByKeyboard();
    void cancel();
    void exportsCsvAndCaption();
    void cleanupTestCase();

private:
    QTemporaryDir m_imports;
    DataStore *m_store = nullptr;
    std::unique_ptr<BacktestView> m_view;
    backtest::MonthIndex m_asOf = 0;
};

void TestBacktestView::initTestCase()
{
    QVERIFY(m_imports.isValid());
    m_store = new DataStore(m_imports.path(), this);
    QVERIFY(m_store->loadErrors().isEmpty());
    m_view = std::make_unique<BacktestView>(m_store, [] { return Scenario(); });
    m_view->resize(1400, 900);
    QVERIFY(m_view->allowed().any);
    // A year before the last observation: a year of points to score.
    m_asOf = m_view->allowed().last - 12;
    m_view->setAsOf(m_asOf);
    m_view->setSettings(Paths, Seed);
    QSignalSpy finished(m_view.get(), &BacktestView::backtestFinished);
    m_view->run();
    QVERIFY(m_view->isRunning());
    QVERIFY(finished.wait(240'000));
    QVERIFY(m_view->result());
    QCOMPARE(m_view->result()->calibration.asOf, m_asOf);
    if (const QByteArray dir = qgetenv("JEVONS_BACKTEST_PNG_DIR"); !dir.isEmpty()) {
        m_view->show();
        QTest::qWait(0); // one event-loop turn: the charts redraw (no timing is asserted)
        QCoreApplication::processEvents();
        m_view->grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("backtest_view.png")));
        m_view->hide();
    }
}

void TestBacktestView::chartDrawsObservedPoints_data()
{
    QTest::addColumn<int>("index");
    for (std::size_t i = 0; i < backtest::mappings().size(); ++i)
        QTest::newRow(backtest::mappings()[i].id.c_str()) << int(i);
}

void TestBacktestView::chartDrawsObservedPoints()
{
    QFETCH(int, index);
    BacktestChart *chart = m_view->seriesCharts().at(index);
    const backtest::Mapping &mapping = backtest::mappings()[std::size_t(index)];
    QCOMPARE(chart->mapping().id, mapping.id);
    chart->toCsv(); // brings the hidden chart up to date
    const int steps = m_view->result()->run.steps;
    // Where the dataset says: every observation after the as-of month within the horizon, at its month
    // and value.
    QList<QPointF> expected;
    for (const backtest::ObservedPoint &p : backtest::observedPoints(m_store->dataset(), mapping))
        if (p.month > m_asOf && p.month <= m_asOf + steps)
            expected.append(QPointF(p.month - m_asOf, p.value / chart->divisor()));
    QList<QPointF> drawn;
    for (QScatterSeries *s :
         {chart->insideP25P75Series(), chart->insideP5P95Series(), chart->outsideSeries()})
        drawn.append(s->points());
    std::sort(drawn.begin(), drawn.end(), [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    QCOMPARE(drawn.size(), expected.size());
    for (qsizetype i = 0; i < drawn.size(); ++i) {
        QCOMPARE(drawn[i].x(), expected[i].x());
        QVERIFY2(qFuzzyCompare(drawn[i].y(), expected[i].y()),
                 qPrintable(QStringLiteral("%1 vs %2").arg(drawn[i].y()).arg(expected[i].y())));
    }
    // Each dot is in the series of its band.
    for (const backtest::PointScore &p : chart->points()) {
        QScatterSeries *s = p.inP25P75  ? chart->insideP25P75Series()
                            : p.inP5P95 ? chart->insideP5P95Series()
                                        : chart->outsideSeries();
        QVERIFY(s->points().contains(QPointF(p.step, p.observed / chart->divisor())));
    }
}

void TestBacktestView::scoresEqualTheLibrary()
{
    backtest::BacktestOptions options;
    options.settings.paths = Paths;
    options.settings.seed = Seed;
    const backtest::BacktestResult direct =
        backtest::runBacktest(m_store->dataset(), Scenario(), m_asOf, options);
    const backtest::BacktestResult &shown = *m_view->result();
    QCOMPARE(shown.summary.points, direct.summary.points);
    QCOMPARE(shown.summary.coverage50, direct.summary.coverage50);
    QCOMPARE(shown.summary.coverage90, direct.summary.coverage90);
    QCOMPARE(shown.summary.crpsMean, direct.summary.crpsMean);
    QVERIFY(shown.summary.pitHistogram == direct.summary.pitHistogram);

    // The table says the same, in the user's locale; the last row is "All series".
    QTableWidget *table = m_view->scoresTable()->table();
    const int last = table->rowCount() - 1;
    QVERIFY(last >= 1);
    QCOMPARE(table->item(last, BacktestScoresTable::PointsColumn)->text(),
             QLocale().toString(qulonglong(direct.summary.points)));
    QCOMPARE(table->item(last, BacktestScoresTable::Coverage50Column)->text(),
             BacktestScoresTable::percent(direct.summary.coverage50));
    QCOMPARE(table->item(last, BacktestScoresTable::Coverage90Column)->text(),
             BacktestScoresTable::percent(direct.summary.coverage90));
    QCOMPARE(table->item(last, BacktestScoresTable::CrpsColumn)->text(),
             BacktestScoresTable::crps(direct.summary.crpsMean));
    QCOMPARE(m_view->scoresTable()->reading(), QString::fromStdString(direct.summary.reading));
    // Per series, in the mappings' order.
    int row = 0;
    for (const backtest::Mapping &m : backtest::mappings()) {
        const backtest::ScoreSummary &s = direct.bySeries.at(m.id);
        QCOMPARE(table->item(row, BacktestScoresTable::SeriesColumn)->text(),
                 QString::fromStdString(m.label));
        QCOMPARE(table->item(row, BacktestScoresTable::PointsColumn)->text(),
                 QLocale().toString(qulonglong(s.points)));
        QCOMPARE(table->item(row, BacktestScoresTable::Coverage90Column)->text(),
                 BacktestScoresTable::percent(s.coverage90));
        ++row;
    }
    // The PIT histogram draws the library's counts.
    m_view->pitChart()->toCsv();
    const QList<double> counts = m_view->pitChart()->counts();
    QCOMPARE(counts.size(), backtest::PitBins);
    for (int b = 0; b < backtest::PitBins; ++b)
        QCOMPARE(counts[b], double(direct.summary.pitHistogram[std::size_t(b)]));
}

void TestBacktestView::scoresEqualTheCommandLine()
{
#ifndef JEVONS_BINARY
    QSKIP("the jevons executable is not built");
#else
    const testing::JevonsRun run =
        testing::runJevons({QStringLiteral("backtest"), QStringLiteral("--as-of"),
                            QString::fromStdString(backtest::monthLabel(m_asOf)), QStringLiteral("--paths"),
                            QString::number(Paths), QStringLiteral("--seed"), QString::number(Seed)});
    QCOMPARE(run.exitCode, 0);
    const QJsonObject summary = QJsonDocument::fromJson(run.out).object().value("summary").toObject();
    const backtest::ScoreSummary &shown = m_view->result()->summary;
    QCOMPARE(summary.value("points").toInteger(), qint64(shown.points));
    // The JSON's numbers read back exactly.
    QCOMPARE(summary.value("coverage_50").toDouble(), shown.coverage50);
    QCOMPARE(summary.value("coverage_90").toDouble(), shown.coverage90);
    QCOMPARE(summary.value("crps_mean").toDouble(), shown.crpsMean);
    const QJsonArray pit = summary.value("pit_histogram").toArray();
    QCOMPARE(pit.size(), backtest::PitBins);
    for (int b = 0; b < backtest::PitBins; ++b)
        QCOMPARE(pit[b].toInteger(), qint64(shown.pitHistogram[std::size_t(b)]));
#endif
}

void TestBacktestView::sliderByKeyboard()
{
    BacktestView view(m_store, [] { return Scenario(); });
    view.setSettings(Paths, Seed);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.cancel(); // the first show starts a run: not wanted here
    QSlider *slider = view.slider();
    slider->setFocus();
    view.setAsOf(view.allowed().first);
    QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(view.asOf(), view.allowed().first + 1);
    QTest::keyClick(slider, Qt::Key_PageUp);
    QCOMPARE(view.asOf(), view.allowed().first + 4);
    QTest::keyClick(slider, Qt::Key_End);
    QCOMPARE(view.asOf(), view.allowed().last);
    const auto *label = view.findChild<QLabel *>(QStringLiteral("backtestMonthLabel"));
    QVERIFY(label);
    const QDate last(backtest::yearOf(view.allowed().last), backtest::monthOf(view.allowed().last), 1);
    QCOMPARE(label->text(), QLocale().toString(last, QStringLiteral("MMMM yyyy")));
    // At rest, the keyboard's month runs.
    QSignalSpy finished(&view, &BacktestView::backtestFinished);
    QVERIFY(finished.wait(240'000));
    QCOMPARE(view.result()->calibration.asOf, view.allowed().last);
}

void TestBacktestView::cancel()
{
    BacktestView view(m_store, [] { return Scenario(); });
    view.setSettings(100'000, Seed);
    QSignalSpy cancelled(&view, &BacktestView::backtestCancelled);
    QSignalSpy finished(&view, &BacktestView::backtestFinished);
    view.run();
    QVERIFY(view.isRunning());
    view.cancel();
    QVERIFY(cancelled.wait(60'000));
    QVERIFY(!view.isRunning());
    QCOMPARE(finished.count(), 0);
    QVERIFY(!view.result());
}

void TestBacktestView::exportsCsvAndCaption()
{
    const QList<ChartPanel *> charts = m_view->charts();
    QCOMPARE(charts.size(), qsizetype(backtest::mappings().size() + 1));
    const QString month = QString::fromStdString(backtest::monthLabel(m_asOf));
    for (ChartPanel *chart : charts) {
        QVERIFY(chart->chartId().startsWith(QStringLiteral("backtest_")));
        QVERIFY(!chart->caption().isEmpty());
        const QStringList lines = chart->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() > 1, qPrintable(chart->chartId()));
    }
    // A series chart's CSV: one row per step from the as-of month, the observed value where there is one.
    auto *first = m_view->seriesCharts().front();
    const QStringList lines = first->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), m_view->result()->run.steps + 2);
    QVERIFY(lines[1].startsWith(month + QLatin1Char(',')));
    QVERIFY(lines[0].contains(QStringLiteral("observed")));
}

void TestBacktestView::cleanupTestCase()
{
    m_view.reset();
}

QTEST_MAIN(TestBacktestView)
#include "tst_backtest_view.moc"
