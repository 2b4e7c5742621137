// Files opened the desktop's usual ways: openPath (the command line), drag and drop of a scenario or a data
// CSV onto the window, and File > Open Recent (newest first, at most eight, missing files dropped with a
// notice).
#include "jevons/market/data_store.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/main_window.h"

#include "quiet_window.h"

#include <QDir>
#include <QDropEvent>
#include <QFile>
#include <QMenu>
#include <QMimeData>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

namespace {
QString copyOf(const QString &from, const QString &to)
{
    QFile::remove(to);
    return QFile::copy(from, to) ? to : QString();
}

/// Drags `files` over the window and drops them, as a file manager would; returns whether it was taken.
bool dropFiles(QWidget *window, const QStringList &files)
{
    QMimeData mime;
    QList<QUrl> urls;
    for (const QString &file : files)
        urls << QUrl::fromLocalFile(file);
    mime.setUrls(urls);
    const QPointF at(window->width() / 2.0, window->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &enter);
    if (!enter.isAccepted())
        return false;
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QCoreApplication::sendEvent(window, &drop);
    return drop.isAccepted();
}

void keepScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + QStringLiteral(".png")));
}
} // namespace

class tst_OpenFiles : public QObject {
    Q_OBJECT
private slots:
    void init();
    void cleanup();
    void openPathOpensAScenario();
    void badFileSaysSoAndKeepsTheScenario();
    void dropScenarioOpensIt();
    void dropDataFileImportsIt();
    void dropOfOtherFilesIsRefused();
    void recentKeepsEightNewestFirst();
    void missingRecentFileIsRemovedWithANotice();

private:
    QString source(const QString &relative) const
    {
        return QDir(qEnvironmentVariable("JEVONS_SOURCE_DIR")).filePath(relative);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MainWindow> m_window;
};

void tst_OpenFiles::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_window = testing::openQuietWindow(m_dir->filePath(QStringLiteral("data")));
    QVERIFY(m_window);
}

void tst_OpenFiles::cleanup()
{
    m_window.reset();
    m_dir.reset();
}

void tst_OpenFiles::openPathOpensAScenario()
{
    const QString file = copyOf(source(QStringLiteral("resources/scenarios/05_taiwan_disruption.json")),
                                m_dir->filePath(QStringLiteral("taiwan.json")));
    QVERIFY(m_window->openPath(file));
    QCOMPARE(m_window->document()->filePath(), file);
    QCOMPARE(QString::fromStdString(m_window->document()->scenario().name),
             QStringLiteral("Taiwan disruption"));
    QCOMPARE(m_window->recentFiles(), QStringList{file});
}

void tst_OpenFiles::badFileSaysSoAndKeepsTheScenario()
{
    const QString file = m_dir->filePath(QStringLiteral("broken.json"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("{\"name\": \"x\", \"horizon_years\": ");
    out.close();
    const Scenario before = m_window->document()->scenario();
    QVERIFY(!m_window->openPath(file));
    QVERIFY2(m_window->lastError().contains(QLatin1String("broken.json")), qPrintable(m_window->lastError()));
    QVERIFY(m_window->document()->scenario() == before);
    QVERIFY(m_window->isVisible());
    QVERIFY(m_window->recentFiles().isEmpty());
}

void tst_OpenFiles::dropScenarioOpensIt()
{
    const QString file = copyOf(source(QStringLiteral("resources/scenarios/07_power_crunch.json")),
                                m_dir->filePath(QStringLiteral("power.json")));
    QVERIFY(dropFiles(m_window.get(), {file}));
    QCOMPARE(m_window->document()->filePath(), file);
    QVERIFY(m_window->windowTitle().contains(QLatin1String("power.json")));
    QVERIFY(m_window->lastError().isEmpty());
    keepScreenshot(m_window.get(), QStringLiteral("drop_scenario"));
}

void tst_OpenFiles::dropDataFileImportsIt()
{
    const QString file = copyOf(source(QStringLiteral("resources/data/accelerator_shipments.csv")),
                                m_dir->filePath(QStringLiteral("accelerator_shipments.csv")));
    const Scenario before = m_window->document()->scenario();
    QVERIFY(dropFiles(m_window.get(), {file}));
    QVERIFY2(m_window->lastError().isEmpty(), qPrintable(m_window->lastError()));
    QVERIFY(!m_window->dataStore()->imports().isEmpty());
    QVERIFY(m_window->document()->scenario() == before); // a data file is no scenario
    QCOMPARE(m_window->recentFiles(), QStringList{file});
}

void tst_OpenFiles::dropOfOtherFilesIsRefused()
{
    const QString file = m_dir->filePath(QStringLiteral("notes.txt"));
    QFile out(file);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("hello");
    out.close();
    QVERIFY(!dropFiles(m_window.get(), {file}));
    QVERIFY(m_window->document()->filePath().isEmpty());
}

void tst_OpenFiles::recentKeepsEightNewestFirst()
{
    const QString preset = source(QStringLiteral("resources/scenarios/02_jevons_boom.json"));
    QStringList opened;
    for (int i = 0; i < MainWindow::MaxRecentFiles + 2; ++i) {
        opened.prepend(copyOf(preset, m_dir->filePath(QStringLiteral("s%1.json").arg(i))));
        QVERIFY(m_window->openScenarioFile(opened.front()));
    }
    QVERIFY(m_window->openScenarioFile(opened[3])); // again: moves to the top, no duplicate
    opened.move(3, 0);
    QCOMPARE(m_window->recentFiles(), opened.mid(0, MainWindow::MaxRecentFiles));
    QStringList menu;
    for (QAction *action : m_window->recentMenu()->actions())
        if (action->data().isValid())
            menu << action->data().toString();
    QCOMPARE(menu, m_window->recentFiles());

    // Choosing one opens it.
    m_window->recentMenu()->actions().at(2)->trigger();
    QCOMPARE(m_window->document()->filePath(), opened[2]);
}

void tst_OpenFiles::missingRecentFileIsRemovedWithANotice()
{
    const QString preset = source(QStringLiteral("resources/scenarios/02_jevons_boom.json"));
    const QString kept = copyOf(preset, m_dir->filePath(QStringLiteral("kept.json")));
    const QString gone = copyOf(preset, m_dir->filePath(QStringLiteral("gone.json")));
    QVERIFY(m_window->openScenarioFile(kept));
    QVERIFY(m_window->openScenarioFile(gone));
    QVERIFY(QFile::remove(gone));
    emit m_window->recentMenu()->aboutToShow();
    QCOMPARE(m_window->recentFiles(), QStringList{kept});
    const QString notice = m_window->statusBar()->currentMessage();
    QVERIFY2(notice.contains(QLatin1String("gone.json")), qPrintable(notice));
}

QTEST_MAIN(tst_OpenFiles)
#include "tst_open_files.moc"
