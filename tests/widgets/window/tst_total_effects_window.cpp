// Total effects in the window: Alt+Y on the Sensitivity tab computes them for the tornado's chosen output
// and month, the chart then joins the exported charts (its CSV holds the numbers), the export context hands
// them to the report only while they belong to the scenario on screen, and the report gets a Total effects
// page when they are given.
#include "quiet_window.h"

#include "jevons/charts/sensitivity_chart.h"
#include "jevons/export/export_dialogs.h"
#include "jevons/export/export_report.h"
#include "jevons/session/scenario_document.h"
#include "jevons/total_effects/total_effects_chart.h"
#include "jevons/total_effects/total_effects_view.h"
#include "jevons/window/scenario_panel.h"

#include <QFile>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

class TestTotalEffectsWindow : public QObject {
    Q_OBJECT
private slots:
    void altYComputesForTheTornadoOutput();
    void reportGetsATotalEffectsPage();

private:
    QTemporaryDir m_dir;
    TotalEffectsPtr m_result;
};

void TestTotalEffectsWindow::altYComputesForTheTornadoOutput()
{
    auto window = testing::openQuietWindow(m_dir.path());
    QVERIFY(window);
    TotalEffectsView *view = window->totalEffectsView();
    QVERIFY(view);
    // The start-up Base case has uncertain inputs.
    const std::size_t k = window->document()->scenario().uncertainInputs().size();
    QVERIFY(k >= 2);
    view->setDesign(8, 250);
    auto *tornado = qobject_cast<SensitivityChart *>(window->chart(QStringLiteral("sensitivity")));
    QVERIFY(tornado);
    tornado->setProbabilityRequest(Probability::Shortage, 24);
    for (int i = 0; i < window->tabs()->count(); ++i)
        if (window->tabs()->widget(i)->isAncestorOf(view))
            window->tabs()->setCurrentIndex(i);
    QVERIFY(view->isVisible());
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window.get()));
    QVERIFY(!window->allCharts().contains(view->chart())); // nothing to export before it is computed
    QSignalSpy computed(view, &TotalEffectsView::computed);
    QTest::keyClick(window.get(), Qt::Key_Y, Qt::AltModifier);
    // A mnemonic clicks the button after its press animation.
    QTRY_VERIFY(view->isRunning() || !computed.isEmpty());
    QVERIFY(!computed.isEmpty() || computed.wait(120'000));
    m_result = view->chart()->result();
    QVERIFY(m_result);
    QCOMPARE(m_result->request.output.key(), std::string("shortage_probability@24"));
    QCOMPARE(m_result->request.runs(), std::uint64_t((k + 2) * 8));
    QCOMPARE(m_result->request.seed, std::uint64_t(window->scenarioPanel()->runSettings().seed));
    QVERIFY(window->allCharts().contains(view->chart()));

    // Export data (CSV) through the window's export controller: the ranked numbers, exactly.
    FigureOptions options;
    options.format = FigureFormat::Csv;
    const QString path = m_dir.filePath(QStringLiteral("total_effects.csv"));
    QCOMPARE(window->exportController()->exportChart(view->chart(), options, path), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), int(k) + 1);
    const sweep::SobolIndex top = m_result->ranked().front();
    const QStringList first = lines[1].split(QLatin1Char(','));
    QCOMPARE(first[1], QString::fromLatin1(paramInfo(top.input).key));
    QCOMPARE(first[8].toDouble(), top.total);

    // An edit marks it outdated: not what the scenario on screen has any more.
    window->document()->setValue(Param::PowerGw, window->document()->value(Param::PowerGw) * 1.2);
    QVERIFY(view->chart()->isStale());
    QVERIFY(!view->currentResult());
}

void TestTotalEffectsWindow::reportGetsATotalEffectsPage()
{
    QVERIFY(m_result);
    SimulationSettings settings;
    settings.paths = 500;
    settings.backend = Backend::Cpu;
    ReportInputs inputs;
    inputs.result = simulate(m_result->request.scenario, settings);
    inputs.sensitivity = std::make_shared<SensitivityResult>();
    auto pages = [](const ReportInputs &in, QStringList *labels) {
        ReportWriter writer(in, ReportOptions{});
        while (!writer.isFinished()) {
            *labels << writer.nextStepLabel();
            if (!writer.step())
                return -1;
        }
        // JEVONS_TOTAL_EFFECTS_PDF=FILE keeps the report with the page, to look at.
        if (const QString keep = qEnvironmentVariable("JEVONS_TOTAL_EFFECTS_PDF");
            !keep.isEmpty() && in.totalEffects) {
            QFile file(keep);
            if (file.open(QIODevice::WriteOnly))
                file.write(writer.pdf());
        }
        return writer.pageCount();
    };
    QStringList without, with;
    const int plain = pages(inputs, &without);
    inputs.totalEffects = m_result;
    const int more = pages(inputs, &with);
    QVERIFY(plain > 0);
    QCOMPARE(more, plain + 1);
    QVERIFY(!without.contains(QStringLiteral("Total effects")));
    QVERIFY(with.contains(QStringLiteral("Total effects")));
    QCOMPARE(with.size(), without.size() + 1);
}

QTEST_MAIN(TestTotalEffectsWindow)
#include "tst_total_effects_window.moc"
