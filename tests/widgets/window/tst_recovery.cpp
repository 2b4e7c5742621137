// No lost work: the scenario is autosaved, a killed session offers it back at the next start, a clean quit
// leaves nothing to offer, and a second window never takes over the first one's autosave.
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"

#include <QApplication>
#include <QDateTime>
#include <QDoubleSpinBox>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr char ChildVariable[] = "JEVONS_RECOVERY_CHILD"; // set: this process is the session to be killed
constexpr double EditedElasticity = 2.25;

/// QSettings and the data folder of one simulated user, shared by the test and its child process.
MainWindow::Options useProfile(const QString &dir)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir + QStringLiteral("/config"));
    QSettings::setDefaultFormat(QSettings::NativeFormat);
    QCoreApplication::setOrganizationName(QStringLiteral("JevonsRecoveryTest"));
    MainWindow::Options options;
    options.interactive = false;
    options.runOnStart = false;
    options.dataDirectory = dir + QStringLiteral("/data");
    return options;
}

bool autosaveHolds(const QString &path, double elasticity)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray json = file.readAll();
    try {
        return parseScenario(std::string_view(json.constData(), std::size_t(json.size())),
                             "autosave")[Param::PriceElasticity] == elasticity;
    } catch (const ScenarioError &) {
        return false;
    }
}

/// The child: edits the scenario, waits for the debounced autosave, then is killed (no close, no exit).
int runSessionThenDie()
{
    MainWindow window(useProfile(qEnvironmentVariable(ChildVariable)));
    SimulationSettings settings = window.scenarioPanel()->runSettings();
    settings.paths = 1'000;
    settings.backend = Backend::Cpu;
    window.scenarioPanel()->setRunSettings(settings);
    window.scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(EditedElasticity);
    if (!QTest::qWaitFor([&] { return autosaveHolds(window.autosavePath(), EditedElasticity); }, 30'000))
        return 3;
    std::raise(SIGKILL);
    return 4;
}
} // namespace

class tst_Recovery : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void killedSessionIsOfferedBack();
    void declinedRestoreDiscardsTheAutosave();
    void autosaveIsDebouncedAndCleanQuitAsksNothing();
    void secondWindowDoesNotTakeOver();
    void quitAsksAndDiscardIsGone_data();
    void quitAsksAndDiscardIsGone();

private:
    /// Runs a session in a child process that edits the scenario and is killed after its autosave.
    bool killSession();
    QString dataPath(const QString &name) const { return m_dir->filePath(QStringLiteral("data/") + name); }

    std::unique_ptr<QTemporaryDir> m_dir;
    MainWindow::Options m_options;
    int m_asked = 0;
    QDateTime m_askedAbout;
    bool m_answer = true;
};

void tst_Recovery::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_options = useProfile(m_dir->path());
    m_asked = 0;
    m_askedAbout = QDateTime();
    m_answer = true;
    MainWindow::setRestorePromptForTesting([this](const QDateTime &savedAt) {
        ++m_asked;
        m_askedAbout = savedAt;
        return m_answer;
    });
}

void tst_Recovery::cleanup()
{
    MainWindow::setRestorePromptForTesting({});
    MainWindow::setUnsavedPromptForTesting({});
    qunsetenv("JEVONS_RESTORE_ANSWER");
    m_dir.reset();
    QCoreApplication::setOrganizationName(QString());
}

bool tst_Recovery::killSession()
{
#ifndef Q_OS_UNIX
    return false;
#else
    QProcess child;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QString::fromLatin1(ChildVariable), m_dir->path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    child.setProcessEnvironment(env);
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), {});
    if (!child.waitForFinished(120'000)) {
        child.kill();
        child.waitForFinished();
        return false;
    }
    // Killed, as by the OOM killer or a power cut: its lock and autosave stay behind.
    return child.exitStatus() == QProcess::CrashExit &&
           QFile::exists(dataPath(QStringLiteral("session.lock"))) &&
           autosaveHolds(dataPath(QStringLiteral("autosave.json")), EditedElasticity);
#endif
}

void tst_Recovery::killedSessionIsOfferedBack()
{
    if (!killSession())
        QFAIL("the child session did not autosave and die");
    const QDateTime killedAt = QDateTime::currentDateTime();
    {
        MainWindow window(m_options);
        QCOMPARE(m_asked, 1);
        QVERIFY(qAbs(m_askedAbout.secsTo(killedAt)) < 120); // the autosave's time is in the question
        QCOMPARE(window.document()->value(Param::PriceElasticity), EditedElasticity);
        QCOMPARE(window.scenarioPanel()->control(Param::PriceElasticity)->value(), EditedElasticity);
        // Restored as unsaved work, tied to no file: Save asks where.
        QVERIFY(window.document()->isModified());
        QVERIFY(window.document()->filePath().isEmpty());
        QVERIFY(window.statusBar()->currentMessage().startsWith(QLatin1String("Restored")));
        QVERIFY(window.close()); // a clean quit
        QVERIFY(!QFile::exists(dataPath(QStringLiteral("session.lock"))));
    }
    // Nothing to offer after a clean quit; the settings bring the scenario back as it was left.
    MainWindow again(m_options);
    QCOMPARE(m_asked, 1);
    QCOMPARE(again.document()->value(Param::PriceElasticity), EditedElasticity);
}

void tst_Recovery::declinedRestoreDiscardsTheAutosave()
{
    if (!killSession())
        QFAIL("the child session did not autosave and die");
    qputenv("JEVONS_RESTORE_ANSWER", "no"); // the environment answers before the hook
    {
        MainWindow window(m_options);
        QCOMPARE(m_asked, 0);
        QCOMPARE(window.document()->value(Param::PriceElasticity), Scenario()[Param::PriceElasticity]);
        QVERIFY(!QFile::exists(dataPath(QStringLiteral("autosave.json"))));
    }
    // Declined once, not offered again.
    QVERIFY(!QFile::exists(dataPath(QStringLiteral("session.lock"))));
    qunsetenv("JEVONS_RESTORE_ANSWER");
    MainWindow again(m_options);
    QCOMPARE(m_asked, 0);
}

void tst_Recovery::autosaveIsDebouncedAndCleanQuitAsksNothing()
{
    const QString autosave = dataPath(QStringLiteral("autosave.json"));
    {
        MainWindow window(m_options);
        QCOMPARE(window.autosavePath(), autosave);
        QVERIFY(QFile::exists(dataPath(QStringLiteral("session.lock"))));
        ParameterControl *control = window.scenarioPanel()->control(Param::PriceElasticity);
        control->spinBox()->setValue(1.7);
        control->spinBox()->setValue(1.8);
        QVERIFY(!autosaveHolds(autosave, 1.8)); // not on every change ...
        QTRY_VERIFY_WITH_TIMEOUT(autosaveHolds(autosave, 1.8),
                                 MainWindow::AutosaveMilliseconds * 5); // ... once they pause
        control->spinBox()->setValue(1.9);
        QVERIFY(window.close()); // and on quit
        QVERIFY(autosaveHolds(autosave, 1.9));
    }
    QVERIFY(!QFile::exists(dataPath(QStringLiteral("session.lock"))));
    MainWindow again(m_options);
    QCOMPARE(m_asked, 0);
    QCOMPARE(again.document()->value(Param::PriceElasticity), 1.9);
}

void tst_Recovery::secondWindowDoesNotTakeOver()
{
    MainWindow first(m_options);
    QVERIFY(!first.autosavePath().isEmpty());
    MainWindow second(m_options); // the first one still runs: its lock is not stale
    QCOMPARE(m_asked, 0);
    QVERIFY(second.autosavePath().isEmpty());
    QVERIFY(!second.autosaveNow());
    QVERIFY(first.autosaveNow());
    QVERIFY(QFile::exists(dataPath(QStringLiteral("session.lock"))));
}

void tst_Recovery::quitAsksAndDiscardIsGone_data()
{
    QTest::addColumn<bool>("quitAction"); // Ctrl+Q's action, or the window's close button (close())
    QTest::addColumn<bool>("fromFile");   // an opened file, or the Base case preset
    QTest::addColumn<int>("answer");
    using A = MainWindow::UnsavedAnswer;
    for (const bool quitAction : {false, true}) {
        const char *how = quitAction ? "Ctrl+Q" : "close button";
        for (const bool fromFile : {false, true}) {
            const char *what = fromFile ? "file" : "preset";
            QTest::addRow("%s, %s, discard", how, what) << quitAction << fromFile << int(A::Discard);
            QTest::addRow("%s, %s, cancel", how, what) << quitAction << fromFile << int(A::Cancel);
        }
    }
}

void tst_Recovery::quitAsksAndDiscardIsGone()
{
    QFETCH(bool, quitAction);
    QFETCH(bool, fromFile);
    QFETCH(int, answer);
    const auto expected = static_cast<MainWindow::UnsavedAnswer>(answer);
    int asked = 0;
    MainWindow::setUnsavedPromptForTesting([&](const QString &) {
        ++asked;
        return expected;
    });
    const double original = Scenario()[Param::PriceElasticity];
    const QString file = m_dir->filePath(QStringLiteral("mine.json"));
    {
        MainWindow window(m_options);
        window.show();
        if (fromFile) {
            QVERIFY(window.saveScenarioFile(file));
            QCOMPARE(window.document()->filePath(), file);
        }
        QVERIFY(!window.document()->isModified());
        window.scenarioPanel()->control(Param::PriceElasticity)->spinBox()->setValue(EditedElasticity);
        QVERIFY(window.document()->isModified());
        QVERIFY(window.autosaveNow()); // the change is on disk before the question
        if (quitAction)
            window.quitAction()->trigger();
        else
            window.close();
        QCOMPARE(asked, 1);
        if (expected == MainWindow::UnsavedAnswer::Cancel) {
            QVERIFY(window.isVisible()); // still running, with the change
            QCOMPARE(window.document()->value(Param::PriceElasticity), EditedElasticity);
            MainWindow::setUnsavedPromptForTesting(
                [](const QString &) { return MainWindow::UnsavedAnswer::Discard; });
            QVERIFY(window.close());
        } else {
            QVERIFY(!window.isVisible());
        }
    }
    QVERIFY(!QFile::exists(dataPath(QStringLiteral("session.lock"))));
    QVERIFY(!QFile::exists(dataPath(QStringLiteral("autosave.json"))));
    // The next start: neither the settings nor the autosave bring the discarded change back.
    MainWindow::setUnsavedPromptForTesting({});
    MainWindow again(m_options);
    QCOMPARE(m_asked, 0);
    QCOMPARE(again.document()->value(Param::PriceElasticity), original);
    QVERIFY(!again.document()->isModified());
    QCOMPARE(again.document()->filePath(), fromFile ? file : QString());
}

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    if (qEnvironmentVariableIsSet(ChildVariable))
        return runSessionThenDie();
    tst_Recovery test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_recovery.moc"
