// The report's sections that appear only with their input: what drives the uncertainty (the variance
// shares at yearly steps), a backtest (its scores and charts) and a scenario map; and the numbering of the
// sections present. Small runs: the numbers are compared with the engine's, not with fixed values.
#include "jevons/export/export_figure.h"
#include "jevons/export/export_report.h"
#include "jevons/market/number_format.h"
#include "jevons/scenario_map/map_grid.h"
#include "jevons/scenario_map/scenario_map_chart.h"
#include "jevons/total_effects/total_effects.h"

#include "jevons/backtest/backtest.h"
#include "jevons/engine/engine.h"

#include <QPdfDocument>
#include <QPdfSelection>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

Q_DECLARE_METATYPE(std::vector<jevons::Param>)

using namespace jevons;
using namespace jevons::ui;

namespace {

/// The report of `inputs` as text (Qt PDF's extraction, on single spaces), and its page count.
QString reportText(const ReportInputs &inputs, const QString &path, int *pages = nullptr)
{
    const QString error = writeReport(inputs, ReportOptions{}, path);
    if (!error.isEmpty())
        return QStringLiteral("error: ") + error;
    QPdfDocument pdf;
    if (pdf.load(path) != QPdfDocument::Error::None)
        return QStringLiteral("error: cannot read the PDF");
    if (pages)
        *pages = pdf.pageCount();
    QString text;
    for (int page = 0; page < pdf.pageCount(); ++page)
        text += pdf.getAllText(page).text() + QLatin1Char('\n');
    // Ligatures ("ﬁ") back to letters; lines broken inside a sentence compared on single spaces.
    return text.normalized(QString::NormalizationForm_KC).simplified();
}

/// Without any white space: for sentences that may break across lines at a hyphen.
QString squeezed(QString text)
{
    text = text.normalized(QString::NormalizationForm_KC);
    text.remove(QRegularExpression(QStringLiteral("\\s")));
    return text;
}

/// The text of one section: from its numbered heading to the next section's heading.
QString sectionText(const QString &text, const ReportInputs &inputs, ReportSection section)
{
    const QList<ReportSection> sections = ReportWriter::sections(inputs);
    const int index = int(sections.indexOf(section));
    if (index < 0)
        return {};
    const auto heading = [&](int i) {
        return sections[i] == ReportSection::Appendix
                   ? ReportWriter::sectionTitle(sections[i])
                   : QStringLiteral("%1 %2").arg(i + 1).arg(ReportWriter::sectionTitle(sections[i]));
    };
    // The contents on the cover list the headings too: the section starts at the heading's last occurrence
    // before the next section's.
    const QString next = index + 1 < sections.size() ? heading(index + 1) : QString();
    const qsizetype end = next.isEmpty() ? text.size() : text.lastIndexOf(next);
    const qsizetype begin = text.lastIndexOf(heading(index), end);
    return begin < 0 || end < begin ? QString() : text.mid(begin, end - begin);
}

QString percent1(double share)
{
    return QString::number(100 * share, 'f', 1);
}

/// A Base case with `inputs` uncertain (their 90 % intervals ±20 % around the value, within the allowed
/// range), on few paths.
SimulationResult uncertainRun(const std::vector<Param> &inputs, bool correlate)
{
    Scenario scenario;
    for (Param p : inputs) {
        const ParamInfo &info = paramInfo(p);
        scenario.intervals[std::size_t(p)] =
            Interval{std::max(info.minValue, scenario[p] * 0.8), std::min(info.maxValue, scenario[p] * 1.2),
                     IntervalScale::Log};
    }
    if (correlate && inputs.size() >= 2)
        scenario.correlations.push_back({inputs[0], inputs[1], 0.5});
    SimulationSettings settings;
    settings.paths = 4'000;
    settings.seed = 5;
    settings.backend = Backend::Cpu;
    settings.sharesSeries = Series::DemandSupplyRatio;
    return simulate(scenario, settings);
}

} // namespace

class tst_ExportReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // One ranking for every report here: its content is not what these tests read.
        Scenario scenario;
        SimulationSettings settings;
        settings.paths = 500;
        settings.backend = Backend::Cpu;
        m_sensitivity =
            std::make_shared<SensitivityResult>(sensitivity(scenario, settings, SensitivityRequest{}));
    }

    void sectionsFollowTheInputs()
    {
        ReportInputs inputs;
        SimulationSettings settings;
        settings.paths = 500;
        settings.backend = Backend::Cpu;
        inputs.result = simulate(Scenario(), settings);
        QList<ReportSection> expected = {ReportSection::Parameters,  ReportSection::Headline,
                                         ReportSection::Charts,      ReportSection::Percentiles,
                                         ReportSection::Sensitivity, ReportSection::Appendix};
        QCOMPARE(ReportWriter::sections(inputs), expected);
        inputs.result = uncertainRun({Param::PriceElasticity}, false);
        inputs.backtest = std::make_shared<backtest::BacktestResult>();
        inputs.scenarioMap = std::make_shared<MapGrid>(); // empty: not computed, no section
        expected.insert(4, ReportSection::Uncertainty);
        expected.insert(6, ReportSection::Backtest);
        QCOMPARE(ReportWriter::sections(inputs), expected);
        // Total effects computed in the window: numbered after the sensitivity ranking.
        inputs.totalEffects = std::make_shared<TotalEffects>();
        expected.insert(6, ReportSection::TotalEffects);
        QCOMPARE(ReportWriter::sections(inputs), expected);
        QCOMPARE(ReportWriter::sectionTitles(inputs).size(), expected.size());
        QCOMPARE(ReportWriter::sectionTitles().size(), 10);
    }

    void uncertaintyTable_data()
    {
        QTest::addColumn<std::vector<Param>>("uncertain");
        QTest::addColumn<bool>("correlated");
        QTest::newRow("two correlated")
            << std::vector<Param>{Param::PriceElasticity, Param::AlgorithmicGain} << true;
        // Nine inputs do not fit one table: they are split, each value still printed once per row.
        QTest::newRow("nine") << std::vector<Param>{Param::PriceElasticity, Param::AlgorithmicGain,
                                                    Param::AdoptionGrowth,  Param::ShipmentGrowth,
                                                    Param::Shipments,       Param::TrainingGrowth,
                                                    Param::PowerGrowth,     Param::PowerEfficiency,
                                                    Param::TokensPerMonth}
                              << false;
    }

    void uncertaintyTable()
    {
        QFETCH(std::vector<Param>, uncertain);
        QFETCH(bool, correlated);
        ReportInputs inputs;
        inputs.result = uncertainRun(uncertain, correlated);
        inputs.sensitivity = m_sensitivity;
        QVERIFY(inputs.result.varianceShares);
        const VarianceShares &v = *inputs.result.varianceShares;
        QCOMPARE(v.inputs.size(), uncertain.size());
        const QString text = reportText(inputs, m_dir.filePath(QStringLiteral("shares.pdf")));
        QVERIFY2(!text.startsWith(QLatin1String("error")), qPrintable(text));
        const QString section = sectionText(text, inputs, ReportSection::Uncertainty);
        QVERIFY2(section.startsWith(QLatin1String("5 What drives the uncertainty")),
                 qPrintable(section.left(80)));
        QVERIFY(section.contains(QLatin1String("Not explained")));
        QCOMPARE(section.contains(QLatin1String("correlated")), correlated);
        for (Param p : v.inputs)
            QVERIFY2(section.contains(QString::fromUtf8(paramInfo(p).label)), paramInfo(p).label);
        const Scenario &s = inputs.result.scenario;
        for (int k = 12; k <= inputs.result.steps; k += 12) {
            if (v.inputs.size() <= 6) {
                // One table: the whole row, in column order.
                QStringList row = {monthName(s, k), QString::number(k)};
                for (std::size_t j = 0; j < v.inputs.size(); ++j)
                    row << percent1(v.shares[j][std::size_t(k)]);
                row << percent1(v.unexplained[std::size_t(k)]);
                const QString line = row.join(QLatin1Char(' '));
                QVERIFY2(section.contains(line), qPrintable(line + QStringLiteral(" in ") + section));
            } else {
                // Split: every row starts with the month and step and holds its values in order.
                const QString start = QStringLiteral("%1 %2 ").arg(monthName(s, k)).arg(k);
                QCOMPARE(int(section.count(start)), 2);
                QStringList values;
                qsizetype from = 0;
                for (int part = 0; part < 2; ++part) {
                    from = section.indexOf(start, from) + start.size();
                    values += section.mid(from).split(QLatin1Char(' ')).mid(0, 5);
                }
                QStringList expected;
                for (std::size_t j = 0; j < v.inputs.size(); ++j)
                    expected << percent1(v.shares[j][std::size_t(k)]);
                expected << percent1(v.unexplained[std::size_t(k)]);
                QCOMPARE(values, expected); // 5 inputs, then 4 and what none explains
            }
        }
        // The numbering has no gap after it.
        QVERIFY(text.contains(QLatin1String("6 Sensitivity ranking")));
    }

    void backtestSection()
    {
        const data::Dataset &dataset = bundledDataset();
        const backtest::MonthIndex asOf =
            backtest::checkAsOf(dataset, backtest::RowDating::Described, "2024-06");
        backtest::BacktestOptions options;
        options.settings.paths = 2'000;
        options.settings.backend = Backend::Cpu;
        ReportInputs inputs;
        SimulationSettings settings;
        settings.paths = 1'000;
        settings.backend = Backend::Cpu;
        inputs.result = simulate(Scenario(), settings);
        inputs.sensitivity = m_sensitivity;
        inputs.backtest = std::make_shared<backtest::BacktestResult>(
            backtest::runBacktest(dataset, Scenario(), asOf, options));
        const backtest::BacktestResult &b = *inputs.backtest;
        QVERIFY(b.summary.points > 0);

        int pages = 0;
        const QString text = reportText(inputs, m_dir.filePath(QStringLiteral("backtest.pdf")), &pages);
        QVERIFY2(!text.startsWith(QLatin1String("error")), qPrintable(text));
        const QString section = sectionText(text, inputs, ReportSection::Backtest);
        QVERIFY2(section.startsWith(QLatin1String("6 Backtest")), qPrintable(section.left(80)));
        QVERIFY(section.contains(QLatin1String("2024-06")));
        QVERIFY(section.contains(QString::fromStdString(b.calibration.scenario.name)));
        // The overall scores as the result has them.
        const QString overall = QStringLiteral("All series %1 %2 % %3 % %4")
                                    .arg(b.summary.points)
                                    .arg(percent1(b.summary.coverage50), percent1(b.summary.coverage90),
                                         QString::number(b.summary.crpsMean, 'f', 3));
        QVERIFY2(section.contains(overall), qPrintable(overall + QStringLiteral(" in ") + section));
        // The reading with its few-points caveat.
        QVERIFY(squeezed(section).contains(squeezed(QString::fromStdString(b.summary.reading))));
        // A chart per scored series, and the PIT histogram.
        for (const backtest::Mapping &m : backtest::mappings()) {
            const auto it = b.bySeries.find(m.id);
            QVERIFY(it != b.bySeries.end());
            const QString title = QStringLiteral("Backtest: %1").arg(QString::fromStdString(m.label));
            QCOMPARE(section.contains(title), it->second.points > 0);
        }
        QVERIFY(section.contains(QLatin1String("Backtest: PIT histogram")));
        QVERIFY(text.contains(QLatin1String("--backtest-as-of 2024-06")));

        // Without it, no such section (and no page for it).
        inputs.backtest.reset();
        int fewer = 0;
        const QString without = reportText(inputs, m_dir.filePath(QStringLiteral("no_backtest.pdf")), &fewer);
        QVERIFY(!without.contains(QLatin1String("Backtest")));
        QVERIFY2(fewer < pages, qPrintable(QStringLiteral("%1 vs %2").arg(fewer).arg(pages)));
    }

    void scenarioMapSection()
    {
        // A 2 × 3 grid of the demand / supply p50 at the horizon, each point an engine run.
        ReportInputs inputs;
        SimulationSettings settings;
        settings.paths = 500;
        settings.seed = 3;
        settings.backend = Backend::Cpu;
        inputs.result = simulate(Scenario(), settings);
        inputs.sensitivity = m_sensitivity;
        auto grid = std::make_shared<MapGrid>();
        grid->x.param = Param::PriceElasticity;
        grid->x.values = {0.8, 1.2};
        grid->y.param = Param::AlgorithmicGain;
        grid->y.values = {1.5, 2.0, 2.5};
        grid->output.month = inputs.result.steps;
        grid->monthLabel = QString::fromStdString(inputs.result.scenario.monthLabel(inputs.result.steps));
        grid->paths = settings.paths;
        grid->seed = settings.seed;
        for (double x : grid->x.values)
            for (double y : grid->y.values) {
                Scenario s;
                s[Param::PriceElasticity] = x;
                s[Param::AlgorithmicGain] = y;
                grid->values.push_back(
                    simulate(s, settings).value(Series::DemandSupplyRatio, Stat::P50, grid->output.month));
            }
        inputs.scenarioMap = grid;
        const QString text = reportText(inputs, m_dir.filePath(QStringLiteral("map.pdf")));
        QVERIFY2(!text.startsWith(QLatin1String("error")), qPrintable(text));
        const QString section = sectionText(text, inputs, ReportSection::ScenarioMap);
        QVERIFY2(section.startsWith(QLatin1String("6 Scenario map")), qPrintable(section.left(80)));
        QVERIFY(section.contains(QString::fromUtf8(paramInfo(Param::PriceElasticity).label)));
        QVERIFY(section.contains(QString::fromUtf8(paramInfo(Param::AlgorithmicGain).label)));
        QVERIFY(section.contains(outputLabel(grid->output)));
        ScenarioMapChart chart;
        chart.setGrid(*grid);
        chart.setCurrentScenario(inputs.result.scenario);
        QVERIFY2(squeezed(section).contains(squeezed(chart.caption())), qPrintable(chart.caption()));
    }

private:
    QTemporaryDir m_dir;
    std::shared_ptr<const SensitivityResult> m_sensitivity;
};

QTEST_MAIN(tst_ExportReport)
#include "tst_export_report.moc"
