// Export of figures, data and reports without a display: every format from every chart, the caption, the
// report's sections and page sizes, atomic writes (unwritable folder, cancel, failure keeps the old file) and
// the window's ExportController.
#include "jevons/charts/chart_factory.h"
#include "jevons/charts/chart_view.h"
#include "jevons/export/export_dialogs.h"
#include "jevons/export/export_figure.h"
#include "jevons/market/number_format.h"
#include "jevons/export/export_report.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/window/main_window.h"
#include "jevons/window/scenario_panel.h"
#include "jevons/charts/sensitivity_chart.h"

#include "jevons/engine/engine.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEnterEvent>
#include <QPushButton>
#include <QToolButton>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QLineSeries>
#include <QMenu>
#include <QPdfDocument>
#include <QPdfSelection>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTabWidget>
#include <QTest>

#include "image_checks.h"
#include <QTimer>
#include <QXmlStreamReader>

#include <memory>

using namespace jevons;
using namespace jevons::ui;
using testing::distinctColours;

namespace {

SimulationResult run(double elasticity, std::uint64_t seed = 7)
{
    Scenario scenario;
    scenario[Param::PriceElasticity] = elasticity;
    if (elasticity != Scenario()[Param::PriceElasticity])
        scenario.name = "Elastic demand";
    SimulationSettings settings;
    settings.paths = 10'000; // enough for every chart's shape; the engine's accuracy is tested elsewhere
    settings.seed = seed;
    settings.backend = Backend::Cpu;
    return simulate(scenario, settings);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

/// All the text of a PDF, page by page (Qt PDF's text extraction).
QString pdfText(QPdfDocument &pdf)
{
    QString text;
    for (int page = 0; page < pdf.pageCount(); ++page)
        text += pdf.getAllText(page).text() + QLatin1Char('\n');
    // Text extraction may break lines inside a sentence: compare on single spaces.
    return text.simplified();
}

/// Files in a folder (none expected after a failed or cancelled export).
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

/// True when each quarter of the chart area (below the title, above the caption) has something drawn: a chart
/// squashed into a corner or cut off at one side fails.
bool filledEverywhere(const QImage &image, QString *why)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    const QRgb background = rgb.pixel(2, 2);
    const QRect area(10, 60, rgb.width() - 20, rgb.height() - 100);
    for (int qy = 0; qy < 2; ++qy)
        for (int qx = 0; qx < 2; ++qx) {
            const QRect quarter(area.x() + qx * area.width() / 2, area.y() + qy * area.height() / 2,
                                area.width() / 2, area.height() / 2);
            int ink = 0;
            for (int y = quarter.top(); y <= quarter.bottom(); y += 2)
                for (int x = quarter.left(); x <= quarter.right(); x += 2) {
                    const QRgb p = rgb.pixel(x, y);
                    ink += qAbs(qRed(p) - qRed(background)) + qAbs(qGreen(p) - qGreen(background)) +
                               qAbs(qBlue(p) - qBlue(background)) >
                           30;
                }
            const int samples = (quarter.width() / 2) * (quarter.height() / 2);
            if (ink < samples / 200) {
                *why =
                    QStringLiteral("quarter %1,%2 is empty (%3 of %4)").arg(qx).arg(qy).arg(ink).arg(samples);
                return false;
            }
        }
    return true;
}

const QStringList TimeSeriesCharts = {"supply_demand",
                                      "demand_supply_ratio",
                                      "shortage_probability",
                                      "gpu_hour_price",
                                      "token_price",
                                      "capex_revenue",
                                      "cumulative_capex",
                                      "revenue_covers_capex_probability",
                                      "power",
                                      "unpowered",
                                      "power_constrained_probability"};

/// An export controller without dialogs: Export all exports `panels`; the context is `result` (and
/// `baseline`, when given) with no sensitivity ranking.
std::unique_ptr<ExportController> makeController(QWidget *window, const QList<ChartPanel *> &panels,
                                                 const SimulationResult &result,
                                                 const SimulationResult *baseline = nullptr)
{
    const auto current = std::make_shared<SimulationResult>(result);
    const auto pinned = baseline ? std::make_shared<SimulationResult>(*baseline) : nullptr;
    auto controller = std::make_unique<ExportController>(
        window, [panels] { return panels; },
        [current, pinned] {
            ExportContext c;
            c.result = current;
            c.baseline = pinned;
            return c;
        });
    controller->setInteractive(false);
    return controller;
}

} // namespace

class tst_Export : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void distributionCaptionNamesItsMonthBeforeAnyDraw();
    void eachFormatFromEachChart_data();
    void eachFormatFromEachChart();
    void pngResolution();
    void captionReflectsChangedParameter();
    void captionCanBeSwitchedOff();
    void sameSeedSameCsv();
    void reportHasEverySection();
    void reportPageSizes();
    void reportListsIntervalsAndCorrelations();
    void reportCancelledLeavesNothing();
    void unwritableFolder();
    void invalidNames();
    void failureKeepsExistingFile();
    void controllerChartActions();
    void controllerExportAll();
    void controllerExportAllCancelled();
    void controllerReport();
    void controllerReportCancelled();
    void dialogPresets();
    void windowWiring();
    void ctrlEPicksAChart();

private:
    ChartPanel *chart(const QString &id) const;

    SimulationResult m_result;
    SimulationResult m_changed;
    SensitivityResult m_sensitivity;
    std::vector<std::unique_ptr<ChartPanel>> m_charts;
    QTemporaryDir m_dir;
};

void tst_Export::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_result = run(1.0);
    m_changed = run(1.4);
    SimulationSettings settings = m_result.settings;
    settings.paths = 2'000; // 57 runs: the ranking's shape is all the figures need
    m_sensitivity = sensitivity(m_result.scenario, settings, SensitivityRequest{});
    m_charts = buildCharts(m_result, &m_sensitivity);
    QCOMPARE(int(m_charts.size()), 16);
}

void tst_Export::distributionCaptionNamesItsMonthBeforeAnyDraw()
{
    // Export all and the CLI ask a chart built a moment ago, never drawn, for its caption.
    ChartPanel *distribution = chart(QStringLiteral("distribution"));
    QVERIFY(distribution);
    const QString caption = distribution->caption();
    QVERIFY2(caption.contains(monthName(m_result.scenario, m_result.steps)), qPrintable(caption));
    QVERIFY2(!caption.contains(monthName(m_result.scenario, 0)), qPrintable(caption));
}

ChartPanel *tst_Export::chart(const QString &id) const
{
    for (const auto &panel : m_charts)
        if (panel->chartId() == id)
            return panel.get();
    return nullptr;
}

void tst_Export::eachFormatFromEachChart_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("format");
    const auto charts = buildCharts(m_result, &m_sensitivity); // the ids, in order
    for (const auto &panel : charts)
        for (const QString &format : figureFormatNames()) {
            FigureFormat f;
            QVERIFY(parseFigureFormat(format, &f));
            QTest::newRow(qPrintable(panel->chartId() + QLatin1Char('.') + format))
                << panel->chartId() << int(f);
        }
}

void tst_Export::eachFormatFromEachChart()
{
    QFETCH(QString, id);
    QFETCH(int, format);
    ChartPanel *panel = chart(id);
    QVERIFY(panel);
    FigureOptions options;
    options.format = FigureFormat(format);
    options.size = QSize(900, 560);
    options.dpi = 96;
    const QString path = m_dir.filePath(figureFileName(panel, options.format));
    QVERIFY2(exportFigure(panel, options, path).isEmpty(), qPrintable(exportFigure(panel, options, path)));
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.isEmpty());

    switch (options.format) {
    case FigureFormat::Png: {
        QImage image;
        QVERIFY(image.loadFromData(bytes, "PNG"));
        QCOMPARE(image.size(), QSize(900, 560));
        QCOMPARE(image.text(QStringLiteral("Title")), panel->title());
        QString why;
        // The shares charts of a run without uncertain inputs show only their axes and a title saying
        // why (tst_chart_panels draws them with shares).
        if (!panel->chartId().startsWith(QLatin1String("variance_shares")) || m_result.varianceShares)
            QVERIFY2(filledEverywhere(image, &why), qPrintable(why));
        break;
    }
    case FigureFormat::Svg: {
        QXmlStreamReader xml(bytes);
        QString title;
        bool hasText = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("title") && title.isEmpty())
                title = xml.readElementText();
            else if (xml.isStartElement() && xml.name() == QLatin1String("text"))
                hasText = true;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(title, panel->title());
        QVERIFY(hasText); // text stays text (vector), not pixels
        break;
    }
    case FigureFormat::Pdf: {
        QPdfDocument pdf;
        QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
        QCOMPARE(pdf.pageCount(), 1);
        // 900 × 560 px at 96 dpi = 675 × 420 pt.
        const QSizeF points = pdf.pagePointSize(0);
        QVERIFY2(qAbs(points.width() - 675) < 1.5 && qAbs(points.height() - 420) < 1.5,
                 qPrintable(QStringLiteral("%1 x %2").arg(points.width()).arg(points.height())));
        QVERIFY(pdfText(pdf).contains(panel->title()));
        break;
    }
    case FigureFormat::Csv: {
        QCOMPARE(bytes, panel->toCsv().toUtf8()); // exactly the plotted values
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        const QByteArray header = lines.first();
        QVERIFY2(header.contains('(') || header.contains("unit"), header.constData()); // units in the header
        if (TimeSeriesCharts.contains(id)) {
            QVERIFY(header.startsWith("month,step,"));
            QCOMPARE(lines.size(), 1 + m_result.steps + 1);
        } else if (id == QLatin1String("headline")) {
            QCOMPARE(lines.size(), 1 + 8);
        } else if (id.startsWith(QLatin1String("variance_shares"))) {
            // This run has no uncertain inputs, so no shares: the header alone says what would be there.
            QVERIFY(!m_result.varianceShares);
            QCOMPARE(lines.size(), 1);
        } else if (id == QLatin1String("sensitivity")) {
            QCOMPARE(lines.size(), 1 + int(m_sensitivity.entries.size())); // every parameter, drawn or not
        } else {
            QVERIFY(lines.size() > 20); // the distribution's bins
        }
        break;
    }
    }
}

void tst_Export::pngResolution()
{
    // 16 × 10 cm at 300 dpi: the Print preset.
    FigureOptions options;
    options.size = QSize(1890, 1181);
    options.dpi = 300;
    const QString path = m_dir.filePath(QStringLiteral("print.png"));
    QVERIFY(exportFigure(chart("token_price"), options, path).isEmpty());
    QImage image(path);
    QCOMPARE(image.size(), QSize(1890, 1181));
    QCOMPARE(image.dotsPerMeterX(), qRound(300 / 0.0254));
    // The same layout at 96 dpi is a third of the pixels: the figure is the same, only sharper.
    options.size = QSize(605, 378);
    options.dpi = 96;
    QVERIFY(
        exportFigure(chart("token_price"), options, m_dir.filePath(QStringLiteral("screen.png"))).isEmpty());
    // Too small for its text at this resolution: refused with a reason, and no file.
    options.size = QSize(300, 200);
    options.dpi = 300;
    const QString tiny = m_dir.filePath(QStringLiteral("tiny.png"));
    QVERIFY(exportFigure(chart("token_price"), options, tiny).contains(QLatin1String("too small")));
    QVERIFY(!QFile::exists(tiny));
}

void tst_Export::captionReflectsChangedParameter()
{
    const QString base = captionText(m_result, QStringLiteral("2026-04-22"));
    QVERIFY2(base.contains(QLatin1String("Base case parameters")), qPrintable(base));
    QVERIFY(base.contains(QLatin1String("10,000 paths")));
    QVERIFY(base.contains(QLatin1String("seed 7")));
    QVERIFY(base.contains(QLatin1String("backend cpu")));
    QVERIFY(base.contains(QLatin1String("dataset as of 2026-04-22")));
    QVERIFY(base.contains(QLatin1String("Jevons ") + QLatin1String(versionString())));

    const QString changed = captionText(m_changed, bundledDatasetAsOf());
    QVERIFY2(changed.contains(QStringLiteral("Scenario “Elastic demand”")), qPrintable(changed));
    QVERIFY2(changed.contains(QLatin1String("Price elasticity 1.4 (Base 1)")), qPrintable(changed));
    QVERIFY(!bundledDatasetAsOf().isEmpty());
    QVERIFY2(!base.contains(QLatin1String("intervals")), qPrintable(base)); // every input certain

    // Uncertain inputs: their intervals and correlations make the figure reproducible.
    Scenario uncertain;
    uncertain.intervals[int(Param::PriceElasticity)] = Interval{0.75, 1.33, IntervalScale::Log};
    uncertain.intervals[int(Param::AdoptionGrowth)] = Interval{1.1, 1.6, IntervalScale::Linear};
    uncertain.correlations.push_back({Param::PriceElasticity, Param::AdoptionGrowth, 0.5});
    SimulationResult withIntervals = m_result;
    withIntervals.scenario = uncertain;
    const QString caption = captionText(withIntervals, QString());
    QVERIFY2(caption.contains(QStringLiteral("90 % intervals: Adoption growth 1.1–1.6, Price elasticity "
                                             "0.75–1.33 (log)")),
             qPrintable(caption));
    QVERIFY2(caption.contains(QLatin1String("rank correlations: Price elasticity/Adoption growth 0.5")),
             qPrintable(caption));

    // And in the exported figure itself (PDF text).
    const auto charts = buildCharts(m_changed);
    FigureOptions options;
    options.format = FigureFormat::Pdf;
    const QString path = m_dir.filePath(QStringLiteral("changed.pdf"));
    QVERIFY(exportFigure(charts[1].get(), options, path).isEmpty());
    QPdfDocument pdf;
    QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
    const QString text = pdfText(pdf);
    QVERIFY2(text.contains(QLatin1String("Price elasticity 1.4 (Base 1)")), qPrintable(text));
    QVERIFY(text.contains(QLatin1String("seed 7")));
}

void tst_Export::captionCanBeSwitchedOff()
{
    FigureOptions options;
    options.format = FigureFormat::Svg;
    options.caption = false;
    QString error;
    const QByteArray without = renderFigure(chart("gpu_hour_price"), options, &error);
    QVERIFY(error.isEmpty());
    options.caption = true;
    const QByteArray with = renderFigure(chart("gpu_hour_price"), options, &error);
    QVERIFY(!without.contains("seed 7"));
    QVERIFY(with.contains("seed 7"));
}

void tst_Export::sameSeedSameCsv()
{
    const auto again = buildCharts(run(1.0), &m_sensitivity);
    const auto other = buildCharts(run(1.0, 8), &m_sensitivity);
    FigureOptions options;
    options.format = FigureFormat::Csv;
    int differ = 0;
    for (std::size_t i = 0; i < m_charts.size(); ++i) {
        QString error;
        QCOMPARE(renderFigure(again[i].get(), options, &error),
                 renderFigure(m_charts[i].get(), options, &error));
        differ +=
            renderFigure(other[i].get(), options, &error) != renderFigure(m_charts[i].get(), options, &error);
    }
    QVERIFY(differ >= 7); // another seed moves every simulated series
    // The same figure twice: identical pixels.
    FigureOptions png;
    png.size = QSize(640, 400);
    QCOMPARE(renderFigureImage(again[2].get(), png), renderFigureImage(m_charts[2].get(), png));
}

void tst_Export::reportHasEverySection()
{
    ReportInputs inputs;
    inputs.result = m_changed;
    inputs.sensitivity = std::make_shared<SensitivityResult>(m_sensitivity);
    inputs.date = QDate(2026, 5, 1);
    const QString path = m_dir.filePath(QStringLiteral("report.pdf"));
    QList<double> fractions;
    const QString error = writeReport(inputs, ReportOptions{}, path, [&](double f, const QString &) {
        fractions << f;
        return true;
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(fractions.size() >= 10);
    QVERIFY(std::is_sorted(fractions.begin(), fractions.end()));

    QPdfDocument pdf;
    QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
    // Cover, parameters + headline, 9 charts (2 a page), percentiles (2+), sensitivity, appendix (3+).
    QVERIFY2(pdf.pageCount() >= 12, qPrintable(QString::number(pdf.pageCount())));
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(QLatin1String("Jevons scenario report")));
    QVERIFY(text.contains(QLatin1String("Scenario: Elastic demand")));
    QVERIFY(text.contains(QLatin1String("1 May 2026")));
    // The sections without their input are left out (no shares, backtest or map here), the others numbered
    // 1, 2, 3... without gaps.
    const QList<ReportSection> sections = ReportWriter::sections(inputs);
    QVERIFY(!sections.contains(ReportSection::Uncertainty));
    QVERIFY(!sections.contains(ReportSection::Backtest));
    QVERIFY(!sections.contains(ReportSection::ScenarioMap));
    for (int i = 0; i + 1 < sections.size(); ++i) {
        const QString heading =
            QStringLiteral("%1 %2").arg(i + 1).arg(ReportWriter::sectionTitle(sections[i]));
        QVERIFY2(text.contains(heading), qPrintable(heading));
    }
    QVERIFY(text.contains(ReportWriter::sectionTitle(ReportSection::Appendix)));
    QVERIFY(!text.contains(QLatin1String("Backtest")));
    QVERIFY(!text.contains(QLatin1String("Scenario map")));
    // The changed parameter on the cover; every chart's title; yearly steps; a data source.
    QVERIFY(text.contains(QLatin1String("Price elasticity 1.4 (Base 1)")));
    for (const auto &panel : m_charts)
        if (panel->chartId() != QLatin1String("headline"))
            QVERIFY2(text.contains(panel->title()), qPrintable(panel->title()));
    QVERIFY(text.contains(QLatin1String("Apr 2031")));
    QVERIFY(text.contains(QLatin1String("nvidia_dc_revenue.csv")));
    QVERIFY(text.contains(QLatin1String("Shipment growth")));
    // Charts are vector graphics: their axis labels are text in the PDF.
    QVERIFY(text.contains(QLatin1String("Month")));
}

void tst_Export::reportListsIntervalsAndCorrelations()
{
    Scenario scenario;
    scenario.intervals[int(Param::PriceElasticity)] = Interval{0.75, 1.33, IntervalScale::Log};
    scenario.intervals[int(Param::AlgorithmicGain)] = Interval{1.5, 2.83, IntervalScale::Log};
    scenario.correlations.push_back({Param::PriceElasticity, Param::AlgorithmicGain, -0.4});
    SimulationSettings settings;
    settings.paths = 2'000;
    settings.backend = Backend::Cpu;
    ReportInputs inputs;
    inputs.result = simulate(scenario, settings);
    inputs.sensitivity = std::make_shared<SensitivityResult>(m_sensitivity);
    const QString path = m_dir.filePath(QStringLiteral("uncertain.pdf"));
    const QString error =
        writeReport(inputs, ReportOptions{}, path, [](double, const QString &) { return true; });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QPdfDocument pdf;
    QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(QLatin1String("Uncertain inputs")));
    QVERIFY(text.contains(QLatin1String("1.33"))); // p95 of the elasticity
    QVERIFY(text.contains(QLatin1String("2.83"))); // p95 of the algorithmic gains
    QVERIFY(text.contains(QLatin1String("-0.4"))); // their rank correlation
    QVERIFY(text.contains(QLatin1String("Correlations between uncertain inputs")));
}

void tst_Export::reportPageSizes()
{
    ReportInputs inputs;
    inputs.result = m_result;
    inputs.sensitivity = std::make_shared<SensitivityResult>(m_sensitivity);
    for (const ReportPage page : {ReportPage::A4, ReportPage::Letter}) {
        ReportOptions options;
        options.page = page;
        ReportWriter writer(inputs, options);
        while (!writer.isFinished())
            QVERIFY2(writer.step(), qPrintable(writer.error()));
        const QString path = m_dir.filePath(reportPageName(page) + QStringLiteral(".pdf"));
        QVERIFY(writeFileAtomically(path, writer.pdf()).isEmpty());
        QPdfDocument pdf;
        QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
        QCOMPARE(pdf.pageCount(), writer.pageCount());
        const QSizeF points = pdf.pagePointSize(0);
        const QSizeF expected = page == ReportPage::A4 ? QSizeF(595.3, 841.9) : QSizeF(612, 792);
        QVERIFY2(qAbs(points.width() - expected.width()) < 1.5 &&
                     qAbs(points.height() - expected.height()) < 1.5,
                 qPrintable(QStringLiteral("%1 x %2").arg(points.width()).arg(points.height())));
    }
}

void tst_Export::reportCancelledLeavesNothing()
{
    ReportInputs inputs;
    inputs.result = m_result; // no sensitivity: writeReport runs one and is cancelled during it
    const QString fresh = m_dir.filePath(QStringLiteral("cancelled.pdf"));
    const QString existing = m_dir.filePath(QStringLiteral("good.pdf"));
    writeAll(existing, "a good report");
    for (const int stopAfter : {2, 30}) { // during the sensitivity run, and while painting
        for (const QString &path : {fresh, existing}) {
            int calls = 0;
            bool cancelled = false;
            const QString error = writeReport(
                inputs, ReportOptions{}, path, [&](double, const QString &) { return ++calls < stopAfter; },
                &cancelled);
            QVERIFY(cancelled);
            QCOMPARE(error, QStringLiteral("cancelled"));
        }
        QVERIFY(!QFile::exists(fresh));
        QCOMPARE(readAll(existing), QByteArray("a good report"));
    }
    // No temporary files left beside them either.
    for (const QString &name : entries(m_dir.path()))
        QVERIFY2(!name.contains(QLatin1String("cancelled")), qPrintable(name));
}

void tst_Export::unwritableFolder()
{
    QTemporaryDir dir;
    // Under a regular file: refused for every user, root included.
    const QString file = dir.filePath(QStringLiteral("plain.txt"));
    writeAll(file, "x");
    const QString bad = file + QStringLiteral("/figure.png");
    const QString error = exportFigure(chart("token_price"), FigureOptions{}, bad);
    QVERIFY2(error.startsWith(QLatin1String("cannot write")) && error.contains(QLatin1String("figure.png")),
             qPrintable(error));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("plain.txt")});
    QCOMPARE(readAll(file), QByteArray("x"));

    // A read-only folder (only meaningful when not running as root).
    const QString locked = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkdir(locked));
    QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::ExeOwner);
    if (!QFileInfo(locked).isWritable()) {
        const QString e =
            exportFigure(chart("token_price"), FigureOptions{}, locked + QStringLiteral("/a.png"));
        QVERIFY2(e.startsWith(QLatin1String("cannot write")), qPrintable(e));
        QVERIFY(entries(locked).isEmpty());
    }
    QFile::setPermissions(locked, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);

    // A set with one bad target writes none of them.
    const QString good = dir.filePath(QStringLiteral("good.csv"));
    QVERIFY(!writeFilesAtomically({{good, "a"}, {bad, "b"}}).isEmpty());
    QVERIFY(!QFile::exists(good));
    QVERIFY(!checkWritable(bad).isEmpty());
    QVERIFY(checkWritable(good).isEmpty());
    QVERIFY(!QFile::exists(good)); // the check leaves nothing behind
}

void tst_Export::invalidNames()
{
    QTemporaryDir dir;
    for (const QString &name : {QStringLiteral("a?b.png"), QStringLiteral("x:y.png"), QStringLiteral("..")}) {
        const QString error = exportFigure(chart("headline"), FigureOptions{}, dir.filePath(name));
        QVERIFY2(!error.isEmpty(), qPrintable(name));
    }
    QVERIFY(!exportFigure(chart("headline"), FigureOptions{}, dir.path()).isEmpty()); // a folder
    QVERIFY(!exportFigure(chart("headline"), FigureOptions{}, QString()).isEmpty());
    QVERIFY(!checkFileName(QString(300, QLatin1Char('a'))).isEmpty());
    QVERIFY(!checkFileName(QStringLiteral("tab\there")).isEmpty());
    QVERIFY(checkFileName(QStringLiteral("token_price.png")).isEmpty());
    QVERIFY(entries(dir.path()).isEmpty());
}

void tst_Export::failureKeepsExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.png"));
    writeAll(path, "good figure");
    FigureOptions options;
    options.size = QSize(10, 10); // invalid: refused before writing
    QVERIFY(!exportFigure(chart("token_price"), options, path).isEmpty());
    QCOMPARE(readAll(path), QByteArray("good figure"));
    // A set where a later file fails keeps the earlier target's old content.
    const QString bad = dir.filePath(QStringLiteral("keep.png/x.png"));
    QVERIFY(!writeFilesAtomically({{path, "new"}, {bad, "b"}}).isEmpty());
    QCOMPARE(readAll(path), QByteArray("good figure"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("keep.png")});
}

void tst_Export::controllerChartActions()
{
    QWidget window;
    auto panels = buildCharts(m_result, &m_sensitivity);
    const auto owned = makeController(&window, {}, m_result);
    ExportController &controller = *owned;
    ChartPanel *panel = panels[1].get();
    controller.addChartActions(panel);
    controller.addChartActions(panel); // twice: no duplicates
    QMenu *menu = panel->actionsMenu();
    QStringList names;
    for (QAction *a : menu->actions())
        if (!a->objectName().isEmpty())
            names << a->objectName();
    QCOMPARE(names.count(QStringLiteral("exportChartAction")), 1);
    QCOMPARE(names.count(QStringLiteral("copyChartImageAction")), 1);
    QCOMPARE(names.count(QStringLiteral("exportChartCsvAction")), 1);
    QVERIFY(menu->findChild<QAction *>(QStringLiteral("exportChartAction"))->isEnabled());
    QVERIFY(names.indexOf(QStringLiteral("copyChartImageAction")) ==
            names.indexOf(QStringLiteral("exportChartAction")) + 1);
    QCOMPARE(controller.fileMenuActions().size(), 2);

    // Copy image (the offscreen platform keeps a clipboard in the process).
    controller.copyToClipboard(panel);
    const QImage copied = QGuiApplication::clipboard()->image();
    if (copied.isNull())
        QSKIP("this platform has no clipboard");
    QVERIFY(copied.width() >= 400);

    // The synchronous single-chart export (the Export… and Export data dialogs end here).
    QTemporaryDir dir;
    FigureOptions csv;
    csv.format = FigureFormat::Csv;
    QVERIFY(controller.exportChart(panel, csv, dir.filePath(QStringLiteral("a.csv"))).isEmpty());
    QCOMPARE(readAll(dir.filePath(QStringLiteral("a.csv"))), panel->toCsv().toUtf8());
}

void tst_Export::controllerExportAll()
{
    QWidget window;
    QList<ChartPanel *> panels;
    for (const auto &p : m_charts)
        panels << p.get();
    const auto owned = makeController(&window, panels, m_changed);
    ExportController &controller = *owned;
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("figures")); // created by the export
    FigureOptions options;
    options.format = FigureFormat::Svg;
    options.size = QSize(800, 500);
    QSignalSpy done(&controller, &ExportController::finished);
    QSignalSpy progress(&controller, &ExportController::progressed);
    QVERIFY(controller.startExportAll(folder, options));
    QVERIFY(controller.isBusy());
    QVERIFY(!controller.startReport(dir.filePath("r.pdf"), ReportOptions{})); // one at a time
    QTRY_VERIFY_WITH_TIMEOUT(!controller.isBusy(), 60'000);
    QCOMPARE(done.last().at(0).toBool(), true);
    QVERIFY(progress.size() >= panels.size());
    QStringList expected;
    for (ChartPanel *p : panels)
        expected << figureFileName(p, FigureFormat::Svg);
    expected << ExportController::scenarioFileName() << ExportController::readmeFileName();
    expected.sort();
    QCOMPARE(entries(folder), expected);
    // The scenario beside them reproduces the run's parameters.
    const Scenario back = parseScenario(readAll(QDir(folder).filePath("scenario.json")).toStdString());
    QCOMPARE(back, m_changed.scenario);
    const QByteArray readme = readAll(QDir(folder).filePath("reproduce.txt"));
    QVERIFY(readme.contains(
        "jevons export --scenario scenario.json --chart all --format svg --paths 10000 --seed 7"));
}

void tst_Export::controllerExportAllCancelled()
{
    QWidget window;
    QList<ChartPanel *> panels;
    for (const auto &p : m_charts)
        panels << p.get();
    const auto owned = makeController(&window, panels, m_result);
    ExportController &controller = *owned;
    QTemporaryDir dir;
    // An earlier export's file stays as it was.
    writeAll(dir.filePath(QStringLiteral("token_price.png")), "earlier");
    connect(&controller, &ExportController::progressed, &controller, [&](int percent) {
        if (percent > 20)
            controller.cancel();
    });
    QSignalSpy done(&controller, &ExportController::finished);
    QVERIFY(controller.startExportAll(dir.path(), FigureOptions{}));
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60'000);
    QCOMPARE(done.last().at(0).toBool(), false);
    QCOMPARE(done.last().at(1).toString(), QStringLiteral("cancelled"));
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("token_price.png")});
    QCOMPARE(readAll(dir.filePath(QStringLiteral("token_price.png"))), QByteArray("earlier"));
}

void tst_Export::controllerReport()
{
    QWidget window;
    // No sensitivity in the context: the controller runs one off the GUI thread.
    const auto owned = makeController(&window, {}, m_changed, &m_result);
    ExportController &controller = *owned;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QSignalSpy done(&controller, &ExportController::finished);
    ReportOptions options;
    options.page = ReportPage::Letter;
    QVERIFY(controller.startReport(path, options));
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 120'000);
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    QPdfDocument pdf;
    QCOMPARE(pdf.load(path), QPdfDocument::Error::None);
    QVERIFY(pdf.pageCount() >= 12);
    QVERIFY(qAbs(pdf.pagePointSize(0).width() - 612) < 1.5);
    const QString text = pdfText(pdf);
    QVERIFY(text.contains(QLatin1String("Sensitivity ranking")));
    QVERIFY(text.contains(QLatin1String("Baseline p50"))); // the pinned baseline in the headline table

    // An unwritable target fails at once, before any work.
    done.clear();
    QVERIFY(!controller.startReport(path + QStringLiteral("/x.pdf"), options));
    QCOMPARE(done.size(), 1);
    QVERIFY(done.last().at(1).toString().startsWith(QLatin1String("cannot write")));
}

void tst_Export::controllerReportCancelled()
{
    QWidget window;
    const auto owned = makeController(&window, {}, m_result);
    ExportController &controller = *owned;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QSignalSpy done(&controller, &ExportController::finished);
    QVERIFY(controller.startReport(path, ReportOptions{}));
    controller.cancel(); // during the sensitivity run
    QCOMPARE(done.size(), 1);
    QCOMPARE(done.last().at(1).toString(), QStringLiteral("cancelled"));
    QVERIFY(!controller.isBusy());
    // Cancelled while painting pages.
    connect(&controller, &ExportController::progressed, &controller, [&](int percent) {
        if (percent > 70)
            controller.cancel();
    });
    QVERIFY(controller.startReport(path, ReportOptions{}));
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 2, 120'000);
    QCOMPARE(done.last().at(1).toString(), QStringLiteral("cancelled"));
    QVERIFY(entries(dir.path()).isEmpty());
}

void tst_Export::dialogPresets()
{
    ExportFigureDialog dialog(QStringLiteral("Export"), QSize(900, 500), false);
    dialog.setTarget(QStringLiteral("/tmp/x/token_price.png"));
    dialog.setPreset(ExportFigureDialog::Preset::Screen);
    QCOMPARE(dialog.options().size, QSize(900, 500));
    dialog.setPreset(ExportFigureDialog::Preset::Screen2x);
    QCOMPARE(dialog.options().size, QSize(1800, 1000));
    QCOMPARE(dialog.options().dpi, 2 * qRound(layoutDpi()));
    dialog.setPreset(ExportFigureDialog::Preset::Print300);
    dialog.setPrintSize(16, 10, 300);
    QCOMPARE(dialog.options().size, QSize(1890, 1181));
    QCOMPARE(dialog.options().dpi, 300);
    QVERIFY(dialog.options().caption); // on by default
    dialog.setFormat(FigureFormat::Pdf);
    QCOMPARE(dialog.target(), QStringLiteral("/tmp/x/token_price.pdf")); // the extension follows
}

namespace {
/// The window as the wiring tests open it: no persisted settings, no dialogs.
MainWindow::Options windowTestOptions()
{
    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    return options;
}

/// Shows `window` at 1280x800 and waits for its first full run at 10,000 paths on the CPU.
bool showWithFullRun(MainWindow &window)
{
    SimulationSettings settings = window.scenarioPanel()->runSettings();
    settings.paths = 10'000;
    settings.backend = Backend::Cpu;
    window.scenarioPanel()->setRunSettings(settings);
    window.resize(1280, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    return QTest::qWaitFor(
        [&] {
            return window.displayedResult() && !window.displayedIsPreview() &&
                   window.displayedResult()->settings.paths == 10'000 && !window.runner()->isBusy();
        },
        60'000);
}
} // namespace

void tst_Export::windowWiring()
{
    // The dashboard as a user has it: some charts on screen, the others on hidden tabs, exported through the
    // window's own controller.
    MainWindow window(windowTestOptions());
    QVERIFY(showWithFullRun(window));
    window.tabs()->setCurrentIndex(1);
    QCoreApplication::processEvents();

    // The window's own controller, as its menus and chart actions use it.
    ExportController *controller = window.exportController();
    QVERIFY(controller != nullptr);
    controller->setInteractive(false);
    for (ChartPanel *panel : window.charts()) {
        QObject *host = panel->actionsMenu() ? static_cast<QObject *>(panel->actionsMenu()) : panel;
        QVERIFY2(host->findChild<QAction *>(QStringLiteral("exportChartCsvAction")),
                 qPrintable(panel->chartId()));
    }
    QCOMPARE(window.chart(QStringLiteral("headline"))->contextMenuPolicy(), Qt::ActionsContextMenu);

    QList<QSize> before;
    QList<bool> visible;
    for (ChartPanel *panel : window.charts()) {
        before << panel->size();
        visible << panel->isVisible();
    }
    QVERIFY(visible.contains(true) && visible.contains(false));
    QTemporaryDir dir;
    FigureOptions options;
    options.size = QSize(800, 500);
    QSignalSpy done(controller, &ExportController::finished);
    QVERIFY(controller->startExportAll(dir.path(), options));
    QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60'000);
    QVERIFY2(done.last().at(0).toBool(), qPrintable(done.last().at(1).toString()));
    for (ChartPanel *panel : window.charts()) {
        const QImage image(dir.filePath(figureFileName(panel, FigureFormat::Png)));
        QCOMPARE(image.size(), QSize(800, 500));
        QVERIFY2(distinctColours(image) > 20, qPrintable(panel->chartId() + " exported blank"));
        QString why;
        QVERIFY2(filledEverywhere(image, &why), qPrintable(panel->chartId() + ": " + why));
    }
    // The window's charts are as they were, and a hidden tab lays its chart out when shown.
    // (QWidget::render() of a hidden chart lays out its hidden tab page, so only the charts on screen keep
    // their exact size.)
    for (int i = 0; i < window.charts().size(); ++i)
        if (visible[i])
            QCOMPARE(window.charts()[i]->size(), before[i]);
    // A chart on screen exported at another shape (16 × 10 cm at 300 dpi) is laid out for it, not stretched,
    // and stays as it was on screen.
    ChartPanel *shown = nullptr;
    for (ChartPanel *panel : window.charts())
        if (panel->isVisible() && panel->view())
            shown = panel;
    QVERIFY(shown);
    const QSize viewSize = shown->view()->size();
    const QList<QPointF> median = window.chartSet().supplyDemand->medianSeries(0)->points();
    FigureOptions print;
    print.size = QSize(1890, 1181);
    print.dpi = 300;
    const QString printed = dir.filePath(QStringLiteral("printed.png"));
    QVERIFY(controller->exportChart(shown, print, printed).isEmpty());
    QString why;
    QVERIFY2(filledEverywhere(QImage(printed), &why), qPrintable(why));
    QCOMPARE(shown->view()->size(), viewSize);
    QCOMPARE(window.chartSet().supplyDemand->medianSeries(0)->points(), median);
    if (const QString shots = qEnvironmentVariable("JEVONS_EXPORT_SCREENSHOTS"); !shots.isEmpty())
        QFile::copy(printed, shots + QStringLiteral("/printed_from_window.png"));

    window.tabs()->setCurrentIndex(2);
    QTRY_VERIFY(window.tabs()->currentWidget()->isVisible());
    for (ChartPanel *panel : window.charts())
        if (panel->isVisible() && panel->view())
            QTRY_COMPARE(panel->view()->width(), panel->width());

    if (const QString shots = qEnvironmentVariable("JEVONS_EXPORT_SCREENSHOTS"); !shots.isEmpty()) {
        // For looking at, not for checking: the dialogs as the user sees them.
        controller->setInteractive(true);
        QTimer::singleShot(800, [shots] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                dialog->grab().save(shots + QStringLiteral("/export_dialog.png"));
                dialog->close();
            }
        });
        controller->showExportDialog(window.chart(QStringLiteral("token_price")));
        QTimer::singleShot(800, [shots] {
            if (QWidget *dialog = QApplication::activeModalWidget()) {
                dialog->grab().save(shots + QStringLiteral("/report_dialog.png"));
                dialog->close();
            }
        });
        controller->showReportDialog();
        window.grab().save(shots + QStringLiteral("/window.png"));
        controller->setInteractive(false);
    }
}

void tst_Export::ctrlEPicksAChart()
{
    // Ctrl+E on the Overview, through the window's own controller: the figure dialog opens on a chart (not
    // the headline tiles), and a chart picked there is the one written.
    MainWindow window(windowTestOptions());
    QVERIFY(showWithFullRun(window));
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.tabs()->setCurrentIndex(0); // Overview: the tiles and the small fans
    QTRY_VERIFY(window.chart(QStringLiteral("headline"))->isVisible());
    ExportController *controller = window.exportController();
    controller->setInteractive(false);
    QCOMPARE(window.exportAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));

    // Each chart shows its export: a button on its toolbar row, or in the corner of a small copy.
    for (ChartPanel *panel : window.charts())
        if (panel->view())
            QVERIFY2(panel->exportButton() && !panel->exportButton()->isHidden(),
                     qPrintable(panel->chartId()));
    for (FanChart *fan : window.overviewFans())
        QVERIFY2(fan->exportButton() && fan->exportButton()->isVisible(), qPrintable(fan->chartId()));
    QVERIFY(!window.chart(QStringLiteral("headline"))->toolTip().isEmpty());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("picked.svg"));
    struct Seen {
        bool opened = false;
        QString initial; ///< chartId selected when the dialog opened
        int choices = 0;
    };
    // Runs inside the dialog's event loop (exec() shows it first), so the modal widget is the dialog.
    auto inspect = [&](Seen &seen, const QString &pick) {
        QTimer::singleShot(0, [&seen, pick, path] {
            auto *dialog = qobject_cast<ExportFigureDialog *>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            seen.opened = true;
            seen.initial = dialog->selectedChart() ? dialog->selectedChart()->chartId() : QString();
            auto *picker = dialog->findChild<QComboBox *>(QStringLiteral("chartPicker"));
            seen.choices = picker ? picker->count() : 0;
            if (pick.isEmpty() || !picker) {
                dialog->reject();
                return;
            }
            picker->setCurrentIndex(picker->findData(pick));
            dialog->setFormat(FigureFormat::Svg);
            dialog->setTarget(path);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
        });
    };

    // Nothing hovered or focused: a chart of the Overview, never the tiles.
    window.tabs()->setFocus();
    Seen first;
    inspect(first, QString());
    QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(first.opened);
    QVERIFY2(!first.initial.isEmpty() && first.initial != QLatin1String("headline"),
             qPrintable(first.initial));
    QVERIFY(first.choices >= window.charts().size());
    // The picker names a chart with its tab, as the tab reads (no mnemonic marks).
    QCOMPARE(ExportFigureDialog::chartChoiceName(window.chart(QStringLiteral("supply_demand"))),
             QStringLiteral("%1 (Supply & demand tab)")
                 .arg(window.chart(QStringLiteral("supply_demand"))->title()));

    // The mouse was over the small token price fan: the dialog starts on the token price chart.
    FanChart *smallTokenPrice = nullptr;
    for (FanChart *fan : window.overviewFans())
        if (fan->chartId() == QLatin1String("token_price"))
            smallTokenPrice = fan;
    QVERIFY(smallTokenPrice);
    QEnterEvent enter(QPointF(20, 20), QPointF(20, 20), smallTokenPrice->mapToGlobal(QPointF(20, 20)));
    QCoreApplication::sendEvent(smallTokenPrice, &enter);
    QApplication::setActiveWindow(&window); // back from the dialog
    QVERIFY(QTest::qWaitForWindowActive(&window));
    Seen hovered;
    inspect(hovered, QStringLiteral("power"));
    QTest::keyClick(&window, Qt::Key_E, Qt::ControlModifier);
    QVERIFY(hovered.opened);
    QCOMPARE(hovered.initial, QStringLiteral("token_price"));

    // ... and the chart picked instead (on a hidden tab) is the one written, its caption naming it.
    ChartPanel *power = window.chart(QStringLiteral("power"));
    QVERIFY(power);
    QVERIFY(!power->isVisible());
    const QByteArray svg = readAll(path);
    QVERIFY2(!svg.isEmpty(), "nothing written");
    QVERIFY(svg.contains(QStringLiteral("<title>%1</title>").arg(power->title()).toUtf8()));
    QVERIFY(!svg.contains(QStringLiteral("<title>%1</title>")
                              .arg(window.chart(QStringLiteral("token_price"))->title())
                              .toUtf8()));
    QVERIFY(svg.contains(QByteArrayLiteral("Power drawn")));
}

QTEST_MAIN(tst_Export)
#include "tst_export.moc"
