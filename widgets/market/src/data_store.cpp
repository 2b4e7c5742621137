#include "jevons/market/data_store.h"

#include "jevons/files/atomic_file.h"

#include "jevons/market/provenance.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>
#include <QtDebug>

#include <stdexcept>

namespace jevons::ui {

namespace {
QString modeName(data::MergeMode mode)
{
    return mode == data::MergeMode::Replace ? QStringLiteral("replace") : QStringLiteral("merge");
}

QString topicTitle(const std::string &topicId)
{
    const data::TopicSchema *schema = data::findTopic(topicId);
    return schema ? QString::fromStdString(schema->title) : QString::fromStdString(topicId);
}

/// Reads a whole file after checking its size against the dataset limit. Throws DatasetError (too large) or
/// std::runtime_error (cannot be read), both naming the file.
std::string readUserFile(const QString &path, const QString &name)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        throw std::runtime_error(name.toStdString() + ": no such file");
    data::checkFileSize(std::uint64_t(info.size()), name.toStdString());
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw std::runtime_error(name.toStdString() +
                                 ": cannot be read: " + file.errorString().toStdString());
    const QByteArray bytes = file.readAll();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

int countRows(const data::Table *table, bool userOnly)
{
    if (!table)
        return 0;
    return userOnly ? int(table->userRowCount()) : int(table->rows.size());
}
} // namespace

DataStore::DataStore(QObject *parent)
    : DataStore(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
                    QStringLiteral("/imports"),
                parent)
{
}

DataStore::DataStore(const QString &importsDirectory, QObject *parent, ImportLoading loading)
    : QObject(parent), m_directory(importsDirectory)
{
    loadBundled();
    m_dataset = m_bundled;
    loadPersisted();
    if (m_imports.isEmpty())
        return;
    if (loading == ImportLoading::Blocking) {
        takeLoaded(applyRecords(m_dataset, m_imports, m_directory));
        return;
    }
    m_loading = QtConcurrent::run(&DataStore::applyRecords, m_dataset, m_imports, m_directory);
    auto *watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this, &DataStore::applyLoaded);
    watcher->setFuture(m_loading);
}

DataStore::~DataStore()
{
    if (m_loading.isValid())
        m_loading.waitForFinished(); // the worker holds only its own copies; just let it end
}

void DataStore::waitForImports()
{
    if (!m_loading.isValid() || m_loadingApplied)
        return;
    m_loading.waitForFinished();
    applyLoaded();
}

void DataStore::takeLoaded(Loaded loaded)
{
    m_dataset = std::move(loaded.dataset);
    m_imports = loaded.records;
    for (const ImportRecord &r : m_imports)
        if (!r.error.isEmpty())
            m_loadErrors
                << tr("Import %1 (%2) was not re-applied: %3").arg(r.originalName, r.topicTitle, r.error);
}

void DataStore::applyLoaded()
{
    if (m_loadingApplied || !m_loading.isValid())
        return;
    m_loadingApplied = true;
    takeLoaded(m_loading.takeResult());
    ++m_revision;
    emit changed();
    emit importsLoaded();
}

DataStore::Loaded DataStore::applyRecords(data::Dataset dataset, QList<ImportRecord> records,
                                          const QString &directory)
{
    for (ImportRecord &record : records) {
        if (!record.error.isEmpty())
            continue;
        try {
            const ParsedFilePtr file =
                parseFile(directory + QLatin1Char('/') + record.storedFile, {}, record.originalName);
            data::Table *current = dataset.find(file->table.schema->id);
            if (!current)
                throw std::runtime_error("the dataset has no table for topic " + file->table.schema->id);
            const data::TopicSchema &topic = *file->table.schema;
            *current = data::mergeTables(*current, std::move(file->table), record.mode);
            if (QString::fromStdString(topic.id) != record.topicId) {
                record.topicId = QString::fromStdString(topic.id);
                record.topicTitle = QString::fromStdString(topic.title);
            }
        } catch (const std::exception &e) {
            record.error = QString::fromStdString(e.what());
        }
    }
    return {std::move(dataset), std::move(records)};
}

data::Dataset readBundledDataset()
{
    return data::loadBundled([](const std::string &fileName) {
        QFile file(QStringLiteral(":/data/") + QString::fromStdString(fileName));
        if (!file.open(QIODevice::ReadOnly))
            throw std::runtime_error("bundled data file missing: :/data/" + fileName);
        const QByteArray bytes = file.readAll();
        return std::string(bytes.constData(), std::size_t(bytes.size()));
    });
}

void DataStore::loadBundled()
{
    try {
        m_bundled = readBundledDataset();
    } catch (const std::exception &e) {
        // Cannot happen with the files the build checks (tst_dataset); keep the window usable regardless.
        m_loadErrors << QString::fromStdString(e.what());
        qWarning("Jevons: %s", e.what());
        m_bundled.tables.clear();
        for (const data::TopicSchema &topic : data::topics()) {
            data::Table table;
            table.schema = &topic;
            m_bundled.tables.push_back(std::move(table));
        }
    }
}

QString DataStore::manifestPath() const
{
    return m_directory + QStringLiteral("/imports.json");
}

void DataStore::loadPersisted()
{
    QFile file(manifestPath());
    if (!file.exists())
        return;
    if (!file.open(QIODevice::ReadOnly)) {
        m_loadErrors << tr("%1: cannot be read: %2").arg(manifestPath(), file.errorString());
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        m_loadErrors << tr("%1: not a list of imports (%2); imports were not re-applied")
                            .arg(manifestPath(), parseError.errorString());
        return;
    }
    for (const QJsonValue &value : doc.object().value(QStringLiteral("imports")).toArray()) {
        const QJsonObject o = value.toObject();
        ImportRecord record;
        record.topicId = o.value(QStringLiteral("topic")).toString();
        record.topicTitle = topicTitle(record.topicId.toStdString());
        record.originalName = o.value(QStringLiteral("name")).toString();
        record.originalPath = o.value(QStringLiteral("path")).toString();
        record.storedFile = o.value(QStringLiteral("file")).toString();
        record.mode = o.value(QStringLiteral("mode")).toString() == QLatin1String("replace")
                          ? data::MergeMode::Replace
                          : data::MergeMode::Merge;
        record.importedAt =
            QDateTime::fromString(o.value(QStringLiteral("imported")).toString(), Qt::ISODate);
        record.rows = o.value(QStringLiteral("rows")).toInt();
        if (record.storedFile.isEmpty() || record.storedFile.contains(QLatin1Char('/')) ||
            record.storedFile.contains(QLatin1Char('\\')))
            record.error = tr("the list of imports names no file for it");
        m_imports.append(record);
    }
}

bool DataStore::saveManifest(const QList<ImportRecord> &records, QString *error) const
{
    if (!QDir().mkpath(m_directory)) {
        *error = tr("cannot create the folder %1").arg(m_directory);
        return false;
    }
    QJsonArray list;
    for (const ImportRecord &r : records) {
        list.append(QJsonObject{{QStringLiteral("topic"), r.topicId},
                                {QStringLiteral("name"), r.originalName},
                                {QStringLiteral("path"), r.originalPath},
                                {QStringLiteral("file"), r.storedFile},
                                {QStringLiteral("mode"), modeName(r.mode)},
                                {QStringLiteral("imported"), r.importedAt.toString(Qt::ISODate)},
                                {QStringLiteral("rows"), r.rows}});
    }
    const QByteArray manifest =
        QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("imports"), list}})
            .toJson();
    if (const QString failure = writeWholeFile(manifestPath(), manifest); !failure.isEmpty()) {
        *error = tr("%1: %2").arg(manifestPath(), failure);
        return false;
    }
    return true;
}

QStringList DataStore::importedTopics() const
{
    QStringList out;
    for (const data::TopicSchema &topic : data::topics()) {
        const QString id = QString::fromStdString(topic.id);
        for (const ImportRecord &r : m_imports)
            if (r.topicId == id && !out.contains(id))
                out << id;
    }
    return out;
}

const data::TopicSchema *DataStore::detectTopicOfFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = tr("%1: cannot be read: %2").arg(QFileInfo(path).fileName(), file.errorString());
        return nullptr;
    }
    // The header is the first line; 64 KiB is far more than any topic's header.
    const QByteArray head = file.read(64 * 1024);
    const data::TopicSchema *topic =
        data::detectTopic(std::string_view(head.constData(), std::size_t(head.size())));
    if (!topic && error)
        *error = tr("%1: the header matches no topic of the dataset").arg(QFileInfo(path).fileName());
    return topic;
}

DataStore::ParsedFilePtr DataStore::parseFile(const QString &path, const data::ParseProgress &progress,
                                              const QString &name)
{
    auto file = std::make_shared<ParsedFile>();
    file->path = path;
    file->name = name.isEmpty() ? QFileInfo(path).fileName() : name;
    file->bytes = readUserFile(path, file->name);
    file->table = data::parseAnyTopicCsv(file->bytes, file->name.toStdString(), true, progress);
    return file;
}

DataStore::ImportOutcome DataStore::outcomeMessage(ImportOutcome out, const QString &name,
                                                   data::MergeMode mode) const
{
    QStringList parts;
    if (mode == data::MergeMode::Replace)
        parts << tr("%1 replaced by the file's")
                     .arg(countText(qsizetype(out.stats.removed), tr("earlier row"), tr("earlier rows")));
    parts << tr("%1 added").arg(countText(qsizetype(out.stats.added), tr("row"), tr("rows")));
    if (mode == data::MergeMode::Merge)
        parts << tr("%1 replaced (same key)").arg(out.stats.replaced);
    out.message = tr("%1 (%2): %3; the topic now has %4, %5 of them user-supplied.")
                      .arg(out.topicTitle, name, parts.join(QStringLiteral(", ")),
                           countText(out.rowsAfter, tr("row"), tr("rows")))
                      .arg(out.userRowsAfter);
    return out;
}

DataStore::ImportOutcome DataStore::preview(const ParsedFile &file, data::MergeMode mode) const
{
    ImportOutcome out;
    const data::Table *current = m_dataset.find(file.table.schema->id);
    if (!current) {
        out.message = tr("%1: the dataset has no table for this topic").arg(file.name);
        return out;
    }
    const data::MergeCounts counts = data::mergeCounts(*current, file.table, mode);
    out.ok = true;
    out.topicId = QString::fromStdString(file.table.schema->id);
    out.topicTitle = QString::fromStdString(file.table.schema->title);
    out.stats = counts.stats;
    out.importedRows = int(file.table.rows.size());
    out.rowsBefore = countRows(current, false);
    out.rowsAfter = int(counts.rowsAfter);
    out.userRowsAfter = int(counts.userRowsAfter);
    return outcomeMessage(out, file.name, mode);
}

DataStore::ImportOutcome DataStore::previewFile(const QString &path, data::MergeMode mode) const
{
    try {
        return preview(*parseFile(path), mode);
    } catch (const std::exception &e) {
        ImportOutcome out;
        out.message = QString::fromStdString(e.what());
        return out;
    }
}

DataStore::ImportOutcome DataStore::importFile(const QString &path, data::MergeMode mode)
{
    ParsedFilePtr file;
    try {
        file = parseFile(path);
    } catch (const std::exception &e) {
        ImportOutcome out;
        out.message = QString::fromStdString(e.what());
        return out;
    }
    return importParsed(file, mode);
}

DataStore::ImportOutcome DataStore::importParsed(const ParsedFilePtr &file, data::MergeMode mode)
{
    waitForImports();
    const QString &name = file->name;
    const QString &path = file->path;
    const std::string &bytes = file->bytes;
    ImportOutcome out;
    data::Table *current = m_dataset.find(file->table.schema->id);
    if (!current) {
        out.message = tr("%1: the dataset has no table for this topic").arg(name);
        return out;
    }
    out.topicId = QString::fromStdString(file->table.schema->id);
    out.topicTitle = QString::fromStdString(file->table.schema->title);
    out.importedRows = int(file->table.rows.size());
    out.rowsBefore = countRows(current, false);
    // The merged table is built once, from the parsed rows (moved, not copied); the file itself is kept
    // as it was read. Only the table of this topic is copied (its rows the import keeps).
    data::Table merged = data::mergeTables(*current, std::move(file->table), mode, &out.stats);
    out.rowsAfter = countRows(&merged, false);
    out.userRowsAfter = countRows(&merged, true);
    out.ok = true;
    out = outcomeMessage(out, name, mode);

    // Keep a verbatim copy, then the list naming it; only then swap the new data in.
    QString error;
    if (!QDir().mkpath(m_directory)) {
        out.ok = false;
        out.message = tr("%1 was not imported: cannot create the folder %2").arg(name, m_directory);
        return out;
    }
    QString stored = QStringLiteral("%1-%2.csv")
                         .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")),
                              out.topicId);
    for (int n = 2; QFileInfo::exists(m_directory + QLatin1Char('/') + stored); ++n)
        stored = QStringLiteral("%1-%2-%3.csv")
                     .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")),
                          out.topicId)
                     .arg(n);
    const QString storedPath = m_directory + QLatin1Char('/') + stored;
    if (const QString failure = writeWholeFile(storedPath, std::string_view(bytes)); !failure.isEmpty()) {
        out.ok = false;
        out.message = tr("%1 was not imported: cannot write %2: %3").arg(name, storedPath, failure);
        return out;
    }
    ImportRecord record;
    record.topicId = out.topicId;
    record.topicTitle = out.topicTitle;
    record.originalName = name;
    record.originalPath = QFileInfo(path).absoluteFilePath();
    record.storedFile = stored;
    record.mode = mode;
    record.importedAt = QDateTime::currentDateTimeUtc();
    record.rows = out.importedRows;

    QList<ImportRecord> records = m_imports;
    QStringList obsolete;
    if (mode == data::MergeMode::Replace) {
        // Earlier imports of the topic no longer matter: the file replaces the whole topic.
        for (auto it = records.begin(); it != records.end();) {
            if (it->topicId == out.topicId) {
                obsolete << it->storedFile;
                it = records.erase(it);
            } else {
                ++it;
            }
        }
    }
    records.append(record);
    if (!saveManifest(records, &error)) {
        QFile::remove(storedPath);
        out.ok = false;
        out.message = tr("%1 was not imported: cannot save the list of imports: %2").arg(name, error);
        return out;
    }
    for (const QString &old : obsolete)
        QFile::remove(m_directory + QLatin1Char('/') + old);
    m_imports = records;
    *current = std::move(merged);
    ++m_revision;
    emit changed();
    return out;
}

bool DataStore::removeImport(const QString &topicId, QString *error)
{
    waitForImports();
    QList<ImportRecord> records;
    QStringList files;
    for (const ImportRecord &r : m_imports) {
        if (r.topicId == topicId)
            files << r.storedFile;
        else
            records.append(r);
    }
    if (files.isEmpty())
        return true;
    QString message;
    if (!saveManifest(records, &message)) {
        if (error)
            *error = message;
        return false;
    }
    for (const QString &file : files)
        QFile::remove(m_directory + QLatin1Char('/') + file);
    m_imports = records;
    const std::string id = topicId.toStdString();
    if (data::Table *table = m_dataset.find(id)) {
        if (const data::Table *bundled = m_bundled.find(id))
            *table = *bundled;
    }
    m_loadErrors.erase(std::remove_if(m_loadErrors.begin(), m_loadErrors.end(),
                                      [&](const QString &e) {
                                          return e.contains(QStringLiteral("(%1)").arg(topicTitle(id)));
                                      }),
                       m_loadErrors.end());
    ++m_revision;
    emit changed();
    return true;
}

} // namespace jevons::ui
