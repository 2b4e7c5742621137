#pragma once
// Autosave and crash recovery of the scenario being edited, without a window: when to save (a debounce
// after each change, and at the end of the session), where (<data folder>/autosave.json), what (the
// document's scenario as JSON), the clean-shutdown marker (a session lock that a crashed session leaves
// behind) and, at the next start, whether the autosave is worth offering back. Asking the user is the
// window's part.

#include "jevons/engine/scenario.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <string>

class QLockFile;

namespace jevons::ui {

class ScenarioDocument;

class Autosave : public QObject {
    Q_OBJECT
public:
    /// The scenario is autosaved this long after the last change (and at the end of the session).
    static constexpr int DefaultDelayMilliseconds = 2000;

    /// What the last session left behind, as found by start().
    struct Recovery {
        enum class Status {
            None,          ///< a clean shutdown (or a first start), or no autosave to read
            Offer,         ///< a crashed session's autosave that differs from the document: ask
            SameAsCurrent, ///< a crashed session's autosave equal to what the document holds already
            Unreadable,    ///< a crashed session's autosave that does not parse (error says why)
        };
        Status status = Status::None;
        Scenario scenario; ///< the autosaved scenario (Offer, SameAsCurrent)
        QDateTime savedAt; ///< when it was written (the file's modification time)
        QString error;     ///< why it could not be read (Unreadable)
    };

    /// Watches `document`; nothing is written before start().
    Autosave(ScenarioDocument *document, const QString &dataDirectory, QObject *parent = nullptr);
    ~Autosave() override; ///< releases the lock without a final save (call end() for that)

    /// Creates the data folder and takes its session lock. A lock left behind by a process that no longer
    /// runs means the last session did not end cleanly: its autosave is then read into recovery(). False
    /// (and no autosave) when the folder cannot be made or another running instance owns it.
    bool start();
    /// Holds the lock: changes are autosaved.
    bool isActive() const { return m_lock != nullptr; }
    /// <data folder>/autosave.json while active; empty otherwise.
    QString path() const;
    /// What start() found; Status::None when the last session ended cleanly.
    const Recovery &recovery() const { return m_recovery; }
    /// The user took the offered scenario (the caller restores it into the document): it is what is on
    /// disk, so it is not written again until it changes.
    void acceptRecovery();
    /// The user declined the offer: the autosave is removed, so it is not offered after the next crash.
    void declineRecovery();

    /// Debounce after a change; injectable so tests need not wait the default.
    void setDelay(int milliseconds) { m_timer.setInterval(milliseconds); }
    int delay() const { return m_timer.interval(); }
    /// A save is pending (a change within the last delay()).
    bool isPending() const { return m_timer.isActive(); }
    /// Writes the autosave now if the scenario changed since the last one. False when not active or when the
    /// write failed (saveFailed says why); the previous autosave then stays whole.
    bool saveNow();
    /// Ends the session: a final save (or, `discard`, removal of the autosave, so that a discarded change
    /// does not come back as a restore offer) and release of the lock, the marker of a clean shutdown.
    void end(bool discard);

signals:
    void saved(const QString &path);
    void saveFailed(const QString &error);

private:
    void readBack();

    ScenarioDocument *m_document;
    QString m_dataDirectory;
    std::unique_ptr<QLockFile> m_lock;
    QTimer m_timer;
    std::string m_lastJson;  ///< JSON last written (or found equal on disk)
    std::string m_foundJson; ///< JSON of the autosave read back by start()
    Recovery m_recovery;
};

} // namespace jevons::ui
