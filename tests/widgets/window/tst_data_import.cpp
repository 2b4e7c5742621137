// File > Import data… on a large file: the file is parsed once on the pool while the event loop runs
// (progress arrives before the end), Cancel leaves the data store as it was, the rows imported are the rows
// a direct parse gives, an error names its line and keeps what was there; kept imports load in the
// background at start and give the same data as a blocking load.
#include "jevons/dataset/dataset.h"
#include "jevons/market/data_store.h"
#include "jevons/window/data_import_dialog.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <vector>

using namespace jevons;
using namespace jevons::ui;

namespace {
const char *Header =
    "vendor,product,buyer,period,units,units_low,units_high,h100e,estimator,confidence,source,"
    "as_of,kind,note\n";

/// An accelerator_shipments file of `rows` rows with distinct keys; row `badRow` (0-based, -1 for none)
/// gets a units cell that is not a number.
QByteArray shipments(int rows, int badRow = -1)
{
    QByteArray out(Header);
    out.reserve(rows * 80);
    for (int i = 0; i < rows; ++i) {
        const QByteArray units = i == badRow ? QByteArray("12x") : QByteArray::number(1 + (i * 7) % 100000);
        out += "NVIDIA,Test-" + QByteArray::number(i) + ",,20" + QByteArray::number(10 + i % 15) + "," +
               units + ",,,,Epoch AI,,example.org/test,2026-05-01,estimate,\"row " + QByteArray::number(i) +
               ", quoted\"\n";
    }
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return {};
    return path;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

constexpr int Rows = 30000;
} // namespace

class tst_DataImport : public QObject {
    Q_OBJECT
private slots:
    void parsesOffTheGuiThreadWithProgress();
    void cancelLeavesTheStoreUnchanged();
    void importedRowsEqualADirectParse();
    void errorNamesTheLineAndKeepsEarlierImports();
    void keptImportsLoadInTheBackground();
};

void tst_DataImport::parsesOffTheGuiThreadWithProgress()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, QStringLiteral("big.csv"), shipments(Rows));
    QVERIFY(!file.isEmpty());
    DataStore store(dir.filePath(QStringLiteral("imports")), nullptr);
    DataImportDialog dialog(&store);
    // The order in which the dialog's signals arrive, and the last progress before the end.
    std::vector<char> events;
    quint64 lastDone = 0, lastTotal = 0;
    connect(&dialog, &DataImportDialog::progressed, this, [&](quint64 done, quint64 total) {
        events.push_back('p');
        lastDone = done;
        lastTotal = total;
    });
    connect(&dialog, &DataImportDialog::checkFinished, this, [&] { events.push_back('f'); });
    QSignalSpy finished(&dialog, &DataImportDialog::checkFinished);
    dialog.setFilePath(file);
    QVERIFY(dialog.isChecking()); // setFilePath returned before the parse ended
    QVERIFY(!dialog.canImport());
    QVERIFY(finished.wait(60'000));
    QVERIFY(!dialog.isChecking());
    QCOMPARE(events.back(), 'f');
    QCOMPARE(std::count(events.begin(), events.end(), 'f'), 1);
    // Progress came through the event loop while the parse ran: several reports, rising, up to the total.
    QVERIFY2(std::count(events.begin(), events.end(), 'p') >= 10, qPrintable(QString::number(events.size())));
    QCOMPARE(lastTotal, quint64(2 * QFileInfo(file).size()));
    QCOMPARE(lastDone, lastTotal);
    QVERIFY2(dialog.canImport(), qPrintable(dialog.errorText()));
    QVERIFY2(dialog.previewText().contains(QStringLiteral("%1 data rows").arg(Rows)),
             qPrintable(dialog.previewText()));
    // Switching the mode updates the preview from the parsed rows: no second parse.
    dialog.setMode(data::MergeMode::Replace);
    QVERIFY(!dialog.isChecking());
    QVERIFY2(dialog.previewText().contains(QLatin1String("44 rows are dropped")),
             qPrintable(dialog.previewText()));
    QVERIFY(dialog.importNow());
    QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(Rows));
    QCOMPARE(finished.size(), 1);
}

void tst_DataImport::cancelLeavesTheStoreUnchanged()
{
    QTemporaryDir dir;
    const QString file = writeFile(dir, QStringLiteral("big.csv"), shipments(Rows));
    const QString imports = dir.filePath(QStringLiteral("imports"));
    DataStore store(imports, nullptr);
    const std::string before = data::toCsv(*store.table("accelerator_shipments"));
    const quint64 revision = store.revision();
    DataImportDialog dialog(&store);
    QSignalSpy finished(&dialog, &DataImportDialog::checkFinished);
    int progressSeen = 0;
    // Cancel as the user would, from the first progress report (the parse is under way).
    connect(&dialog, &DataImportDialog::progressed, this, [&](quint64 done, quint64) {
        if (done > 0 && progressSeen++ == 0)
            dialog.cancelCheck();
    });
    dialog.setFilePath(file);
    QVERIFY(finished.wait(60'000));
    QVERIFY(progressSeen >= 1);
    QVERIFY(!dialog.canImport());
    QVERIFY(dialog.previewText().isEmpty());
    QVERIFY(dialog.errorText().isEmpty()); // a cancel is no error in the file
    QCOMPARE(store.revision(), revision);
    QVERIFY(store.imports().isEmpty());
    QVERIFY(filesIn(imports).isEmpty());
    QCOMPARE(data::toCsv(*store.table("accelerator_shipments")), before);
}

void tst_DataImport::importedRowsEqualADirectParse()
{
    QTemporaryDir dir;
    const QByteArray bytes = shipments(Rows);
    const QString file = writeFile(dir, QStringLiteral("big.csv"), bytes);
    DataStore store(dir.filePath(QStringLiteral("imports")), nullptr);
    DataImportDialog dialog(&store);
    QSignalSpy finished(&dialog, &DataImportDialog::checkFinished);
    dialog.setFilePath(file);
    QVERIFY(finished.wait(60'000));
    dialog.setMode(data::MergeMode::Replace);
    QVERIFY(dialog.importNow());
    const data::Table direct = data::parseAnyTopicCsv(
        std::string_view(bytes.constData(), std::size_t(bytes.size())), "big.csv", true);
    const data::Table &stored = *store.table("accelerator_shipments");
    QCOMPARE(stored.rows.size(), direct.rows.size());
    QCOMPARE(data::toCsv(stored), data::toCsv(direct));
    for (std::size_t i = 0; i < direct.rows.size(); ++i) {
        QCOMPARE(stored.rows[i].line, direct.rows[i].line);
        QVERIFY(stored.rows[i].userSupplied);
        QCOMPARE(stored.rows[i].origin, std::string("big.csv"));
    }
    // The copy kept for the next start is the file as read.
    QCOMPARE(store.imports().size(), 1);
    QFile kept(store.importsDirectory() + QLatin1Char('/') + store.imports().front().storedFile);
    QVERIFY(kept.open(QIODevice::ReadOnly));
    QCOMPARE(kept.readAll(), bytes);
}

void tst_DataImport::errorNamesTheLineAndKeepsEarlierImports()
{
    QTemporaryDir dir;
    const QString imports = dir.filePath(QStringLiteral("imports"));
    DataStore store(imports, nullptr);
    const QString good = writeFile(dir, QStringLiteral("good.csv"), shipments(100));
    QVERIFY(store.importFile(good, data::MergeMode::Merge).ok);
    const std::string before = data::toCsv(*store.table("accelerator_shipments"));
    const QStringList filesBefore = filesIn(imports);
    const quint64 revision = store.revision();

    const int badRow = Rows - 123; // near the end: the whole file is read before the error
    const QString bad = writeFile(dir, QStringLiteral("bad.csv"), shipments(Rows, badRow));
    DataImportDialog dialog(&store);
    QSignalSpy finished(&dialog, &DataImportDialog::checkFinished);
    dialog.setFilePath(bad);
    QVERIFY(finished.wait(60'000));
    QVERIFY(!dialog.canImport());
    const QString expected = QStringLiteral("bad.csv, line %1, column 5 (units)").arg(badRow + 2); // header
    QVERIFY2(dialog.errorText().startsWith(expected), qPrintable(dialog.errorText()));
    QVERIFY(!dialog.importNow());
    QCOMPARE(store.revision(), revision);
    QCOMPARE(store.imports().size(), 1);
    QCOMPARE(filesIn(imports), filesBefore);
    QCOMPARE(data::toCsv(*store.table("accelerator_shipments")), before);
}

void tst_DataImport::keptImportsLoadInTheBackground()
{
    QTemporaryDir dir;
    const QString imports = dir.filePath(QStringLiteral("imports"));
    const QString file = writeFile(dir, QStringLiteral("big.csv"), shipments(Rows));
    {
        DataStore first(imports, nullptr);
        QVERIFY(first.importFile(file, data::MergeMode::Merge).ok);
    }
    DataStore blocking(imports, nullptr, DataStore::ImportLoading::Blocking);
    QVERIFY(!blocking.isLoadingImports());
    QCOMPARE(blocking.table("accelerator_shipments")->userRowCount(), std::size_t(Rows));

    DataStore background(imports, nullptr, DataStore::ImportLoading::Background);
    QSignalSpy loaded(&background, &DataStore::importsLoaded);
    QSignalSpy changed(&background, &DataStore::changed);
    // The constructor returned with the bundled rows; the import comes in through the event loop.
    QVERIFY(background.isLoadingImports());
    QCOMPARE(background.table("accelerator_shipments")->userRowCount(), std::size_t(0));
    QVERIFY(loaded.wait(60'000));
    QCOMPARE(changed.size(), 1);
    QVERIFY(!background.isLoadingImports());
    QVERIFY(background.loadErrors().isEmpty());
    QCOMPARE(data::toCsv(*background.table("accelerator_shipments")),
             data::toCsv(*blocking.table("accelerator_shipments")));
    QCOMPARE(background.imports().size(), 1);
    // Rows and messages name the file as the user chose it, not the kept copy.
    for (const data::Row &row : background.table("accelerator_shipments")->rows)
        if (row.userSupplied)
            QCOMPARE(row.origin, std::string("big.csv"));
}

QTEST_MAIN(tst_DataImport)
#include "tst_data_import.moc"
