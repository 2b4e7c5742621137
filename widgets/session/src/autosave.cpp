#include "jevons/session/autosave.h"

#include "jevons/session/scenario_document.h"

#include "jevons/files/atomic_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <string_view>

namespace jevons::ui {

Autosave::Autosave(ScenarioDocument *document, const QString &dataDirectory, QObject *parent)
    : QObject(parent), m_document(document), m_dataDirectory(dataDirectory)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(DefaultDelayMilliseconds);
    connect(&m_timer, &QTimer::timeout, this, [this] { saveNow(); });
}

Autosave::~Autosave() = default;

QString Autosave::path() const
{
    return m_lock ? QDir(m_dataDirectory).filePath(QStringLiteral("autosave.json")) : QString();
}

bool Autosave::start()
{
    if (m_lock)
        return true;
    if (m_dataDirectory.isEmpty() || !QDir().mkpath(m_dataDirectory))
        return false;
    const QString lockPath = QDir(m_dataDirectory).filePath(QStringLiteral("session.lock"));
    // A lock left behind names a process that no longer runs: the last session crashed or was killed.
    // QLockFile tells that apart from a lock held by a second window that is still running.
    const bool leftBehind = QFileInfo::exists(lockPath);
    auto lock = std::make_unique<QLockFile>(lockPath);
    lock->setStaleLockTime(0); // stale only when its process is gone, however long it ran
    if (!lock->tryLock(0))
        return false; // another instance owns the folder and its autosave: this one does not autosave
    m_lock = std::move(lock);
    // Restarting a timer is all a slider step costs here.
    connect(m_document, &ScenarioDocument::valueChanged, &m_timer, qOverload<>(&QTimer::start));
    connect(m_document, &ScenarioDocument::scenarioReplaced, &m_timer, qOverload<>(&QTimer::start));
    m_recovery = Recovery();
    if (leftBehind)
        readBack();
    return true;
}

void Autosave::readBack()
{
    const QString file = path();
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly))
        return; // crashed before its first autosave: nothing to offer
    const QByteArray json = in.readAll();
    in.close();
    m_recovery.savedAt = QFileInfo(file).lastModified();
    try {
        m_recovery.scenario =
            parseScenario(std::string_view(json.constData(), std::size_t(json.size())), "autosave.json");
    } catch (const ScenarioError &error) {
        // Another version's file, or a truncated one: reported, nothing to offer.
        m_recovery.status = Recovery::Status::Unreadable;
        m_recovery.error = QString::fromUtf8(error.what());
        return;
    }
    m_foundJson = json.toStdString();
    if (m_recovery.scenario == m_document->scenario()) {
        m_recovery.status = Recovery::Status::SameAsCurrent; // what would be loaded anyway
        m_lastJson = m_foundJson;
        return;
    }
    m_recovery.status = Recovery::Status::Offer;
}

void Autosave::acceptRecovery()
{
    if (m_recovery.status == Recovery::Status::Offer)
        m_lastJson = m_foundJson;
}

void Autosave::declineRecovery()
{
    if (m_recovery.status == Recovery::Status::Offer && m_lock)
        QFile::remove(path());
}

bool Autosave::saveNow()
{
    const QString file = path();
    if (file.isEmpty())
        return false;
    m_timer.stop();
    const std::string json = scenarioToJson(m_document->scenario());
    if (json == m_lastJson)
        return true;
    if (const QString error = writeWholeFile(file, json); !error.isEmpty()) {
        emit saveFailed(error);
        return false;
    }
    m_lastJson = json;
    emit saved(file);
    return true;
}

void Autosave::end(bool discard)
{
    if (!m_lock)
        return;
    if (discard) {
        m_timer.stop();
        QFile::remove(path()); // a discarded change must not come back as a "restore" offer
    } else {
        saveNow();
    }
    m_lock->unlock(); // removes session.lock: the next start sees a clean exit
    m_lock.reset();
    disconnect(m_document, nullptr, &m_timer, nullptr);
}

} // namespace jevons::ui
