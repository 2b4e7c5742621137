// Tests of the dataset library (jevons/dataset.h): the bundled files, the importer's error for each kind
// of bad input, merging and persistence of imports, and the price trend fit.
#include "jevons/dataset/dataset.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <map>
#include <random>
#include <set>

using namespace jevons::data;

Q_DECLARE_METATYPE(jevons::data::ErrorCode)

namespace {

const QString DataDir = QStringLiteral(JEVONS_DATA_DIR);      // resources/data
const QString TestDir = QStringLiteral(JEVONS_TEST_DATA_DIR); // tests/compute/dataset

std::string readBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw std::runtime_error("cannot open " + path.toStdString());
    const QByteArray bytes = f.readAll();
    return std::string(bytes.constData(), static_cast<std::size_t>(bytes.size()));
}

/// The reference values that reference_fit.py (mpmath, 50 digits) wrote before this test ran (CTest fixture
/// dataset_reference_fit); an empty object when it did not run (python3-mpmath missing).
QJsonObject referenceFit()
{
    const QString path = qEnvironmentVariable("JEVONS_REFERENCE_FIT");
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

#define REQUIRE_REFERENCE_FIT(reference)                                                                     \
    if ((reference).isEmpty())                                                                               \
    QSKIP("no reference values: CTest's dataset_reference_fit (reference_fit.py, python3-mpmath) did not "   \
          "run")

Dataset loadFromSourceTree()
{
    return loadBundled(
        [](const std::string &name) { return readBytes(DataDir + "/" + QString::fromStdString(name)); });
}

// All cells of all tables plus the user flags, to compare datasets.
std::string snapshot(const Dataset &d)
{
    std::string s;
    for (const Table &t : d.tables) {
        s += "## " + t.schema->id + "\n" + toCsv(t);
        for (const Row &r : t.rows)
            s += r.userSupplied ? 'u' : 'b';
        s += "\n";
    }
    return s;
}

double sumWhere(const Table &t, const std::string &valueColumn, const std::function<bool(const Row &)> &pick)
{
    double sum = 0;
    for (const Row &r : t.rows) {
        if (pick(r))
            sum += t.number(r, valueColumn);
    }
    return sum;
}

const Row *findRow(const Table &t, const std::map<std::string, std::string> &match)
{
    for (const Row &r : t.rows) {
        bool ok = true;
        for (const auto &[col, val] : match)
            ok = ok && t.text(r, col) == val;
        if (ok)
            return &r;
    }
    return nullptr;
}

} // namespace

class tst_Dataset : public QObject {
    Q_OBJECT

private slots:
    void bundledFileParses_data();
    void bundledFileParses();
    void readmeDocumentsEveryFileAndColumn();
    void bundledCrossChecks();
    void provenanceCitesBundledFiles();
    void loadBundledAndRoundTrip();

    void badInput_data();
    void badInput();
    void fileTooLarge();
    void tooManyRows();
    void badImportChangesNothing();
    void goodImportMergesAndPersists();
    void replaceImport();
    void mergeRejectsOtherTopic();
    void arbitraryBytesOnlyThrowDatasetError();

    void dates();
    void studentT_data();
    void studentT();
    void fitKnownAnswerExact();
    void fitKnownAnswerNoisy();
    void fitRejectsBadInput();
    void frontierPriceTrend();
};

// ---------------------------------------------------------------------------------------------------------
// Bundled files

void tst_Dataset::bundledFileParses_data()
{
    QTest::addColumn<QString>("topic");
    QTest::addColumn<int>("rows");
    // The row counts resources/data/README.md states for each file (checked against it below too).
    QTest::newRow("nvidia_dc_revenue") << "nvidia_dc_revenue" << 16;
    QTest::newRow("nvidia_dc_revenue_annual") << "nvidia_dc_revenue_annual" << 4;
    QTest::newRow("accelerator_shipments") << "accelerator_shipments" << 44;
    QTest::newRow("compute_estimates") << "compute_estimates" << 15;
    QTest::newRow("cowos_capacity") << "cowos_capacity" << 18;
    QTest::newRow("accelerator_specs") << "accelerator_specs" << 10;
    QTest::newRow("accelerator_prices") << "accelerator_prices" << 14;
    QTest::newRow("api_prices") << "api_prices" << 40;
    QTest::newRow("price_declines") << "price_declines" << 12;
    QTest::newRow("capex_annual") << "capex_annual" << 30;
    QTest::newRow("capex_quarterly") << "capex_quarterly" << 36;
    QTest::newRow("funding_rounds") << "funding_rounds" << 20;
    QTest::newRow("ai_investment") << "ai_investment" << 17;
    QTest::newRow("demand_drivers") << "demand_drivers" << 32;
    QTest::newRow("power_economics") << "power_economics" << 19;
}

void tst_Dataset::bundledFileParses()
{
    QFETCH(QString, topic);
    QFETCH(int, rows);
    const TopicSchema *schema = findTopic(topic.toStdString());
    QVERIFY(schema);
    Table t;
    try {
        t = parseTopicCsv(readBytes(DataDir + "/" + QString::fromStdString(schema->fileName)), *schema,
                          schema->fileName);
    } catch (const DatasetError &e) {
        QFAIL(e.what());
    }
    QCOMPARE(int(t.rows.size()), rows);

    // Every bundled row is traceable: a confidence mark as its source gives it, a source, an as_of date and a
    // kind; derived and assumption rows explain themselves in the note.
    for (const Row &r : t.rows) {
        const std::string where = schema->fileName + " line " + std::to_string(r.line);
        const std::string &conf = t.text(r, "confidence");
        QVERIFY2(conf.rfind("primary", 0) == 0 || conf.rfind("secondary", 0) == 0 || conf == "derived",
                 (where + ": confidence " + conf).c_str());
        QVERIFY2(!t.text(r, "source").empty() && !t.text(r, "as_of").empty(), where.c_str());
        if (r.kind == Kind::Derived || r.kind == Kind::Assumption)
            QVERIFY2(!t.text(r, "note").empty(), (where + ": derived/assumption rows need a note").c_str());
        QVERIFY(!r.userSupplied);
        QCOMPARE(r.origin, schema->fileName);
    }
    // detectTopic() recognises the bundled header.
    QCOMPARE(detectTopic(readBytes(DataDir + "/" + QString::fromStdString(schema->fileName))), schema);
}

void tst_Dataset::readmeDocumentsEveryFileAndColumn()
{
    const QString readme = QString::fromStdString(readBytes(DataDir + "/README.md"));
    for (const TopicSchema &t : topics()) {
        // The files table states the row count: | `file.csv` | title | rows |
        const QRegularExpression rowLine("\\|\\s*`" +
                                         QRegularExpression::escape(QString::fromStdString(t.fileName)) +
                                         "`\\s*\\|[^|\\n]*\\|\\s*(\\d+)\\s*\\|");
        const QRegularExpressionMatch m = rowLine.match(readme);
        QVERIFY2(m.hasMatch(), ("README lists no row count for " + t.fileName).c_str());
        const Table table =
            parseTopicCsv(readBytes(DataDir + "/" + QString::fromStdString(t.fileName)), t, t.fileName);
        QCOMPARE(m.captured(1).toInt(), int(table.rows.size()));

        // Its section documents every column.
        const qsizetype start = readme.indexOf("### `" + QString::fromStdString(t.fileName) + "`");
        QVERIFY2(start >= 0, ("README has no section for " + t.fileName).c_str());
        qsizetype end = readme.indexOf("\n### ", start + 1);
        if (end < 0)
            end = readme.size();
        const QString section = readme.mid(start, end - start);
        for (const ColumnSpec &c : t.columns) {
            if (c.name == "confidence" || c.name == "source" || c.name == "as_of" || c.name == "kind" ||
                c.name == "note")
                continue; // the common columns are documented once, at the top
            QVERIFY2(section.contains("`" + QString::fromStdString(c.name) + "`"),
                     ("README section of " + t.fileName + " lacks column " + c.name).c_str());
        }
    }
}

void tst_Dataset::bundledCrossChecks()
{
    const Dataset d = loadFromSourceTree();
    // Rounding in the sources: values are given to 3-4 significant figures, so sums agree to ~0.1 %.
    auto near = [](double a, double b, double rel) { return std::fabs(a - b) <= rel * std::fabs(b); };

    // NVIDIA FY2024 (derived) = sum of its four quarters.
    const Table &q = *d.find("nvidia_dc_revenue");
    const double fy24 = sumWhere(q, "revenue_usd_bn", [&](const Row &r) {
        return q.text(r, "fiscal_quarter").rfind("FY2024", 0) == 0;
    });
    const Table &y = *d.find("nvidia_dc_revenue_annual");
    QVERIFY(near(y.number(*findRow(y, {{"fiscal_year", "FY2024"}}), "revenue_usd_bn"), fy24, 1e-9));
    // Reported fiscal years agree with their quarters to within rounding.
    for (const char *fy : {"FY2023", "FY2025", "FY2026"}) {
        const double s = sumWhere(
            q, "revenue_usd_bn", [&](const Row &r) { return q.text(r, "fiscal_quarter").rfind(fy, 0) == 0; });
        QVERIFY2(near(y.number(*findRow(y, {{"fiscal_year", fy}}), "revenue_usd_bn"), s, 0.005), fy);
    }

    // Derived annual capex = the sum of the quarters it names.
    const Table &cq = *d.find("capex_quarterly");
    const Table &ca = *d.find("capex_annual");
    int derivedChecked = 0;
    for (const Row &r : ca.rows) {
        if (r.kind != Kind::Derived || ca.text(r, "basis") != "incl_finance_leases")
            continue;
        const std::string &label = ca.text(r, "year_label");
        // The year is the twelve months ending with period_end's month: the quarters whose middle falls in
        // the year before the middle of that month.
        const double end = ca.date(r, "period_end").midYear();
        const double s = sumWhere(cq, "capex_usd_bn", [&](const Row &x) {
            const double mid = cq.date(x, "quarter").midYear();
            return cq.text(x, "company") == ca.text(r, "company") && mid > end - 1 && mid < end;
        });
        QVERIFY2(near(ca.number(r, "capex_usd_bn"), s, 0.002), (ca.text(r, "company") + " " + label).c_str());
        ++derivedChecked;
    }
    QCOMPARE(derivedChecked, 9); // Microsoft CY2022-25 and FY2023-25, Meta CY2022-23

    // Epoch's per-chip NVIDIA shipments add up to its NVIDIA total each year.
    const Table &sh = *d.find("accelerator_shipments");
    for (int year = 2022; year <= 2025; ++year) {
        const std::string ys = std::to_string(year);
        auto epochNvidia = [&](const Row &r) {
            return sh.text(r, "vendor") == "NVIDIA" && sh.text(r, "estimator") == "Epoch AI" &&
                   sh.text(r, "period") == ys;
        };
        const double parts = sumWhere(sh, "units", [&](const Row &r) {
            return epochNvidia(r) && sh.text(r, "product") != "all data-center AI GPUs";
        });
        const Row *total =
            findRow(sh, {{"vendor", "NVIDIA"}, {"product", "all data-center AI GPUs"}, {"period", ys}});
        QVERIFY(total);
        QVERIFY2(near(sh.number(*total, "units"), parts, 0.01), ys.c_str()); // totals are given to 3 digits
    }

    // The partial European total is the sum of its countries.
    const Table &inv = *d.find("ai_investment");
    const double eu = sumWhere(inv, "value_usd_bn", [&](const Row &r) {
        const std::string &c = inv.text(r, "region");
        return inv.text(r, "year") == "2024" && inv.text(r, "metric") == "private_ai" &&
               (c == "United Kingdom" || c == "Sweden" || c == "France" || c == "Germany");
    });
    QVERIFY(near(
        inv.number(*findRow(inv, {{"region", "United Kingdom + Sweden + France + Germany"}}), "value_usd_bn"),
        eu, 1e-9));

    // Shares of CoWoS demand cannot exceed 100 %.
    const Table &cw = *d.find("cowos_capacity");
    QVERIFY(sumWhere(cw, "value", [&](const Row &r) { return cw.text(r, "metric") == "demand_share"; }) <=
            100);

    // Every priced accelerator has a specification row (the GUI joins them by name).
    std::set<std::string> specNames;
    const Table &specs = *d.find("accelerator_specs");
    for (const Row &r : specs.rows)
        specNames.insert(specs.text(r, "accelerator"));
    const Table &prices = *d.find("accelerator_prices");
    for (const Row &r : prices.rows)
        QVERIFY2(specNames.count(prices.text(r, "accelerator")), prices.text(r, "accelerator").c_str());

    // The assumed GPU-hour price behind the Base case's P0 (docs/model.md) is where the docs say.
    const Table &dd = *d.find("demand_drivers");
    const Row *p0 = findRow(dd, {{"metric", "assumed H800 rental price"}});
    QVERIFY(p0);
    QCOMPARE(dd.number(*p0, "value"), 2.0);
    QCOMPARE(p0->kind, Kind::Assumption);
}

void tst_Dataset::provenanceCitesBundledFiles()
{
    // docs/model.md's "Provenance of the Base case" cites dataset files by name: each must exist.
    const QString doc = QString::fromStdString(readBytes(DataDir + "/../../docs/model.md"));
    const qsizetype start = doc.indexOf("## Provenance of the Base case");
    QVERIFY(start >= 0);
    const QString section = doc.mid(start);
    std::set<std::string> files;
    for (const TopicSchema &t : topics())
        files.insert(t.fileName);
    const QRegularExpression cited("`([a-z_0-9]+\\.csv)`");
    int count = 0;
    for (auto it = cited.globalMatch(section); it.hasNext(); ++count) {
        const std::string name = it.next().captured(1).toStdString();
        QVERIFY2(files.count(name), name.c_str());
    }
    QVERIFY(count >= 10);
}

void tst_Dataset::loadBundledAndRoundTrip()
{
    const Dataset d = loadFromSourceTree();
    QCOMPARE(d.tables.size(), topics().size());
    for (const Table &t : d.tables) {
        QVERIFY(d.find(t.schema->id) == &t);
        // Writing a table and reading it back gives the same cells.
        const Table back = parseTopicCsv(toCsv(t), *t.schema, "roundtrip.csv");
        QCOMPARE(back.rows.size(), t.rows.size());
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            for (std::size_t c = 0; c < t.schema->columns.size(); ++c)
                QCOMPARE(back.rows[i].values[c].text, t.rows[i].values[c].text);
        }
    }
    QVERIFY(d.find("no_such_topic") == nullptr);
    // A missing file propagates the reader's exception.
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, loadBundled([](const std::string &) -> std::string {
                                 throw std::runtime_error("missing");
                             }));
}

// ---------------------------------------------------------------------------------------------------------
// Importer: one row per kind of bad input, each with its own error code, position and message.

void tst_Dataset::badInput_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    // clang-format off
    QTest::newRow("wrong column name")      << "header_wrong_name.csv"       << ErrorCode::Header     << 1 << 5  << "unknown column \"input_usd_per_1k\": expected \"input_usd_per_mtok\"";
    QTest::newRow("missing column")         << "header_missing_column.csv"   << ErrorCode::Header     << 1 << 12 << "missing column \"kind\"";
    QTest::newRow("extra column")           << "header_extra_column.csv"     << ErrorCode::Header     << 1 << 14 << "unexpected extra column \"comment\"";
    QTest::newRow("columns out of order")   << "header_out_of_order.csv"     << ErrorCode::Header     << 1 << 5  << "column \"output_usd_per_mtok\" is out of order";
    QTest::newRow("unknown topic")          << "header_unknown_topic.csv"    << ErrorCode::Header     << 1 << 1  << "header matches no topic";
    QTest::newRow("empty file")             << "empty.csv"                   << ErrorCode::Header     << 1 << 0  << "empty file";
    QTest::newRow("too few fields")         << "row_too_few_fields.csv"      << ErrorCode::FieldCount << 3 << 12 << "too few fields: expected 13, found 11";
    QTest::newRow("too many fields")        << "row_too_many_fields.csv"     << ErrorCode::FieldCount << 3 << 14 << "too many fields: expected 13";
    QTest::newRow("unparsable number")      << "number_unparsable.csv"       << ErrorCode::Number     << 3 << 5  << "not a number: \"$1.25\"";
    QTest::newRow("unparsable date")        << "date_unparsable.csv"         << ErrorCode::Date       << 3 << 3  << "not a date: \"03/01/2025\"";
    QTest::newRow("date not in calendar")   << "date_not_calendar.csv"       << ErrorCode::Date       << 3 << 3  << "not a date: \"2023-02-29\"";
    QTest::newRow("unknown kind")           << "kind_unknown.csv"            << ErrorCode::Kind       << 3 << 12 << "unknown kind \"rumour\"";
    QTest::newRow("encoding: Latin-1")      << "encoding_latin1.csv"         << ErrorCode::Encoding   << 3 << 13 << "invalid UTF-8 at byte 0xE9";
    QTest::newRow("encoding: UTF-16 BOM")   << "encoding_utf16le_bom.csv"    << ErrorCode::Encoding   << 1 << 0  << "UTF-16 byte-order mark";
    QTest::newRow("encoding: UTF-16 no BOM")<< "encoding_utf16le_no_bom.csv" << ErrorCode::Encoding   << 1 << 1  << "NUL byte";
    QTest::newRow("encoding: control char") << "encoding_control_char.csv"   << ErrorCode::Encoding   << 3 << 13 << "control character 0x07";
    QTest::newRow("duplicate rows")         << "duplicate_rows.csv"          << ErrorCode::Duplicate  << 5 << 2  << "duplicate row: same key as line 2";
    QTest::newRow("duplicate, case/spaces") << "duplicate_case_and_spaces.csv" << ErrorCode::Duplicate << 4 << 2 << "duplicate row: same key as line 2";
    QTest::newRow("missing required value") << "missing_required.csv"        << ErrorCode::Missing    << 3 << 1  << "required value is empty";
    QTest::newRow("negative price")         << "out_of_range_negative.csv"   << ErrorCode::OutOfRange << 3 << 5  << "value \"-1.25\" out of range: must be at least 0";
    QTest::newRow("integer out of range")   << "out_of_range_frontier.csv"   << ErrorCode::OutOfRange << 3 << 8  << "must be between 0 and 1";
    QTest::newRow("source not a URL")       << "source_not_url.csv"          << ErrorCode::Url        << 3 << 10 << "not a URL or repository path: \"my own notes\"";
    QTest::newRow("unterminated quote")     << "csv_unterminated_quote.csv"  << ErrorCode::Csv        << 3 << 13 << "unterminated quoted field";
    QTest::newRow("stray quote")            << "csv_stray_quote.csv"         << ErrorCode::Csv        << 3 << 1  << "quote character inside an unquoted field";
    QTest::newRow("range low above high")   << "range_low_above_high.csv"    << ErrorCode::OutOfRange << 2 << 6  << "units_low \"2000000\" is above units_high \"1500000\"";
    QTest::newRow("no value in range group")<< "range_none_given.csv"        << ErrorCode::Missing    << 2 << 5  << "give at least one of units, units_low, units_high, h100e";
    QTest::newRow("dependent value missing")<< "dependency_missing_currency.csv" << ErrorCode::Missing << 2 << 5 << "amount_currency is required when amount_m is given";
    // clang-format on
}

void tst_Dataset::badInput()
{
    QFETCH(QString, file);
    QFETCH(ErrorCode, code);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const std::string bytes = readBytes(TestDir + "/bad/" + file);
    const std::string name = file.toStdString();
    try {
        parseAnyTopicCsv(bytes, name, true);
        QFAIL("accepted a bad file");
    } catch (const DatasetError &e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(e.code() == code, qPrintable(what));
        QCOMPARE(int(e.line()), line);
        QCOMPARE(e.column(), column);
        QCOMPARE(e.file(), name);
        QVERIFY2(QString::fromStdString(e.message()).contains(message), qPrintable(what));
        // One line that names the file, the line and the column.
        QVERIFY(!what.contains('\n'));
        QVERIFY(what.startsWith(file + ", line " + QString::number(line)));
        if (column > 0)
            QVERIFY2(what.contains(", column " + QString::number(column)), qPrintable(what));
    }
}

void tst_Dataset::fileTooLarge()
{
    QVERIFY_THROWS_EXCEPTION(DatasetError, checkFileSize(MaxFileBytes + 1, "huge.csv"));
    checkFileSize(MaxFileBytes, "fine.csv"); // the limit itself is allowed
    const std::string big(MaxFileBytes + 1, 'a');
    try {
        parseAnyTopicCsv(big, "huge.csv");
        QFAIL("accepted a file over the size limit");
    } catch (const DatasetError &e) {
        QCOMPARE(e.code(), ErrorCode::TooLarge);
        QVERIFY(
            QString(e.what()).startsWith("huge.csv: file too large: 52428801 bytes, the limit is 52428800"));
    }
}

void tst_Dataset::tooManyRows()
{
    QCOMPARE(MaxRows, std::size_t(1'000'000));
    // MaxRows + 1 short, valid ai_investment rows (~40 MB, under the size limit): refused by row count alone.
    std::string csv = "region,metric,year,value_usd_bn,confidence,source,as_of,kind\n";
    csv.reserve(40'000'000);
    for (std::size_t i = 0; i <= MaxRows; ++i) {
        // Appended piecewise: `"r" + std::to_string(i)` trips GCC 12's -Wrestrict false positive at -O3.
        csv += 'r';
        csv += std::to_string(i);
        csv += ",m,2024,1,,a.b,2024,estimate\n";
    }
    QVERIFY(csv.size() < MaxFileBytes);
    try {
        parseAnyTopicCsv(csv, "many.csv");
        QFAIL("accepted too many rows");
    } catch (const DatasetError &e) {
        QCOMPARE(e.code(), ErrorCode::TooManyRows);
        QCOMPARE(e.line(), MaxRows + 2); // header + MaxRows rows, then the first row too many
        QVERIFY(QString(e.what()).contains("too many rows: the limit is 1000000"));
    }
}

void tst_Dataset::badImportChangesNothing()
{
    Dataset d = loadFromSourceTree();
    const std::string before = snapshot(d);
    // The bad row comes after good rows and after rows that would replace existing ones.
    const std::string good = readBytes(TestDir + "/good/user_shipments.csv");
    const std::string bad = good + "NVIDIA,H100,,2023,12x,,,,Me,,example.com/x,2025-01,estimate,\r\n";
    try {
        d.importCsv(bad, "bad_tail.csv", MergeMode::Merge);
        QFAIL("accepted a bad import");
    } catch (const DatasetError &e) {
        QCOMPARE(e.code(), ErrorCode::Number);
        QCOMPARE(e.line(), std::size_t(4));
    }
    QCOMPARE(snapshot(d), before);
    QVERIFY_THROWS_EXCEPTION(DatasetError, d.importCsv(readBytes(TestDir + "/bad/duplicate_rows.csv"),
                                                       "dup.csv", MergeMode::Replace));
    QCOMPARE(snapshot(d), before);
}

void tst_Dataset::goodImportMergesAndPersists()
{
    const std::string bytes = readBytes(TestDir + "/good/user_shipments.csv");
    QCOMPARE(detectTopic(bytes), findTopic("accelerator_shipments"));

    Dataset d = loadFromSourceTree();
    const std::size_t before = d.find("accelerator_shipments")->rows.size();
    const std::size_t positionOfReplaced = [&] {
        const Table &t = *d.find("accelerator_shipments");
        return std::size_t(findRow(t, {{"product", "H100/H200"}, {"period", "2025"}}) - t.rows.data());
    }();
    MergeStats stats;
    const TopicSchema &topic = d.importCsv(bytes, "user_shipments.csv", MergeMode::Merge, &stats);
    QCOMPARE(topic.id, std::string("accelerator_shipments"));
    QCOMPARE(stats.replaced, std::size_t(1));
    QCOMPARE(stats.added, std::size_t(1));
    QCOMPARE(stats.removed, std::size_t(0));

    const Table &t = *d.find("accelerator_shipments");
    QCOMPARE(t.rows.size(), before + 1);
    QCOMPARE(t.userRowCount(), std::size_t(2));
    const Row &replaced = t.rows[positionOfReplaced]; // replaced in place
    QVERIFY(replaced.userSupplied);
    QCOMPARE(replaced.origin, std::string("user_shipments.csv"));
    QCOMPARE(t.number(replaced, "units"), 750000.0);
    QCOMPARE(t.text(replaced, "note"), std::string("user's recount, replaces the bundled row"));
    const Row &added = t.rows.back();
    QVERIFY(added.userSupplied);
    QCOMPARE(t.text(added, "product"), std::string("Rubin"));
    QCOMPARE(added.kind, Kind::Assumption);
    QCOMPARE(t.number(added, "units_high"), 900000.0);
    // Other topics are untouched.
    const Dataset fresh = loadFromSourceTree();
    QCOMPARE(toCsv(*d.find("api_prices")), toCsv(*fresh.find("api_prices")));

    // Persistence: the GUI stores the user's file in its data folder and re-applies it at start-up.
    QTemporaryDir dataFolder;
    QVERIFY(dataFolder.isValid());
    const QString stored = dataFolder.filePath("imports/accelerator_shipments.csv");
    QVERIFY(QDir().mkpath(QFileInfo(stored).path()));
    {
        QFile f(stored);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // The user rows as the library writes them (a normalised copy of what was imported).
        const std::string userRows = toCsv(t, true);
        QCOMPARE(f.write(userRows.data(), qint64(userRows.size())), qint64(userRows.size()));
    }
    Dataset restarted = loadFromSourceTree(); // "restart": bundled data, then the stored imports
    restarted.importCsv(readBytes(stored), "user_shipments.csv", MergeMode::Merge);
    QCOMPARE(snapshot(restarted), snapshot(d));
    // Removing the import: start again from the bundled data.
    QCOMPARE(snapshot(loadFromSourceTree()), snapshot(fresh));
}

void tst_Dataset::replaceImport()
{
    Dataset d = loadFromSourceTree();
    const std::size_t before = d.find("accelerator_shipments")->rows.size();
    MergeStats stats;
    d.importCsv(readBytes(TestDir + "/good/user_shipments.csv"), "user_shipments.csv", MergeMode::Replace,
                &stats);
    const Table &t = *d.find("accelerator_shipments");
    QCOMPARE(t.rows.size(), std::size_t(2));
    QCOMPARE(t.userRowCount(), std::size_t(2));
    QCOMPARE(stats.removed, before);
    QCOMPARE(stats.added, std::size_t(2));
}

void tst_Dataset::mergeRejectsOtherTopic()
{
    const Dataset d = loadFromSourceTree();
    try {
        mergeTables(*d.find("api_prices"), *d.find("capex_annual"), MergeMode::Merge);
        QFAIL("merged different topics");
    } catch (const DatasetError &e) {
        QCOMPARE(e.code(), ErrorCode::SchemaMismatch);
    }
    // A parsed-but-not-user table merged in is still marked as the user's.
    const Table imported = parseTopicCsv(readBytes(TestDir + "/good/user_shipments.csv"),
                                         *findTopic("accelerator_shipments"), "x.csv", false);
    const Table merged = mergeTables(*d.find("accelerator_shipments"), imported, MergeMode::Merge);
    QCOMPARE(merged.userRowCount(), std::size_t(2));
}

void tst_Dataset::arbitraryBytesOnlyThrowDatasetError()
{
    // A quick in-test fuzz (the libFuzzer target fuzz_dataset goes further): truncations and random byte
    // mutations of real files must either parse or throw DatasetError, never crash or throw anything else.
    std::mt19937 rng(12345);
    int parsed = 0, rejected = 0;
    for (const TopicSchema &t : topics()) {
        const std::string base = readBytes(DataDir + "/" + QString::fromStdString(t.fileName));
        std::vector<std::string> inputs;
        for (std::size_t cut = 0; cut < base.size(); cut += 211)
            inputs.push_back(base.substr(0, cut));
        for (int i = 0; i < 60; ++i) {
            std::string m = base.substr(0, std::min<std::size_t>(base.size(), 1500));
            const int edits = 1 + int(rng() % 4);
            for (int k = 0; k < edits && !m.empty(); ++k) {
                const std::size_t at = rng() % m.size();
                switch (rng() % 3) {
                case 0:
                    m[at] = char(rng() % 256);
                    break;
                case 1:
                    m.insert(at, 1, "\",\r\n\0\xff\xc3"[rng() % 7]);
                    break;
                default:
                    m.erase(at, 1 + rng() % 8);
                    break;
                }
            }
            inputs.push_back(std::move(m));
        }
        for (const std::string &in : inputs) {
            try {
                parseTopicCsv(in, t, "fuzz.csv");
                parseAnyTopicCsv(in, "fuzz.csv");
                ++parsed;
            } catch (const DatasetError &e) {
                QVERIFY(std::string(e.what()).find('\n') == std::string::npos);
                ++rejected;
            }
        }
    }
    qInfo("fuzz smoke: %d inputs parsed, %d rejected", parsed, rejected);
    QVERIFY(rejected > 0);
}

// ---------------------------------------------------------------------------------------------------------
// Dates and the trend fit

void tst_Dataset::dates()
{
    Date d;
    QVERIFY(Date::parse("2024-02-29", &d));
    QCOMPARE(d.precision, DatePrecision::Day);
    QCOMPARE(d.toString(), std::string("2024-02-29"));
    QVERIFY(!Date::parse("2023-02-29", &d));
    QVERIFY(!Date::parse("2024-00", &d));
    QVERIFY(!Date::parse("2024-Q5", &d));
    QVERIFY(!Date::parse("24-01-01", &d));
    QVERIFY(!Date::parse("2024-1-01", &d));
    QVERIFY(!Date::parse("2024-01-01T00:00", &d));
    QVERIFY(Date::parse("2024-q3", &d));
    QCOMPARE(d.toString(), std::string("2024-Q3"));
    // 1 July 2024 is day 183 of a 366-day year; July and Q3 start there too.
    const double july = 2024 + 182.0 / 366;
    QVERIFY(Date::parse("2024-07-01", &d));
    QCOMPARE(d.startYear(), july);
    QCOMPARE(d.midYear(), july + 0.5 / 366);
    QVERIFY(Date::parse("2024-07", &d));
    QCOMPARE(d.startYear(), july);
    QCOMPARE(d.midYear(), july + 15.5 / 366);
    QVERIFY(Date::parse("2024-Q3", &d));
    QCOMPARE(d.midYear(), july + 46.0 / 366);
    QVERIFY(Date::parse("2025", &d));
    QCOMPARE(d.midYear(), 2025.5);
}

void tst_Dataset::studentT_data()
{
    QTest::addColumn<double>("confidence");
    QTest::addColumn<double>("dof");
    QTest::addColumn<double>("expected");
    // Reference quantiles from reference_fit.py (the regularized incomplete beta function in mpmath); they
    // match the usual printed tables (12.706, 4.303, 2.228, 2.042, 4.032, 1.740).
    const QJsonObject reference = referenceFit();
    REQUIRE_REFERENCE_FIT(reference);
    const QJsonArray cases = reference.value("student_t").toArray();
    QVERIFY(cases.size() >= 6);
    for (const QJsonValue &c : cases) {
        const QJsonObject row = c.toObject();
        const double confidence = row.value("confidence").toDouble(), dof = row.value("dof").toDouble();
        QTest::addRow("%g%%, %g", confidence * 100, dof)
            << confidence << dof << row.value("value").toDouble();
    }
    // The tables' values, to their printed precision: the reference itself is right.
    QVERIFY(std::fabs(cases.at(0).toObject().value("value").toDouble() - 12.706) < 5e-4);
}

void tst_Dataset::studentT()
{
    QFETCH(double, confidence);
    QFETCH(double, dof);
    QFETCH(double, expected);
    // The bisection stops at 1e-14 relative; the continued fraction is good to ~1e-14 too.
    QVERIFY2(std::fabs(studentTCritical(confidence, dof) - expected) < 1e-10 * expected,
             qPrintable(QString::number(studentTCritical(confidence, dof), 'g', 17)));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, studentTCritical(1.0, 5));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, studentTCritical(0.95, 0.5));
}

void tst_Dataset::fitKnownAnswerExact()
{
    // price = 100 / 10^(t - 2020): a tenfold fall per year, exactly.
    std::vector<PricePoint> pts;
    for (double t : {2020.0, 2020.25, 2021.0, 2022.5, 2023.0})
        pts.push_back({t, 100 * std::pow(10.0, -(t - 2020)), ""});
    const DeclineFit f = fitExponentialDecline(pts);
    // Exact data: only floating-point rounding of log/exp separates the fit from the truth.
    QCOMPARE(f.n, std::size_t(5));
    QVERIFY(std::fabs(f.slope + std::log(10.0)) < 1e-12);
    QVERIFY(std::fabs(f.foldPerYear - 10) < 1e-11);
    QVERIFY(std::fabs(f.halvingYears - std::log(2.0) / std::log(10.0)) < 1e-12);
    QVERIFY(std::fabs(f.rSquared - 1) < 1e-12);
    QVERIFY(f.slopeStdError < 1e-12);
    QVERIFY(std::fabs(f.predict(2021.5) - 100 / std::pow(10.0, 1.5)) < 1e-9);
    // Rising prices: no halving.
    for (PricePoint &p : pts)
        p.price = 1 / p.price;
    QVERIFY(std::isinf(fitExponentialDecline(pts).halvingYears));
}

void tst_Dataset::fitKnownAnswerNoisy()
{
    // Synthetic data with scatter (the same points as reference_fit.py's NOISY_POINTS); reference values
    // computed independently with mpmath at 50 digits (ordinary least squares on ln price, t quantile with
    // n - 2 = 5 degrees of freedom).
    const QJsonObject reference = referenceFit();
    REQUIRE_REFERENCE_FIT(reference);
    const QJsonObject want = reference.value("noisy_fit").toObject();
    const std::vector<PricePoint> pts = {{2020.0, 60, ""}, {2020.5, 30, ""},  {2021.0, 25, ""},
                                         {2021.5, 8, ""},  {2022.0, 6.5, ""}, {2022.5, 1.5, ""},
                                         {2023.0, 1.2, ""}};
    const DeclineFit f = fitExponentialDecline(pts, 0.95);
    // Double rounding on 7 points leaves ~1e-15 relative error; 1e-9 is comfortably above it.
    auto same = [](double a, double b) { return std::fabs(a - b) <= 1e-9 * std::fabs(b); };
    QCOMPARE(f.n, std::size_t(want.value("n").toInt()));
    const std::pair<const char *, double> fields[] = {{"slope", f.slope},
                                                      {"slope_std_error", f.slopeStdError},
                                                      {"t_critical", f.tCritical},
                                                      {"fold_per_year", f.foldPerYear},
                                                      {"fold_low", f.foldLow},
                                                      {"fold_high", f.foldHigh},
                                                      {"halving_years", f.halvingYears},
                                                      {"r_squared", f.rSquared}};
    for (const auto &[name, value] : fields) {
        const double expected = want.value(name).toDouble();
        QVERIFY2(
            want.contains(name) && same(value, expected),
            qPrintable(QStringLiteral("%1: %2, reference %3")
                           .arg(name, QString::number(value, 'g', 17), QString::number(expected, 'g', 17))));
    }
}

void tst_Dataset::fitRejectsBadInput()
{
    const std::vector<PricePoint> two = {{2020, 1, ""}, {2021, 2, ""}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitExponentialDecline(two));
    const std::vector<PricePoint> zero = {{2020, 1, ""}, {2021, 0, ""}, {2022, 2, ""}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitExponentialDecline(zero));
    const std::vector<PricePoint> sameYear = {{2020, 1, ""}, {2020, 3, ""}, {2020, 2, ""}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitExponentialDecline(sameYear));
    const std::vector<PricePoint> nan = {{2020, 1, ""}, {std::nan(""), 3, ""}, {2022, 2, ""}};
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, fitExponentialDecline(nan));
    const Dataset d = loadFromSourceTree();
    QVERIFY_THROWS_EXCEPTION(DatasetError, apiPricePoints(*d.find("capex_annual"), PriceBasis::Blended));
}

void tst_Dataset::frontierPriceTrend()
{
    const Dataset d = loadFromSourceTree();
    const Table &api = *d.find("api_prices");
    // References: reference_fit.py reads resources/data/api_prices.csv itself (frontier = 1 rows, x =
    // midpoint of price_date in fractional years) and fits in mpmath, independently of the C++ date and fit
    // code.
    const QJsonObject reference = referenceFit();
    REQUIRE_REFERENCE_FIT(reference);
    struct Case {
        PriceBasis basis;
        const char *name;
        const char *key; // in reference_fit.json
    };
    const Case cases[] = {{PriceBasis::Blended, "blended 3:1", "blended"},
                          {PriceBasis::Input, "input", "input"},
                          {PriceBasis::Output, "output", "output"}};
    for (const Case &c : cases) {
        const QJsonObject want = reference.value("frontier_fit").toObject().value(c.key).toObject();
        const double fold = want.value("fold_per_year").toDouble(), low = want.value("fold_low").toDouble(),
                     high = want.value("fold_high").toDouble();
        const std::vector<PricePoint> pts = apiPricePoints(api, c.basis);
        QCOMPARE(pts.size(), std::size_t(want.value("n").toInt()));
        const DeclineFit f = fitExponentialDecline(pts);
        const auto [first, last] = std::minmax_element(
            pts.begin(), pts.end(), [](const PricePoint &a, const PricePoint &b) { return a.year < b.year; });
        qInfo("frontier API prices (%s, n=%zu, %.1f to %.1f): fall %.2fx per year, 95%% CI %.2fx to %.2fx; "
              "price halves every %.2f years; r^2 = %.2f",
              c.name, f.n, first->year, last->year, f.foldPerYear, f.foldLow, f.foldHigh, f.halvingYears,
              f.rSquared);
        QVERIFY(f.foldLow < f.foldPerYear && f.foldPerYear < f.foldHigh);
        QVERIFY2(std::fabs(f.foldPerYear - fold) < 1e-9 * fold,
                 qPrintable(QString::number(f.foldPerYear, 'g', 17)));
        QVERIFY2(std::fabs(f.foldLow - low) < 1e-9 * low, qPrintable(QString::number(f.foldLow, 'g', 17)));
        QVERIFY2(std::fabs(f.foldHigh - high) < 1e-9 * high,
                 qPrintable(QString::number(f.foldHigh, 'g', 17)));
        QVERIFY(f.foldPerYear > 1); // frontier prices fell
    }
    // The headline (blended) decline is significant at 95 %: the whole interval lies above 1x.
    QVERIFY(fitExponentialDecline(apiPricePoints(api, PriceBasis::Blended)).foldLow > 1);
    // All models (not only the frontier) give more points.
    QVERIFY(apiPricePoints(api, PriceBasis::Blended, false).size() == api.rows.size());
}

QTEST_APPLESS_MAIN(tst_Dataset)
#include "tst_dataset.moc"
