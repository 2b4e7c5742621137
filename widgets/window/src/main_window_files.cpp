// MainWindow: files opened the desktop's usual ways (command line, drag and drop, File > Open Recent).
#include "jevons/window/main_window.h"

#include "jevons/market/data_store.h"
#include "jevons/window/data_import_dialog.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>
#include <QUrl>

namespace jevons::ui {

namespace {
bool isDataFile(const QString &path)
{
    return QFileInfo(path).suffix().compare(QLatin1String("csv"), Qt::CaseInsensitive) == 0;
}

/// The local files of a drag: scenario or data files only, so that the cursor says "no" to anything else.
QStringList droppableFiles(const QMimeData *mime)
{
    QStringList files;
    if (mime == nullptr || !mime->hasUrls())
        return files;
    for (const QUrl &url : mime->urls()) {
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (url.isLocalFile() && (suffix == QLatin1String("json") || suffix == QLatin1String("csv")))
            files << url.toLocalFile();
    }
    return files;
}
} // namespace

bool MainWindow::openPath(const QString &path)
{
    if (isDataFile(path))
        return importDataFile(path);
    if (!maybeSave())
        return false;
    return openScenarioFile(path);
}

bool MainWindow::importDataFile(const QString &path)
{
    DataImportDialog dialog(m_dataStore, this);
    dialog.setFilePath(path);
    // Interactive: the dialog shows the topic and what a merge or replace would change, and the user
    // decides. Without questions (tests), the file is imported as the dialog would by default.
    const bool imported = m_options.interactive ? dialog.exec() == QDialog::Accepted : dialog.importNow();
    if (!imported) {
        if (!m_options.interactive)
            showError(tr("Cannot import data"),
                      tr("%1 was not imported:\n%2").arg(QFileInfo(path).fileName(), dialog.errorText()));
        return false;
    }
    statusBar()->showMessage(dialog.outcome().message, 10'000);
    addRecentFile(path);
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppableFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = droppableFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    // One scenario at a time: the last scenario dropped wins; every data file is imported.
    for (const QString &file : files)
        openPath(file);
}

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_recentFiles.removeAll(absolute);
    m_recentFiles.prepend(absolute);
    while (m_recentFiles.size() > MaxRecentFiles)
        m_recentFiles.removeLast();
    if (m_options.persistSettings)
        QSettings().setValue(QStringLiteral("recent/files"), m_recentFiles);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu()
{
    QStringList missing;
    for (const QString &file : m_recentFiles)
        if (!QFileInfo::exists(file))
            missing << file;
    if (!missing.isEmpty()) {
        for (const QString &file : missing)
            m_recentFiles.removeAll(file);
        if (m_options.persistSettings)
            QSettings().setValue(QStringLiteral("recent/files"), m_recentFiles);
        QStringList names;
        for (const QString &file : missing)
            names << QFileInfo(file).fileName();
        statusBar()->showMessage(tr("Removed from the recent files, as they no longer exist: %1")
                                     .arg(names.join(QLatin1String(", "))),
                                 10'000);
    }
    if (m_recentMenu == nullptr)
        return;
    m_recentMenu->clear();
    for (int i = 0; i < m_recentFiles.size(); ++i) {
        const QString file = m_recentFiles[i];
        // &1..&8: the keyboard picks a file from the menu; the tooltip gives the whole path.
        QAction *action =
            m_recentMenu->addAction(tr("&%1 %2").arg(i + 1).arg(QFileInfo(file).fileName().replace(
                                        QLatin1Char('&'), QLatin1String("&&"))),
                                    this, [this, file] {
                                        if (!QFileInfo::exists(file)) {
                                            refreshRecentMenu();
                                            return;
                                        }
                                        openPath(file);
                                    });
        action->setToolTip(file);
        action->setData(file);
    }
    if (!m_recentFiles.isEmpty()) {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("&Clear list"), this, [this] {
            m_recentFiles.clear();
            if (m_options.persistSettings)
                QSettings().remove(QStringLiteral("recent/files"));
            refreshRecentMenu();
        });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

} // namespace jevons::ui
