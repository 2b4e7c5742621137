#pragma once
// The dashboard's dataset: the bundled CSV files (Qt resources ":/data/<file>") plus the user's imports.
// An import is validated whole by jevons::data (any error leaves everything unchanged), then its file is kept
// verbatim in the user's data folder (<AppDataLocation>/imports/) and re-applied, in order, at every start
// until it is removed. Imported rows carry Row::userSupplied = true. GUI thread only, except parseFile().
//
// A file is parsed once: parseFile() (any thread, with progress and cancel) gives a ParsedFile that
// preview() and importParsed() use without parsing again. At start the kept imports are parsed and merged
// on Qt's thread pool when the store is built with ImportLoading::Background: the bundled rows show at
// once, and changed() and importsLoaded() follow when the imports are in.

#include "jevons/dataset/dataset.h"

#include <QDateTime>
#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
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

    /// A user's file read and parsed, ready to preview and import without parsing it again.
    struct ParsedFile {
        QString path;      ///< as given
        QString name;      ///< file name; rows and error messages name it
        std::string bytes; ///< the file verbatim (kept as the stored copy on import)
        data::Table table; ///< its rows (userSupplied)
    };
    using ParsedFilePtr = std::shared_ptr<ParsedFile>;

    /// How the kept imports are applied at construction.
    enum class ImportLoading {
        Blocking,  ///< in the constructor
        Background ///< on Qt's thread pool; importsLoaded() when done
    };

    /// Loads the bundled data and re-applies the imports kept in <AppDataLocation>/imports/.
    explicit DataStore(QObject *parent = nullptr);
    /// The same with imports kept in `importsDirectory` (tests, portable installs).
    DataStore(const QString &importsDirectory, QObject *parent,
              ImportLoading loading = ImportLoading::Blocking);
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

    /// True while kept imports are still being applied in the background.
    bool isLoadingImports() const { return m_loading.isValid() && !m_loadingApplied; }
    /// Waits for the background loading (if any) and applies it; the data are complete afterwards.
    void waitForImports();

    /// Reads and parses a user's file (topic from its header). Touches no DataStore: call it on any thread.
    /// `progress` as for data::parseTopicCsv (it can cancel: data::ParseCancelled). Throws
    /// data::DatasetError or std::runtime_error (cannot be read), naming the file: `name`, or the file name
    /// of `path` when empty.
    static ParsedFilePtr parseFile(const QString &path, const data::ParseProgress &progress = {},
                                   const QString &name = {});
    /// What importing a parsed file would do; changes nothing.
    ImportOutcome preview(const ParsedFile &file, data::MergeMode mode) const;
    /// Imports a parsed file (its rows are moved out: use it once). As importFile(), without parsing.
    ImportOutcome importParsed(const ParsedFilePtr &file, data::MergeMode mode);

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
    /// The kept imports of a background start are in (changed() was emitted before when any applied).
    void importsLoaded();

private:
    void loadBundled();
    void loadPersisted();
    bool saveManifest(const QList<ImportRecord> &records, QString *error) const;
    QString manifestPath() const;
    ImportOutcome outcomeMessage(ImportOutcome out, const QString &name, data::MergeMode mode) const;
    void applyLoaded();
    struct Loaded {
        data::Dataset dataset;
        QList<ImportRecord> records;
    };
    static Loaded applyRecords(data::Dataset dataset, QList<ImportRecord> records, const QString &directory);
    /// Takes the dataset and records of a load, noting the imports that could not be re-applied.
    void takeLoaded(Loaded loaded);

    QString m_directory;
    data::Dataset m_bundled;
    data::Dataset m_dataset;
    QList<ImportRecord> m_imports;
    QStringList m_loadErrors;
    quint64 m_revision = 0;
    QFuture<Loaded> m_loading;
    bool m_loadingApplied = false;
};

} // namespace jevons::ui
