#pragma once
// File > Import data…: choose a CSV in the dataset's format, see which topic it is and what a merge or a
// replace would change, then import it (all or nothing; errors name file, line and column). The file is
// read and parsed once, on Qt's thread pool, with a progress dialog and Cancel; the preview and the import
// use those parsed rows.
// File > Manage imports…: the imports kept in the user's data folder, each removable.

#include "jevons/market/data_store.h"

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include <atomic>
#include <memory>

class QLabel;
class QLineEdit;
class QProgressDialog;
class QPushButton;
class QRadioButton;
class QTreeWidget;

namespace jevons::ui {

class DataImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit DataImportDialog(DataStore *store, QWidget *parent = nullptr);
    ~DataImportDialog() override; ///< cancels a parse in flight and waits for it

    /// Sets the file and starts checking it (topic at once; preview or error when checkFinished()).
    void setFilePath(const QString &path);
    QString filePath() const;
    void setMode(data::MergeMode mode);
    data::MergeMode mode() const;
    /// "Accelerator shipments (accelerator_shipments.csv)", or why no topic was recognised.
    QString topicText() const;
    /// What the import would do, or "" when the file is not valid.
    QString previewText() const;
    /// The error naming file, line and column, or "".
    QString errorText() const;
    /// True when the checked file can be imported.
    bool canImport() const;
    /// True while the file is being parsed.
    bool isChecking() const { return m_job != nullptr; }
    /// Stops the parse in flight (the progress dialog's Cancel); nothing is imported or changed.
    void cancelCheck();
    /// Imports the file (the Import button); true on success, which also closes the dialog. A check in
    /// flight is waited for with the event loop running.
    bool importNow();
    const DataStore::ImportOutcome &outcome() const { return m_outcome; }

    /// Runs the dialog; returns true if a file was imported (`message` gets the summary).
    static bool run(DataStore *store, QWidget *parent, QString *message = nullptr);

signals:
    /// Bytes parsed so far over the total (both passes of the parser), while a check runs.
    void progressed(quint64 done, quint64 total);
    /// A check ended: the preview, the error, or the cancellation is shown.
    void checkFinished();

private:
    struct CheckResult {
        DataStore::ParsedFilePtr file;
        QString error;
        bool cancelled = false;
    };
    void browse();
    void check();
    void showPreview();
    void onParsed(QFutureWatcher<CheckResult> *job);

    DataStore *m_store;
    QLineEdit *m_path = nullptr;
    QLabel *m_topic = nullptr;
    QRadioButton *m_merge = nullptr;
    QRadioButton *m_replace = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_importButton = nullptr;
    QProgressDialog *m_progress = nullptr;
    QTimer m_checkTimer;
    bool m_valid = false;
    QFutureWatcher<CheckResult> *m_job = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    DataStore::ParsedFilePtr m_parsed; ///< the checked file's rows, used by the preview and the import
    DataStore::ImportOutcome m_outcome;
};

class ManageImportsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ManageImportsDialog(DataStore *store, QWidget *parent = nullptr);
    /// Topics listed (one row per topic with imports).
    QStringList listedTopics() const;
    /// Removes the imports of a topic (the Remove button on the selected row); true on success.
    bool removeTopic(const QString &topicId);

private:
    void refresh();
    void removeSelected();

    DataStore *m_store;
    QTreeWidget *m_list = nullptr;
    QPushButton *m_removeButton = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace jevons::ui
