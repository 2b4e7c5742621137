// Autosave and crash recovery without a window: a change is saved once the (injected) delay passes, what
// is written reads back equal, a session that did not end cleanly offers its autosave at the next start, a
// clean one does not, a corrupt autosave is reported, and a second instance never takes over the folder.
#include "jevons/session/autosave.h"
#include "jevons/session/scenario_document.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLockFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <string_view>

using namespace jevons;
using namespace jevons::ui;

namespace {
constexpr int ShortDelay = 20; // ms: the debounce under test, not the 2 s of the window

/// A scenario that uses what a file can hold beyond the values: name, notes, intervals, a correlation.
Scenario richScenario()
{
    Scenario s;
    s.name = "Autosave test";
    s.notes = "two uncertain inputs, one correlation";
    s.setValue(Param::PriceElasticity, 1.4);
    s.intervals[int(Param::AlgorithmicGain)] = Interval{1.5, 3.0, IntervalScale::Log};
    s.intervals[int(Param::PriceElasticity)] = Interval{0.9, 1.9, IntervalScale::Linear};
    s.correlations.push_back(RankCorrelation{Param::AlgorithmicGain, Param::PriceElasticity, -0.4});
    return s;
}

std::optional<Scenario> readScenario(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray json = file.readAll();
    try {
        return parseScenario(std::string_view(json.constData(), std::size_t(json.size())), "test");
    } catch (const ScenarioError &) {
        return std::nullopt;
    }
}

/// What a killed session leaves behind: its session.lock, naming a process that no longer runs (a child
/// that has exited), in the format QLockFile writes.
bool leaveStaleLock(const QString &dir)
{
    QProcess gone;
    gone.start(QCoreApplication::applicationFilePath(), {QStringLiteral("-help")});
    if (!gone.waitForStarted())
        return false;
    const qint64 pid = gone.processId();
    if (!gone.waitForFinished())
        return false;
    QByteArray contents;
    {
        QLockFile probe(QDir(dir).filePath(QStringLiteral("probe.lock")));
        if (!probe.tryLock(0))
            return false;
        QFile file(QDir(dir).filePath(QStringLiteral("probe.lock")));
        if (!file.open(QIODevice::ReadOnly))
            return false;
        contents = file.readAll();
    }
    const qsizetype eol = contents.indexOf('\n');
    if (eol < 0)
        return false;
    contents = QByteArray::number(pid) + contents.mid(eol);
    QFile lock(QDir(dir).filePath(QStringLiteral("session.lock")));
    return lock.open(QIODevice::WriteOnly) && lock.write(contents) == contents.size();
}
} // namespace

class tst_Autosave : public QObject {
    Q_OBJECT
private slots:
    void init() { m_dir = std::make_unique<QTemporaryDir>(); }
    void savesOnceTheDelayAfterTheLastChangePasses();
    void writtenScenarioReadsBackEqual();
    void uncleanShutdownOffersRecovery();
    void acceptedRecoveryIsNotWrittenAgainDeclinedIsRemoved();
    void autosaveEqualToTheDocumentIsNotOffered();
    void cleanShutdownOffersNothing();
    void discardRemovesTheAutosave();
    void corruptAutosaveIsReported();
    void secondInstanceDoesNotAutosave();

private:
    QString dataDir() const { return m_dir->filePath(QStringLiteral("data")); }
    QString autosaveFile() const { return m_dir->filePath(QStringLiteral("data/autosave.json")); }
    /// A session with `scenario` autosaved, then "killed": the lock stays behind.
    bool crashedSession(const Scenario &scenario);
    std::unique_ptr<QTemporaryDir> m_dir;
};

bool tst_Autosave::crashedSession(const Scenario &scenario)
{
    {
        ScenarioDocument doc;
        doc.load(scenario, QString());
        Autosave autosave(&doc, dataDir());
        if (!autosave.start() || !autosave.saveNow())
            return false;
    } // destroyed without end(): the lock goes with the object, so it is put back as a killed process leaves
      // it
    return leaveStaleLock(dataDir());
}

void tst_Autosave::savesOnceTheDelayAfterTheLastChangePasses()
{
    ScenarioDocument doc;
    Autosave autosave(&doc, dataDir());
    autosave.setDelay(ShortDelay);
    QCOMPARE(autosave.delay(), ShortDelay);
    QVERIFY(autosave.start());
    QCOMPARE(autosave.path(), autosaveFile());
    QSignalSpy saved(&autosave, &Autosave::saved);
    for (double v : {1.1, 1.2, 1.3})
        doc.setValue(Param::PriceElasticity, v, true);
    QVERIFY(autosave.isPending());
    QVERIFY(!QFile::exists(autosaveFile())); // not on every change ...
    QTRY_COMPARE(saved.count(), 1);          // ... once they pause, and once for all of them
    QCOMPARE(saved.at(0).at(0).toString(), autosaveFile());
    QVERIFY(!autosave.isPending());
    const std::optional<Scenario> onDisk = readScenario(autosaveFile());
    QVERIFY(onDisk);
    QCOMPARE((*onDisk)[Param::PriceElasticity], 1.3);
    // A whole new scenario counts as a change too.
    doc.load(richScenario(), QString());
    QVERIFY(autosave.isPending());
    QTRY_COMPARE(saved.count(), 2);
    QVERIFY(readScenario(autosaveFile()) == doc.scenario());
    // Nothing changed: nothing written.
    QVERIFY(autosave.saveNow());
    QCOMPARE(saved.count(), 2);
}

void tst_Autosave::writtenScenarioReadsBackEqual()
{
    ScenarioDocument doc;
    const Scenario scenario = richScenario();
    doc.load(scenario, QString());
    Autosave autosave(&doc, dataDir());
    QVERIFY(autosave.start());
    QVERIFY(autosave.saveNow());
    const std::optional<Scenario> onDisk = readScenario(autosaveFile());
    QVERIFY(onDisk);
    QVERIFY(*onDisk == scenario);
    QCOMPARE(onDisk->intervals[int(Param::AlgorithmicGain)], scenario.intervals[int(Param::AlgorithmicGain)]);
    QCOMPARE(onDisk->correlation(Param::PriceElasticity, Param::AlgorithmicGain), -0.4);
}

void tst_Autosave::uncleanShutdownOffersRecovery()
{
    const Scenario scenario = richScenario();
    QVERIFY(crashedSession(scenario));
    ScenarioDocument doc; // the next start holds the Base case
    Autosave autosave(&doc, dataDir());
    QVERIFY(autosave.start());
    const Autosave::Recovery &found = autosave.recovery();
    QCOMPARE(found.status, Autosave::Recovery::Status::Offer);
    QVERIFY(found.scenario == scenario); // intervals and correlations included
    QVERIFY(found.savedAt.isValid());
    QVERIFY(qAbs(found.savedAt.secsTo(QDateTime::currentDateTime())) < 120);
    QVERIFY(found.error.isEmpty());
}

void tst_Autosave::acceptedRecoveryIsNotWrittenAgainDeclinedIsRemoved()
{
    QVERIFY(crashedSession(richScenario()));
    {
        ScenarioDocument doc;
        Autosave autosave(&doc, dataDir());
        QVERIFY(autosave.start());
        QCOMPARE(autosave.recovery().status, Autosave::Recovery::Status::Offer);
        QSignalSpy saved(&autosave, &Autosave::saved);
        doc.restore(autosave.recovery().scenario, QString(), true);
        autosave.acceptRecovery();
        QVERIFY(autosave.saveNow());
        QCOMPARE(saved.count(), 0); // already on disk
        QVERIFY(QFile::exists(autosaveFile()));
    } // "killed" again
    QVERIFY(leaveStaleLock(dataDir()));
    ScenarioDocument doc;
    Autosave autosave(&doc, dataDir());
    QVERIFY(autosave.start());
    QCOMPARE(autosave.recovery().status, Autosave::Recovery::Status::Offer);
    autosave.declineRecovery();
    QVERIFY(!QFile::exists(autosaveFile())); // not offered after the next crash
}

void tst_Autosave::autosaveEqualToTheDocumentIsNotOffered()
{
    const Scenario scenario = richScenario();
    QVERIFY(crashedSession(scenario));
    ScenarioDocument doc;
    doc.restore(scenario, QString(), true); // what the settings bring back already
    Autosave autosave(&doc, dataDir());
    QSignalSpy saved(&autosave, &Autosave::saved);
    QVERIFY(autosave.start());
    QCOMPARE(autosave.recovery().status, Autosave::Recovery::Status::SameAsCurrent);
    QVERIFY(autosave.saveNow());
    QCOMPARE(saved.count(), 0);
}

void tst_Autosave::cleanShutdownOffersNothing()
{
    {
        ScenarioDocument doc;
        Autosave autosave(&doc, dataDir());
        QVERIFY(autosave.start());
        doc.setValue(Param::PriceElasticity, 1.7);
        QVERIFY(autosave.isPending());
        autosave.end(false); // the final save does not wait for the delay
        QVERIFY(!autosave.isActive());
        QVERIFY(autosave.path().isEmpty());
        QVERIFY(!QFile::exists(QDir(dataDir()).filePath(QStringLiteral("session.lock"))));
    }
    const std::optional<Scenario> onDisk = readScenario(autosaveFile());
    QVERIFY(onDisk);
    QCOMPARE((*onDisk)[Param::PriceElasticity], 1.7);
    ScenarioDocument doc;
    Autosave autosave(&doc, dataDir());
    QVERIFY(autosave.start());
    QCOMPARE(autosave.recovery().status, Autosave::Recovery::Status::None);
}

void tst_Autosave::discardRemovesTheAutosave()
{
    ScenarioDocument doc;
    Autosave autosave(&doc, dataDir());
    QVERIFY(autosave.start());
    doc.setValue(Param::PriceElasticity, 1.7);
    QVERIFY(autosave.saveNow());
    QVERIFY(QFile::exists(autosaveFile()));
    autosave.end(true);
    QVERIFY(!QFile::exists(autosaveFile()));
    QVERIFY(!autosave.isActive());
}

void tst_Autosave::corruptAutosaveIsReported()
{
    QVERIFY(QDir().mkpath(dataDir()));
    {
        QFile file(autosaveFile());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"name\": \"half a file\", \"values\": {");
    }
    QVERIFY(leaveStaleLock(dataDir()));
    ScenarioDocument doc;
    Autosave autosave(&doc, dataDir());
    QSignalSpy failed(&autosave, &Autosave::saveFailed);
    QVERIFY(autosave.start());
    QCOMPARE(autosave.recovery().status, Autosave::Recovery::Status::Unreadable);
    QVERIFY(!autosave.recovery().error.isEmpty());
    autosave.declineRecovery(); // nothing was offered: the file stays for whoever wants to look at it
    QVERIFY(QFile::exists(autosaveFile()));
    // The session goes on: the next save replaces the corrupt file.
    doc.setValue(Param::PriceElasticity, 1.6);
    QVERIFY(autosave.saveNow());
    QCOMPARE(failed.count(), 0);
    QVERIFY(readScenario(autosaveFile()) == doc.scenario());
}

void tst_Autosave::secondInstanceDoesNotAutosave()
{
    ScenarioDocument doc;
    Autosave first(&doc, dataDir());
    QVERIFY(first.start());
    Autosave second(&doc, dataDir());
    QVERIFY(!second.start());
    QVERIFY(!second.isActive());
    QVERIFY(second.path().isEmpty());
    QVERIFY(!second.saveNow());
    doc.setValue(Param::PriceElasticity, 1.7);
    QVERIFY(!second.isPending());
    QVERIFY(first.isPending());
    QVERIFY(first.saveNow());
}

QTEST_GUILESS_MAIN(tst_Autosave)
#include "tst_autosave.moc"
