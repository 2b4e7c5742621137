#pragma once
// The dashboard's dataset: the bundled CSV files (Qt resources ":/data/<file>") plus the user's imports.
// An import is validated whole by jevons::data (any error leaves everything unchanged), then its file is kept
// verbatim in the user's data folder (<AppDataLocation>/imports/) and re-applied, in order, at every start
// until it is removed. Imported rows carry Row::userSupplied = true. GUI thread only.

#include "jevons/dataset/dataset.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <string_view>

namespace jevons::ui {

/// The bundled CSV files, read from the Qt resources (":/data/<file>"). Throws std::runtime_error when a
/// file is missing and jevons::data's errors when one does not parse.
data::Dataset readBundledDataset();

class DataStore : public QObject {
    Q_OBJECT
public:
    /// One remembered import. Imports are re-applied in the order listed.
    struct ImportRecord {
        QString topicId;      ///< e.g. "accelerator_shipments"
        QString topicTitle;   ///< the topic's human title
        QString originalName; ///< file name as the user chose it; rows and error messages name it
        QString originalPath; ///< full path at import time (for display only)
        QString storedFile;   ///< copy of the file under importsDirectory()
        data::MergeMode mode = data::MergeMode::Merge;
        QDateTime importedAt; ///< UTC
        int rows = 0;         ///< data rows in the file
        QString error;        ///< why it could not be re-applied at start; empty when it was
    };

    /// What an import did (or, for previewFile(), would do).
    struct ImportOutcome {
        bool ok = false;
        /// On failure the one-line error naming file, line and column ("shipments.csv, line 3, column 5
        /// (units): not a number: ..."); on success a summary ("Accelerator shipments: 1 row added, ...").
        QString message;
        QString topicId, topicTitle;
        data::MergeStats stats;
        int importedRows = 0;  ///< data rows in the file
        int rowsBefore = 0;    ///< rows of the topic before
        int rowsAfter = 0;     ///< rows of the topic after
        int userRowsAfter = 0; ///< user-supplied rows of the topic after
    };

    /// Loads the bundled data and re-applies the imports kept in <AppDataLocation>/imports/.
    explicit DataStore(QObject *parent = nullptr);
    /// The same with imports kept in `importsDirectory` (tests, portable installs).
    DataStore(const QString &importsDirectory, QObject *parent);
    ~DataStore() override;

    const data::Dataset &dataset() const { return m_dataset; }
    /// The topic's table (bundled rows with the user's merged in); nullptr for an unknown topic.
    const data::Table *table(std::string_view topicId) const { return m_dataset.find(topicId); }
    /// The bundled rows only.
    const data::Dataset &bundled() const { return m_bundled; }
    QString importsDirectory() const { return m_directory; }
    const QList<ImportRecord> &imports() const { return m_imports; }
    /// Topics with at least one import, in topics() order.
    QStringList importedTopics() const;
    /// Problems at start: a bundled file that failed to load, or imports that could not be re-applied
    /// (they stay listed, with their error, until removed).
    QStringList loadErrors() const { return m_loadErrors; }
    /// Increases with every change of the data.
    quint64 revision() const { return m_revision; }

    /// The topic a file's header names, or nullptr (reads only the start of the file).
    static const data::TopicSchema *detectTopicOfFile(const QString &path, QString *error = nullptr);
    /// Checks and merges the file into a copy of the data and says what would change; changes nothing.
    ImportOutcome previewFile(const QString &path, data::MergeMode mode) const;
    /// Imports a user's CSV (topic from its header): merged into the topic or replacing it, then kept in the
    /// imports folder. All or nothing: on any error (file, encoding, header, cell, duplicate, disk) the data
    /// and the folder are as before and the outcome's message says why. Emits changed() on success.
    ImportOutcome importFile(const QString &path, data::MergeMode mode);
    /// Removes every import of a topic and restores its bundled rows. Emits changed(). False (with `error`)
    /// if the imports folder could not be updated; the data then stays as it was.
    bool removeImport(const QString &topicId, QString *error = nullptr);

signals:
    /// The data changed (import or removal).
    void changed();

private:
    void loadBundled();
    void loadPersisted();
    bool saveManifest(const QList<ImportRecord> &records, QString *error) const;
    QString manifestPath() const;
    ImportOutcome importBytes(const std::string &bytes, const QString &name, data::MergeMode mode,
                              data::Dataset &target) const;

    QString m_directory;
    data::Dataset m_bundled;
    data::Dataset m_dataset;
    QList<ImportRecord> m_imports;
    QStringList m_loadErrors;
    quint64 m_revision = 0;
};

} // namespace jevons::ui
