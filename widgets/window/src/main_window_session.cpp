// MainWindow: autosave, crash recovery and persisted settings.
#include "jevons/window/main_window.h"

#include "jevons/charts/chart_view.h"
#include "jevons/window/data_import_dialog.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/distribution_chart.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/charts/headline_tiles.h"
#include "jevons/history/history_charts.h"
#include "jevons/history/history_overlays.h"
#include "jevons/history/history_pages.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"
#include "jevons/charts/sensitivity_chart.h"
#include "jevons/charts/shortage_chart.h"
#include "jevons/charts/theme.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>

#include "main_window_private.h"

namespace jevons::ui {

using namespace window_detail;

QString MainWindow::autosavePath() const
{
    return m_autosave ? m_autosave->path() : QString();
}

bool MainWindow::autosaveNow()
{
    return m_autosave && m_autosave->saveNow();
}

void MainWindow::setRestorePromptForTesting(std::function<bool(const QDateTime &)> prompt)
{
    restorePromptHook() = std::move(prompt);
}

void MainWindow::startSession()
{
    m_autosave = new Autosave(m_document, m_dataDirectory, this);
    connect(m_autosave, &Autosave::saveFailed, this, [this](const QString &error) {
        statusBar()->showMessage(tr("Autosave failed: %1").arg(error), 10'000);
    });
    if (m_autosave->start() && m_autosave->recovery().status == Autosave::Recovery::Status::Offer)
        offerRestore();
}

void MainWindow::offerRestore()
{
    const Autosave::Recovery &found = m_autosave->recovery();
    const QDateTime savedAt = found.savedAt;
    if (askRestore(savedAt, QString::fromStdString(found.scenario.name))) {
        m_originPreset = -1;
        // Unsaved, and not tied to a file: Save asks where, so no file is overwritten by surprise.
        m_document->restore(found.scenario, QString(), true);
        m_autosave->acceptRecovery();
        statusBar()->showMessage(tr("Restored the unsaved scenario from %1")
                                     .arg(QLocale().toString(savedAt, QLocale::ShortFormat)),
                                 10'000);
    } else {
        m_autosave->declineRecovery(); // not offered again after the next crash
    }
}

bool MainWindow::askRestore(const QDateTime &savedAt, const QString &name)
{
    const QString answer = qEnvironmentVariable("JEVONS_RESTORE_ANSWER").trimmed().toLower();
    if (answer == QLatin1String("yes") || answer == QLatin1String("no"))
        return answer == QLatin1String("yes");
    if (restorePromptHook())
        return restorePromptHook()(savedAt);
    if (!m_options.interactive)
        return false;
    QMessageBox box(
        QMessageBox::Question, tr("Restore scenario"),
        tr("Restore the unsaved scenario from %1?").arg(QLocale().toString(savedAt, QLocale::ShortFormat)),
        QMessageBox::Yes | QMessageBox::No, this);
    box.setInformativeText(
        tr("Jevons did not quit normally last time. The scenario “%1” was autosaved and differs from the "
           "one that would open now. No: start from the last saved state and discard the autosave.")
            .arg(name.toHtmlEscaped()));
    box.setDefaultButton(QMessageBox::Yes);
    return box.exec() == QMessageBox::Yes;
}

void MainWindow::endSession()
{
    if (m_autosave)
        m_autosave->end(m_discarded);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (auto *splitter : findChildren<QSplitter *>())
        splitter->restoreState(
            settings.value(QStringLiteral("window/") + splitter->objectName()).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("window/tab"), 0).toInt());

    SimulationSettings run = m_panel->runSettings();
    run.paths = settings.value(QStringLiteral("run/paths"), qulonglong(run.paths)).toULongLong();
    run.seed = settings.value(QStringLiteral("run/seed"), qulonglong(run.seed)).toULongLong();
    Backend backend = Backend::Auto;
    if (parseBackend(
            settings.value(QStringLiteral("run/backend"), QStringLiteral("auto")).toString().toStdString(),
            backend))
        run.backend = backend;
    m_panel->setRunSettings(run);

    // The last scenario comes back as it was left, saved or not.
    const QByteArray json = settings.value(QStringLiteral("scenario/json")).toByteArray();
    if (!json.isEmpty()) {
        try {
            const Scenario scenario =
                parseScenario(std::string_view(json.constData(), std::size_t(json.size())), "settings");
            m_originPreset = settings.value(QStringLiteral("scenario/preset"), -1).toInt();
            const QByteArray savedJson = settings.value(QStringLiteral("scenario/saved_json")).toByteArray();
            std::optional<Scenario> saved;
            if (!savedJson.isEmpty())
                saved = parseScenario(std::string_view(savedJson.constData(), std::size_t(savedJson.size())),
                                      "settings");
            m_document->restore(scenario, settings.value(QStringLiteral("scenario/path")).toString(),
                                settings.value(QStringLiteral("scenario/modified"), false).toBool(), saved);
        } catch (const ScenarioError &) {
            // Settings from another version: start from the Base case.
        }
    }
    if (settings.value(QStringLiteral("ui/dark"), false).toBool())
        setDarkTheme(true);
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    for (auto *splitter : findChildren<QSplitter *>())
        settings.setValue(QStringLiteral("window/") + splitter->objectName(), splitter->saveState());
    settings.setValue(QStringLiteral("window/tab"), m_tabs->currentIndex());
    const SimulationSettings run = m_panel->runSettings();
    settings.setValue(QStringLiteral("run/paths"), qulonglong(run.paths));
    settings.setValue(QStringLiteral("run/seed"), qulonglong(run.seed));
    settings.setValue(QStringLiteral("run/backend"), QString::fromLatin1(backendName(run.backend)));
    // After "Discard" the next start gets the state the change was made from, not the change.
    const bool keepChange = m_document->isModified() && !m_discarded;
    settings.setValue(QStringLiteral("scenario/json"),
                      QByteArray::fromStdString(
                          scenarioToJson(keepChange ? m_document->scenario() : m_document->savedScenario())));
    settings.setValue(QStringLiteral("scenario/saved_json"),
                      QByteArray::fromStdString(scenarioToJson(m_document->savedScenario())));
    settings.setValue(QStringLiteral("scenario/path"), m_document->filePath());
    settings.setValue(QStringLiteral("scenario/preset"), m_originPreset);
    settings.setValue(QStringLiteral("scenario/modified"), keepChange);
    settings.setValue(QStringLiteral("ui/dark"), m_dark);
}

} // namespace jevons::ui
