// Total effects without a main window: the chart shows exactly the sweep library's Sobol indices for the
// same design (sweep::runSweep + sweep::sobolIndices), the job reports progress, stops on cancel without a
// result and lets a newer request supersede the one in flight, the view says what to do with fewer than two
// uncertain inputs and marks its result outdated when the scenario changes (fresh again on undo), and the
// chart exports its numbers as CSV and paints as an image.
#include "jevons/session/scenario_document.h"
#include "jevons/sweep/runner.h"
#include "jevons/total_effects/total_effects_chart.h"
#include "jevons/total_effects/total_effects_view.h"

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr std::uint64_t BaseSamples = 16;
constexpr std::uint64_t Paths = 500;

/// Three uncertain inputs on the Base case values.
void makeThreeUncertain(ScenarioDocument &doc)
{
    const Scenario &s = doc.scenario();
    for (Param p : {Param::PriceElasticity, Param::AlgorithmicGain, Param::AdoptionGrowth}) {
        const double m = s[p];
        doc.setInterval(p, Interval{m * 0.8, m * 1.25, IntervalScale::Log});
    }
}

void savePng(QWidget *widget, const QString &name)
{
    const QByteArray dir = qgetenv("JEVONS_TOTAL_EFFECTS_PNG_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(QString::fromLocal8Bit(dir)).filePath(name));
}
} // namespace

class TestTotalEffects : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void indicesEqualTheSweepLibrary();
    void progressShownWhileComputing();
    void csvHoldsTheNumbers();
    void captionAndHoverSayTheNumbers();
    void paintsAnImage();
    void fewerThanTwoInputsShowMessage();
    void scenarioChangeMarksOutdated();
    void jobCancelStopsWithoutResult();
    void newerRequestSupersedes();

private:
    ScenarioDocument m_document;
    std::unique_ptr<TotalEffectsView> m_view;
    QList<QPair<quint64, quint64>> m_progress;
    int m_barMaximum = 0;
};

void TestTotalEffects::initTestCase()
{
    makeThreeUncertain(m_document);
    QCOMPARE(m_document.scenario().uncertainInputs().size(), std::size_t(3));
    m_view = std::make_unique<TotalEffectsView>(&m_document);
    m_view->resize(700, 520);
    m_view->setDesign(BaseSamples, Paths);
    m_view->setSeedSource([] { return std::uint64_t(11); });
    QVERIFY(m_view->costText().contains(QLocale().toString(qulonglong(5 * BaseSamples))));
    connect(m_view->job(), &TotalEffectsJob::progressed, this, [this](quint64 done, quint64 total) {
        m_progress.append({done, total});
        m_barMaximum = m_view->progressBar()->maximum();
    });
    QSignalSpy computed(m_view.get(), &TotalEffectsView::computed);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    // The keyboard way: the button's mnemonic.
    QVERIFY(m_view->computeButton()->text().contains(QStringLiteral("&y")));
    m_view->computeButton()->setFocus();
    QTest::keyClick(m_view->computeButton(), Qt::Key_Space);
    QVERIFY(m_view->isRunning());
    QVERIFY(m_view->progressBar()->isVisible());
    QVERIFY(m_view->cancelButton()->isEnabled());
    QVERIFY(!m_view->computeButton()->isEnabled());
    QVERIFY2(computed.wait(120'000), qPrintable(m_view->statusText()));
    QVERIFY(!m_view->isRunning());
    QVERIFY(!m_view->progressBar()->isVisible());
    savePng(m_view.get(), QStringLiteral("total_effects_view.png"));
}

void TestTotalEffects::indicesEqualTheSweepLibrary()
{
    const TotalEffectsPtr result = m_view->chart()->result();
    QVERIFY(result);
    QCOMPARE(result->request.baseSamples, BaseSamples);
    QCOMPARE(result->request.paths, Paths);
    QCOMPARE(result->request.seed, std::uint64_t(11));
    // Without a source, the default output: demand / supply ratio p50 at the horizon.
    QCOMPARE(result->request.output.key(), defaultTotalEffectsOutput(m_document.scenario().steps()).key());
    // The same design through the library, as `jevons sweep` runs it.
    const sweep::SweepSpec spec = result->request.spec();
    const sweep::Design design = sweep::buildDesign(spec);
    QCOMPARE(design.size(), std::size_t(5 * BaseSamples));
    const std::vector<std::vector<double>> results = sweep::runSweep(spec, design, sweep::RunOptions{});
    const std::vector<sweep::SobolIndex> expected = sweep::sobolIndices(spec, design, results).front();
    QCOMPARE(result->indices.size(), expected.size());
    for (std::size_t j = 0; j < expected.size(); ++j) {
        const sweep::SobolIndex &a = result->indices[j], &b = expected[j];
        QCOMPARE(a.input, b.input);
        QCOMPARE(a.first, b.first);
        QCOMPARE(a.firstLow, b.firstLow);
        QCOMPARE(a.firstHigh, b.firstHigh);
        QCOMPARE(a.total, b.total);
        QCOMPARE(a.totalLow, b.totalLow);
        QCOMPARE(a.totalHigh, b.totalHigh);
    }
    // The chart's rows are those indices ranked by ST, largest first.
    const std::vector<sweep::SobolIndex> rows = m_view->chart()->rows();
    QCOMPARE(rows.size(), expected.size());
    for (std::size_t k = 1; k < rows.size(); ++k)
        QVERIFY(rows[k - 1].total >= rows[k].total);
    // The output moves with these inputs: some index is well away from 0.
    double largest = 0;
    for (const sweep::SobolIndex &i : expected)
        largest = std::max(largest, i.total);
    QVERIFY(largest > 0.05);
}

void TestTotalEffects::progressShownWhileComputing()
{
    QVERIFY(!m_progress.isEmpty());
    const quint64 total = 5 * BaseSamples;
    QCOMPARE(m_progress.last().second, total);
    QCOMPARE(m_progress.last().first, total); // the job reports the end
    for (qsizetype i = 1; i < m_progress.size(); ++i)
        QVERIFY(m_progress[i].first >= m_progress[i - 1].first);
    QCOMPARE(quint64(m_barMaximum), total);
}

void TestTotalEffects::csvHoldsTheNumbers()
{
    const QStringList lines = m_view->chart()->toCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 3);
    QVERIFY(lines[0].contains(QStringLiteral("total order ST")));
    QVERIFY(lines[0].contains(QStringLiteral("first order S1")));
    const std::vector<sweep::SobolIndex> rows = m_view->chart()->rows();
    const Scenario &s = m_view->chart()->result()->request.scenario;
    for (std::size_t k = 0; k < rows.size(); ++k) {
        const QStringList f = lines[int(k) + 1].split(QLatin1Char(','));
        QCOMPARE(f.size(), 11);
        QCOMPARE(f[0].toInt(), int(k) + 1);
        QCOMPARE(f[1], QString::fromLatin1(paramInfo(rows[k].input).key));
        QCOMPARE(f[2].toDouble(), s.intervals[std::size_t(rows[k].input)]->p5);
        QCOMPARE(f[3].toDouble(), s[rows[k].input]);
        QCOMPARE(f[5].toDouble(), rows[k].first);
        QCOMPARE(f[6].toDouble(), rows[k].firstLow);
        QCOMPARE(f[7].toDouble(), rows[k].firstHigh);
        QCOMPARE(f[8].toDouble(), rows[k].total);
        QCOMPARE(f[9].toDouble(), rows[k].totalLow);
        QCOMPARE(f[10].toDouble(), rows[k].totalHigh);
    }
}

void TestTotalEffects::captionAndHoverSayTheNumbers()
{
    TotalEffectsChart *chart = m_view->chart();
    const QString caption = chart->caption();
    QVERIFY2(caption.contains(QStringLiteral("%1 base samples").arg(BaseSamples)), qPrintable(caption));
    QVERIFY(caption.contains(QStringLiteral("seed 11")));
    QVERIFY(caption.contains(QStringLiteral("%1 runs").arg(5 * BaseSamples)));
    QVERIFY(caption.contains(QString::fromUtf8(paramInfo(Param::PriceElasticity).label)));
    QVERIFY(!caption.contains(QStringLiteral("Outdated")));
    // Hover the top row: the read-out names the largest input and its ST in the user's locale.
    const std::vector<sweep::SobolIndex> rows = chart->rows();
    QSignalSpy hover(chart, &TotalEffectsChart::hoverChanged);
    QTest::mouseMove(chart, chart->rowCentre(0).toPoint());
    QTRY_VERIFY(!chart->hoverText().isEmpty());
    const QString text = chart->hoverText();
    QVERIFY(text.startsWith(QString::fromUtf8(paramInfo(rows[0].input).label)));
    const double st = 100 * rows[0].total;
    QVERIFY2(text.contains(QLocale().toString(st, 'f', st < 9.95 ? 1 : 0)), qPrintable(text));
    QCOMPARE(chart->rowAt(chart->rowCentre(rows.size() - 1)), int(rows.size()) - 1);
}

void TestTotalEffects::paintsAnImage()
{
    QImage image(900, 560, QImage::Format_ARGB32);
    image.fill(Qt::transparent);
    {
        QPainter painter(&image);
        m_view->chart()->renderTo(&painter, QRectF(0, 0, 900, 560));
    }
    // Both bar colours are in the picture.
    const ChartPalette palette = ChartPalette::make(false);
    bool first = false, total = false;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QColor c = image.pixelColor(x, y);
            first = first || c == palette.series(0);
            total = total || c == palette.series(1);
        }
    QVERIFY(first);
    QVERIFY(total);
    if (const QByteArray dir = qgetenv("JEVONS_TOTAL_EFFECTS_PNG_DIR"); !dir.isEmpty())
        image.save(QDir(QString::fromLocal8Bit(dir)).filePath(QStringLiteral("total_effects_export.png")));
}

void TestTotalEffects::fewerThanTwoInputsShowMessage()
{
    ScenarioDocument doc;
    doc.setInterval(Param::PriceElasticity, Interval{0.8, 1.25, IntervalScale::Log});
    TotalEffectsView view(&doc);
    QSignalSpy computed(&view, &TotalEffectsView::computed);
    QVERIFY(view.chart()->placeholder().contains(QStringLiteral("Make inputs uncertain")));
    view.computeButton()->click();
    QVERIFY(!view.isRunning());
    QVERIFY2(view.statusText().contains(QStringLiteral("Make inputs uncertain to see total effects")),
             qPrintable(view.statusText()));
    QVERIFY(!view.chart()->result());
    QCOMPARE(computed.count(), 0);
    // A second uncertain input: the placeholder asks for Compute instead.
    doc.setInterval(Param::AlgorithmicGain, Interval{1.5, 3.0, IntervalScale::Log});
    QVERIFY(!view.chart()->placeholder().contains(QStringLiteral("Make inputs uncertain")));
}

void TestTotalEffects::scenarioChangeMarksOutdated()
{
    TotalEffectsChart *chart = m_view->chart();
    QVERIFY(!chart->isStale());
    QVERIFY(m_view->currentResult());
    const double before = m_document.value(Param::PowerGw);
    m_document.setValue(Param::PowerGw, before * 1.5);
    QVERIFY(chart->isStale());
    QVERIFY(!m_view->currentResult());
    QVERIFY(m_view->statusText().contains(QStringLiteral("Outdated")));
    QVERIFY(chart->caption().contains(QStringLiteral("Outdated")));
    // The numbers stay readable (faded), not silently replaced.
    QCOMPARE(chart->rows().size(), std::size_t(3));
    m_document.undoStack()->undo();
    QCOMPARE(m_document.value(Param::PowerGw), before);
    QVERIFY(!chart->isStale());
    QVERIFY(m_view->currentResult());
}

void TestTotalEffects::jobCancelStopsWithoutResult()
{
    TotalEffectsJob job;
    TotalEffectsRequest q = m_view->chart()->result()->request;
    q.baseSamples = 400; // long enough to be cancelled in flight
    q.paths = 2'000;
    QSignalSpy progressed(&job, &TotalEffectsJob::progressed);
    QSignalSpy finished(&job, &TotalEffectsJob::finished);
    QSignalSpy cancelled(&job, &TotalEffectsJob::cancelled);
    job.start(q);
    QVERIFY(job.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty() && progressed.last().at(0).toULongLong() > 0, 60'000);
    QCOMPARE(progressed.last().at(1).toULongLong(), q.runs());
    job.cancel();
    QVERIFY(cancelled.wait(60'000));
    QVERIFY(!job.isRunning());
    QCOMPARE(finished.count(), 0);
    QCOMPARE(cancelled.count(), 1);
}

void TestTotalEffects::newerRequestSupersedes()
{
    TotalEffectsJob job;
    TotalEffectsRequest slow = m_view->chart()->result()->request;
    slow.baseSamples = 400;
    slow.paths = 2'000;
    TotalEffectsRequest quick = m_view->chart()->result()->request;
    quick.baseSamples = 8;
    quick.seed = 3;
    QSignalSpy finished(&job, &TotalEffectsJob::finished);
    QSignalSpy cancelled(&job, &TotalEffectsJob::cancelled);
    job.start(slow);
    job.start(quick);
    QVERIFY(finished.wait(60'000));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(cancelled.count(), 0); // superseded, not cancelled: only the newer run reports
    const auto result = finished.first().at(0).value<TotalEffectsPtr>();
    QVERIFY(result);
    QCOMPARE(result->request.baseSamples, std::uint64_t(8));
    QCOMPARE(result->request.seed, std::uint64_t(3));
    QVERIFY(!job.isRunning());
}

QTEST_MAIN(TestTotalEffects)
#include "tst_total_effects.moc"
