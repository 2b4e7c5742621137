// Every file path under the locale CTest gives it (de_DE.UTF-8 or fr_FR.UTF-8, both with a decimal comma):
// QApplication sets the C library's locale from the environment, so a reader or writer that used strtod or
// printf would read "0.3" as 0 and write "0,3". Files must stay the C locale's; the window must show the
// user's locale.
#include "jevons/charts/chart_panel.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/engine/scenario.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/window/scenario_panel.h"

#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QLineEdit>
#include <QLocale>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "run_jevons.h"

#include <clocale>
#include <memory>
#include <string>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr int RunTimeoutMs = 60'000;

/// `jevons ARGS` with the C library's and Qt's locale set by LC_ALL (the test's own environment otherwise).
testing::JevonsRun runWithLocale(const QStringList &args, const QString &lcAll)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    if (!lcAll.isEmpty()) {
        env.insert(QStringLiteral("LC_ALL"), lcAll);
        env.insert(QStringLiteral("LANG"), lcAll);
    }
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(JEVONS_BINARY), args);
    if (!process.waitForFinished(120'000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

QString sourcePath(const QString &relative)
{
    return QDir(qEnvironmentVariable("JEVONS_SOURCE_DIR")).filePath(relative);
}

QStringList presetFiles()
{
    return QDir(sourcePath(QStringLiteral("resources/scenarios")))
        .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}
} // namespace

class tst_Locale : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanup();
    void presetsLoad_data();
    void presetsLoad();
    void windowLoadsEveryPreset();
    void simulateOutputIsTheCLocales_data();
    void simulateOutputIsTheCLocales();
    void savedScenarioReadsBack();
    void autosaveReadsBack();
    void windowShowsTheUsersNumbers();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void tst_Locale::initTestCase()
{
    // The test means nothing unless the C library really writes a decimal comma here (QApplication called
    // setlocale(LC_ALL, "") from LC_ALL): locale_setup generates the locales into LOCPATH.
    QVERIFY2(
        std::string(std::localeconv()->decimal_point) == ",",
        qPrintable(QStringLiteral("the C library's locale is not a decimal-comma one: LC_ALL=%1 LOCPATH=%2")
                       .arg(qEnvironmentVariable("LC_ALL"), qEnvironmentVariable("LOCPATH"))));
    QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));
    QStandardPaths::setTestModeEnabled(true);
}

void tst_Locale::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir->filePath(QStringLiteral("config")));
    MainWindow::Options options;
    options.persistSettings = true; // for the autosave
    options.interactive = false;
    options.dataDirectory = m_dir->filePath(QStringLiteral("data"));
    m_window = std::make_unique<MainWindow>(options);
    SimulationSettings settings = m_window->scenarioPanel()->runSettings();
    settings.paths = 10'000;
    settings.backend = Backend::Cpu;
    m_window->scenarioPanel()->setRunSettings(settings);
    m_window->resize(1280, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void tst_Locale::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

void tst_Locale::presetsLoad_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = presetFiles();
    QVERIFY(files.size() >= 6);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << file;
}

void tst_Locale::presetsLoad()
{
    QFETCH(QString, file);
    const QString path = QStringLiteral(":/scenarios/") + file;
    QFile resource(path);
    QVERIFY(resource.open(QIODevice::ReadOnly));
    const QByteArray json = resource.readAll();
    Scenario here;
    try {
        here =
            parseScenario(std::string_view(json.constData(), std::size_t(json.size())), file.toStdString());
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
    const std::string written = scenarioToJson(here);
    QVERIFY(QByteArray::fromStdString(written).contains('.'));
    // The same file read and written in the C locale gives the same scenario and the same bytes.
    const std::string previous = std::setlocale(LC_ALL, nullptr);
    std::setlocale(LC_ALL, "C");
    Scenario inC;
    std::string writtenInC;
    try {
        inC = parseScenario(std::string_view(json.constData(), std::size_t(json.size())), file.toStdString());
        writtenInC = scenarioToJson(inC);
    } catch (...) {
    }
    std::setlocale(LC_ALL, previous.c_str());
    QVERIFY(here == inC);
    QCOMPARE(QByteArray::fromStdString(written), QByteArray::fromStdString(writtenInC));
}

void tst_Locale::windowLoadsEveryPreset()
{
    const QList<Preset> &presets = m_window->scenarioPanel()->presets();
    QCOMPARE(presets.size(), presetFiles().size());
    for (int i = 0; i < presets.size(); ++i) {
        m_window->loadPreset(i);
        QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
        QCOMPARE(m_window->scenarioPanel()->presetBox()->currentIndex(), i);
        QCOMPARE(QString::fromStdString(m_window->document()->scenario().name), presets[i].name);
    }
}

void tst_Locale::simulateOutputIsTheCLocales_data()
{
    QTest::addColumn<QStringList>("args");
    const QStringList common = {QStringLiteral("--paths"),   QStringLiteral("3000"),
                                QStringLiteral("--seed"),    QStringLiteral("7"),
                                QStringLiteral("--backend"), QStringLiteral("cpu"),
                                QStringLiteral("--threads"), QStringLiteral("1")};
    const QString preset = sourcePath(QStringLiteral("resources/scenarios/05_taiwan_disruption.json"));
    QTest::newRow("csv") << (QStringList{QStringLiteral("simulate"), QStringLiteral("--format"),
                                         QStringLiteral("csv")} +
                             common);
    QTest::newRow("json") << (QStringList{QStringLiteral("simulate"), QStringLiteral("--format"),
                                          QStringLiteral("json")} +
                              common);
    QTest::newRow("json preset") << (QStringList{QStringLiteral("simulate"), QStringLiteral("--format"),
                                                 QStringLiteral("json"), QStringLiteral("--scenario"),
                                                 preset} +
                                     common);
    QTest::newRow("csv preset") << (QStringList{QStringLiteral("simulate"), QStringLiteral("--format"),
                                                QStringLiteral("csv"), QStringLiteral("--scenario"), preset} +
                                    common);
}

void tst_Locale::simulateOutputIsTheCLocales()
{
    QFETCH(QStringList, args);
    const testing::JevonsRun here = runWithLocale(args, QString());
    QVERIFY2(here.exitCode == 0, here.err.constData());
    const testing::JevonsRun inC = runWithLocale(args, QStringLiteral("C"));
    QVERIFY2(inC.exitCode == 0, inC.err.constData());
    QVERIFY(!here.out.isEmpty());
    QCOMPARE(here.out, inC.out);
    if (args.contains(QStringLiteral("json"))) {
        QJsonParseError error{};
        QJsonDocument::fromJson(here.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    } else {
        // Every row has the header's number of fields: no "0,25" splitting a value in two.
        const QList<QByteArray> lines = here.out.trimmed().split('\n');
        QVERIFY(lines.size() > 10);
        const auto fields = lines.front().count(',');
        for (const QByteArray &line : lines)
            QCOMPARE(line.count(','), fields);
    }
}

void tst_Locale::savedScenarioReadsBack()
{
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.35);
    QCOMPARE(m_window->document()->value(Param::PriceElasticity), 1.35);
    const QString path = m_dir->filePath(QStringLiteral("saved.json"));
    QVERIFY(m_window->saveScenarioFile(path));
    const QByteArray json = testing::readFile(path);
    QVERIFY(json.contains("1.35"));
    QVERIFY(!json.contains("1,35"));
    const Scenario saved = m_window->document()->scenario();
    m_window->loadPreset(1);
    QVERIFY(m_window->openScenarioFile(path));
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    // The file also records the run (paths and seed) that made its numbers; the economics are the same.
    Scenario opened = m_window->document()->scenario();
    QVERIFY(opened.run.has_value());
    opened.run.reset();
    Scenario expected = saved;
    expected.run.reset();
    QVERIFY(opened == expected);
}

void tst_Locale::autosaveReadsBack()
{
    m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(1.45);
    const QString path = m_window->autosavePath();
    QVERIFY(!path.isEmpty());
    QVERIFY(m_window->autosaveNow());
    const QByteArray json = testing::readFile(path);
    QVERIFY(json.contains("1.45"));
    Scenario back;
    try {
        back = loadScenarioFile(path.toStdString());
    } catch (const std::exception &e) {
        QFAIL(e.what());
    }
    QVERIFY(back == m_window->document()->scenario());
}

void tst_Locale::windowShowsTheUsersNumbers()
{
    const QLocale locale;
    QVERIFY(QTest::qWaitFor([this] { return m_window->displayedResult() && !m_window->runner()->isBusy(); },
                            RunTimeoutMs));
    auto *tiles = static_cast<HeadlineTiles *>(m_window->chart(QStringLiteral("headline")));
    // "2,53" and "$2,13/h": a decimal comma, no English point (a probability prints as many digits as
    // its Monte Carlo error allows, so it may have none).
    const QString ratio = tiles->tileText(QStringLiteral("demand_supply_ratio"));
    QVERIFY2(ratio.contains(QLatin1Char(',')) && !ratio.contains(QLatin1Char('.')), qPrintable(ratio));
    const QString probability = tiles->tileText(QStringLiteral("power_constrained_probability"));
    QVERIFY2(!probability.contains(QLatin1Char('.')), qPrintable(probability));
    const QString price = tiles->tileText(QStringLiteral("gpu_hour_price_usd"));
    QVERIFY2(!price.contains(QLatin1Char('.')), qPrintable(price));

    // The spin boxes show and take the decimal comma.
    QDoubleSpinBox *spin = m_window->scenarioPanel()->control(Param::PriceElasticity)->spinBox();
    spin->setValue(1.25);
    QCOMPARE(spin->cleanText(), QStringLiteral("1,25"));
    auto *edit = spin->findChild<QLineEdit *>();
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClicks(edit, QStringLiteral("1,75"));
    QTest::keyClick(edit, Qt::Key_Return);
    QCOMPARE(spin->value(), 1.75);
    QCOMPARE(m_window->document()->value(Param::PriceElasticity), 1.75);

    // Paths in the user's digit grouping; chart axes localised.
    QLocale grouped = locale;
    grouped.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    bool foundPaths = false;
    for (QComboBox *box : m_window->scenarioPanel()->findChildren<QComboBox *>())
        if (box->findData(qulonglong(100'000)) >= 0) {
            QCOMPARE(box->itemText(box->findData(qulonglong(100'000))), grouped.toString(100'000));
            foundPaths = true;
        }
    QVERIFY(foundPaths);
    for (ChartPanel *panel : m_window->allCharts())
        if (QChart *chart = panel->chart()) {
            QVERIFY2(chart->localizeNumbers(), qPrintable(panel->chartId()));
            QCOMPARE(chart->locale(), locale);
        }
}

QTEST_MAIN(tst_Locale)
#include "tst_locale.moc"
