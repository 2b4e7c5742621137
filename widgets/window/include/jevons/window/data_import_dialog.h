#pragma once
// File > Import data…: choose a CSV in the dataset's format, see which topic it is and what a merge or a
// replace would change, then import it (all or nothing; errors name file, line and column).
// File > Manage imports…: the imports kept in the user's data folder, each removable.

#include "jevons/market/data_store.h"

#include <QDialog>
#include <QTimer>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTreeWidget;

namespace jevons::ui {

class DataImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit DataImportDialog(DataStore *store, QWidget *parent = nullptr);

    /// Sets the file and checks it at once (topic, preview or error).
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
    /// Imports the file (the Import button); true on success, which also closes the dialog.
    bool importNow();
    const DataStore::ImportOutcome &outcome() const { return m_outcome; }

    /// Runs the dialog; returns true if a file was imported (`message` gets the summary).
    static bool run(DataStore *store, QWidget *parent, QString *message = nullptr);

private:
    void browse();
    void check();

    DataStore *m_store;
    QLineEdit *m_path = nullptr;
    QLabel *m_topic = nullptr;
    QRadioButton *m_merge = nullptr;
    QRadioButton *m_replace = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_importButton = nullptr;
    QTimer m_checkTimer;
    bool m_valid = false;
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
