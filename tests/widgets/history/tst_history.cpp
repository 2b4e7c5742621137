// Market history: the data store (bundled data, imports that merge, replace, persist and are removed, bad
// files rejected whole), every history chart (series, provenance, sources, CSV, not blank when rendered), the
// Sankey (flows only from dataset rows), the price-decline fit (the library's), the fan overlays (only before
// the start month) and the import dialogs. Offscreen; set JEVONS_HISTORY_PNG_DIR to get every chart as PNG.
#include "jevons/backtest/calibration.h"
#include "jevons/backtest/observations.h"
#include "jevons/charts/chart_factory.h"
#include "jevons/window/data_import_dialog.h"
#include "jevons/market/data_store.h"
#include "jevons/charts/fan_chart.h"
#include "jevons/history/history_charts.h"
#include "jevons/history/history_overlays.h"
#include "jevons/history/history_pages.h"
#include "jevons/history/history_sankey.h"
#include "jevons/market/provenance.h"
#include "jevons/history/sources_dialog.h"

#include <QAbstractAxis>
#include <QChart>
#include <QDialog>
#include <QDir>
#include <QGraphicsView>
#include <QXYSeries>
#include <QFile>
#include <QFontMetricsF>
#include <QImage>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>
#include <QLegendMarker>
#include <QLegend>

#include "image_checks.h"

#include <cmath>
#include <set>

using namespace jevons;
using namespace jevons::ui;
using testing::distinctColours;

namespace {
const QString TestData = QStringLiteral(JEVONS_TEST_DATA_DIR); // tests/compute/dataset

QImage render(ChartPanel *panel, const QSize &size = QSize(1000, 620))
{
    QImage image(size, QImage::Format_ARGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    panel->renderTo(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

/// Every cell of every table and the user flags: equal strings mean equal datasets.
QString fingerprint(const data::Dataset &dataset)
{
    QString out;
    for (const data::Table &table : dataset.tables) {
        out += QString::fromStdString(data::toCsv(table));
        for (const data::Row &row : table.rows)
            out += row.userSupplied ? QLatin1Char('u') : QLatin1Char('b');
    }
    return out;
}

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

const data::Row *findShipment(const data::Table &table, const QString &product, int year,
                              const QString &estimator)
{
    for (const data::Row &row : table.rows)
        if (QString::fromStdString(table.text(row, "product")) == product &&
            table.date(row, "period").year == year &&
            QString::fromStdString(table.text(row, "estimator")) == estimator &&
            table.text(row, "buyer").empty())
            return &row;
    return nullptr;
}
} // namespace

class tst_History : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void storeLoadsEveryBundledTopic();
    void importMergesAndPersists();
    void replaceImportAndRemoval();
    void badFileRejectedWhole_data();
    void badFileRejectedWhole();
    void chartsBuildFromBundledData();
    void axisTitlesFitTheirPlot();
    void importedRowsAreMarked();
    void sankeyFlowsComeFromRows();
    void priceFitIsTheLibrarysFit();
    void overlaysOnlyBeforeStartMonth();
    void overlaysAreTheBacktestObservations();
    void historyJoinsTheFanOrSaysWhy();
    void overlaysOnFanCharts();
    void importDialogs();
    void hoverShowsProvenance();
    void writePngs();

private:
    QString m_importsDir;
};

void tst_History::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("JevonsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_history"));
    // ~/.qttest/...: never the user's real data folder.
    QStandardPaths::setTestModeEnabled(true);
    m_importsDir =
        QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/imports");
    QVERIFY(m_importsDir.contains(QLatin1String(".qttest")));
}

void tst_History::init()
{
    QDir(m_importsDir).removeRecursively();
}

void tst_History::cleanupTestCase()
{
    QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
}

void tst_History::storeLoadsEveryBundledTopic()
{
    DataStore store;
    QCOMPARE(store.importsDirectory(), m_importsDir);
    QVERIFY2(store.loadErrors().isEmpty(), qPrintable(store.loadErrors().join(QLatin1Char('\n'))));
    QCOMPARE(store.dataset().tables.size(), data::topics().size());
    for (const data::TopicSchema &topic : data::topics()) {
        const data::Table *table = store.table(topic.id);
        QVERIFY2(table && !table->rows.empty(), topic.id.c_str());
        QCOMPARE(table->userRowCount(), std::size_t(0));
    }
    QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(44)); // README's count
    QVERIFY(store.imports().isEmpty());
}

void tst_History::importMergesAndPersists()
{
    const QString file = TestData + QStringLiteral("/good/user_shipments.csv");
    {
        DataStore store;
        QSignalSpy changed(&store, &DataStore::changed);
        const DataStore::ImportOutcome out = store.importFile(file, data::MergeMode::Merge);
        QVERIFY2(out.ok, qPrintable(out.message));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(out.topicId, QStringLiteral("accelerator_shipments"));
        QCOMPARE(out.importedRows, 2);
        QCOMPARE(out.stats.added, std::size_t(1));    // NVIDIA Rubin 2026, My team
        QCOMPARE(out.stats.replaced, std::size_t(1)); // NVIDIA H100/H200 2025, Epoch AI
        const data::Table &table = *store.table("accelerator_shipments");
        QCOMPARE(table.rows.size(), std::size_t(45));
        QCOMPARE(table.userRowCount(), std::size_t(2));
        const data::Row *recount =
            findShipment(table, QStringLiteral("H100/H200"), 2025, QStringLiteral("Epoch AI"));
        QVERIFY(recount);
        QVERIFY(recount->userSupplied);
        QCOMPARE(table.number(*recount, "units"), 750000.0);
        QCOMPARE(QString::fromStdString(recount->origin), QStringLiteral("user_shipments.csv"));
        QCOMPARE(store.imports().size(), 1);
        QCOMPARE(filesIn(m_importsDir).size(), 2); // the copy and imports.json
        QVERIFY(out.message.contains(QLatin1String("1 row added")));
    }
    // A new store (the next start) re-applies it.
    {
        DataStore store;
        QVERIFY2(store.loadErrors().isEmpty(), qPrintable(store.loadErrors().join(QLatin1Char('\n'))));
        const data::Table &table = *store.table("accelerator_shipments");
        QCOMPARE(table.rows.size(), std::size_t(45));
        QCOMPARE(table.userRowCount(), std::size_t(2));
        const data::Row *recount =
            findShipment(table, QStringLiteral("H100/H200"), 2025, QStringLiteral("Epoch AI"));
        QVERIFY(recount && recount->userSupplied);
        QCOMPARE(QString::fromStdString(recount->origin), QStringLiteral("user_shipments.csv"));
        QCOMPARE(store.importedTopics(), QStringList{QStringLiteral("accelerator_shipments")});
        // Until removed.
        QSignalSpy changed(&store, &DataStore::changed);
        QVERIFY(store.removeImport(QStringLiteral("accelerator_shipments")));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(44));
        QCOMPARE(store.table("accelerator_shipments")->userRowCount(), std::size_t(0));
        QCOMPARE(fingerprint(store.dataset()), fingerprint(store.bundled()));
    }
    DataStore store;
    QVERIFY(store.imports().isEmpty());
    QCOMPARE(fingerprint(store.dataset()), fingerprint(store.bundled()));
    QCOMPARE(filesIn(m_importsDir), QStringList{QStringLiteral("imports.json")});
}

void tst_History::replaceImportAndRemoval()
{
    const QString file = TestData + QStringLiteral("/good/user_shipments.csv");
    DataStore store;
    const DataStore::ImportOutcome preview = store.previewFile(file, data::MergeMode::Replace);
    QVERIFY2(preview.ok, qPrintable(preview.message));
    QCOMPARE(preview.rowsAfter, 2);
    QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(44)); // a preview changes nothing
    QVERIFY(store.imports().isEmpty());

    // Merge, then replace: the replace makes the merge irrelevant and its copy is dropped.
    QVERIFY(store.importFile(file, data::MergeMode::Merge).ok);
    const DataStore::ImportOutcome out = store.importFile(file, data::MergeMode::Replace);
    QVERIFY2(out.ok, qPrintable(out.message));
    QCOMPARE(out.stats.removed, std::size_t(45));
    QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(2));
    QCOMPARE(store.imports().size(), 1);
    QCOMPARE(filesIn(m_importsDir).size(), 2);
    {
        DataStore next;
        QCOMPARE(next.table("accelerator_shipments")->rows.size(), std::size_t(2));
        QCOMPARE(next.table("accelerator_shipments")->userRowCount(), std::size_t(2));
    }
    QVERIFY(store.removeImport(QStringLiteral("accelerator_shipments")));
    QCOMPARE(store.table("accelerator_shipments")->rows.size(), std::size_t(44));
}

void tst_History::badFileRejectedWhole_data()
{
    QTest::addColumn<QString>("file");
    for (const QString &name : QDir(TestData + QStringLiteral("/bad")).entryList({QStringLiteral("*.csv")}))
        QTest::newRow(qPrintable(name)) << TestData + QStringLiteral("/bad/") + name;
}

void tst_History::badFileRejectedWhole()
{
    QFETCH(QString, file);
    const QString name = QFileInfo(file).fileName();
    DataStore store;
    // Something imported before, to check it survives a failed import untouched.
    QVERIFY(
        store.importFile(TestData + QStringLiteral("/good/user_shipments.csv"), data::MergeMode::Merge).ok);
    const QString before = fingerprint(store.dataset());
    const QStringList filesBefore = filesIn(m_importsDir);
    const quint64 revision = store.revision();
    QSignalSpy changed(&store, &DataStore::changed);
    for (const data::MergeMode mode : {data::MergeMode::Merge, data::MergeMode::Replace}) {
        const DataStore::ImportOutcome preview = store.previewFile(file, mode);
        const DataStore::ImportOutcome out = store.importFile(file, mode);
        QVERIFY(!preview.ok);
        QVERIFY(!out.ok);
        QCOMPARE(out.message, preview.message);
        // "FILE, line L, column C (NAME): MESSAGE".
        QVERIFY2(out.message.startsWith(name + QStringLiteral(", line ")), qPrintable(out.message));
        // Whole-file problems (encoding, an empty file) have no column.
        if (!name.startsWith(QLatin1String("encoding_")) && name != QLatin1String("empty.csv"))
            QVERIFY2(QRegularExpression(QStringLiteral("^[^,]+, line \\d+, column \\d+"))
                         .match(out.message)
                         .hasMatch(),
                     qPrintable(out.message));
    }
    QCOMPARE(fingerprint(store.dataset()), before);
    QCOMPARE(filesIn(m_importsDir), filesBefore);
    QCOMPARE(store.revision(), revision);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(store.imports().size(), 1);
}

void tst_History::chartsBuildFromBundledData()
{
    DataStore store;
    HistoryPages pages(&store);
    QCOMPARE(pages.count(), 3);
    QStringList ids;
    for (HistoryChart *chart : pages.charts()) {
        const QString id = chart->chartId();
        ids << id;
        QVERIFY2(!chart->plotted().isEmpty(), qPrintable(id));
        QVERIFY2(!chart->sources().isEmpty(), qPrintable(id));
        QVERIFY2(!chart->caption().isEmpty(), qPrintable(id));
        QCOMPARE(chart->userSuppliedCount(), 0);
        for (const Provenance &p : chart->plotted()) {
            QVERIFY2(!p.kind.isEmpty() && !p.source.isEmpty() && !p.asOf.isEmpty() &&
                         !p.valueText.isEmpty() && !p.label.isEmpty(),
                     qPrintable(id + QStringLiteral(": ") + provenanceText(p)));
            const QString html = provenanceHtml(p);
            QVERIFY(html.contains(QLatin1String("Kind:")) && html.contains(QLatin1String("Source:")));
        }
        for (const SourceEntry &e : chart->sourceEntries())
            QVERIFY2(!e.asOf.isEmpty() && e.rows > 0 && !e.reference.contains(QLatin1Char(' ')),
                     qPrintable(id + QStringLiteral(": ") + e.reference));
        const QString csv = chart->toCsv();
        const QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QVERIFY2(lines.size() >= 3, qPrintable(id + QStringLiteral("\n") + csv));
        QVERIFY2(lines.front().contains(QLatin1Char('(')),
                 qPrintable(id + QStringLiteral(": units in header")));
        const QImage image = render(chart);
        QVERIFY2(distinctColours(image) > 40, qPrintable(id + QStringLiteral(" looks blank")));
        QCOMPARE(pages.chart(id), chart);
    }
    QCOMPARE(ids,
             (QStringList{QStringLiteral("history_shipments"), QStringLiteral("history_installed_compute"),
                          QStringLiteral("history_nvidia_revenue"), QStringLiteral("history_cowos"),
                          QStringLiteral("history_token_prices"), QStringLiteral("history_capex"),
                          QStringLiteral("history_funding_rounds"), QStringLiteral("history_ai_investment"),
                          QStringLiteral("history_money_flows")}));

    // Spot checks against the rows.
    auto *shipments = static_cast<ShipmentsHistoryChart *>(pages.chart(QStringLiteral("history_shipments")));
    QCOMPARE(shipments->estimator(), QStringLiteral("Epoch AI"));
    QVERIFY(shipments->toCsv().contains(QLatin1String("2025,4460000,"))); // NVIDIA's total, not its products
    shipments->setMeasure(ShipmentsHistoryChart::Measure::H100e);
    QVERIFY(shipments->toCsv().contains(QLatin1String("2025,8920000")));
    QVERIFY(distinctColours(render(shipments)) > 40);
    auto *capex = static_cast<CapexHistoryChart *>(pages.chart(QStringLiteral("history_capex")));
    QVERIFY(
        capex->toCsv().contains(QLatin1String("Alphabet guidance (USD billions)"))); // 2026: guidance only
    {
        // One legend entry per company and one for all guidance (eight entries were cut short at 1366x768).
        // Shown on its own: legend markers report themselves visible only on a shown chart.
        QWidget *owner = capex->parentWidget();
        capex->setParent(nullptr);
        capex->resize(700, 500);
        capex->show();
        QVERIFY(QTest::qWaitForWindowExposed(capex));
        capex->ensureUpToDate();
        QStringList entries;
        for (QLegendMarker *marker : capex->chart()->legend()->markers())
            if (marker->isVisible())
                entries << marker->label();
        QCOMPARE(entries,
                 (QStringList{QStringLiteral("Microsoft"), QStringLiteral("Meta"), QStringLiteral("Alphabet"),
                              QStringLiteral("Amazon"), QStringLiteral("Guidance")}));
        capex->hide();
        capex->setParent(owner); // owned, and deleted, by the pages again
    }
    capex->setPeriod(CapexHistoryChart::Period::Quarter);
    QVERIFY(capex->toCsv().contains(QLatin1String("2025 Q4,37.5,22.1")));
    QVERIFY(distinctColours(render(capex)) > 40);
    const QString revenue = pages.chart(QStringLiteral("history_nvidia_revenue"))->toCsv();
    QVERIFY(revenue.contains(QLatin1String("FY2026-Q4,2026-01-25,62.31,0")));
    QVERIFY(pages.chart(QStringLiteral("history_cowos"))->toCsv().contains(QLatin1String("75000,80000")));
}

void tst_History::axisTitlesFitTheirPlot()
{
    DataStore store;
    HistoryPages pages(&store);
    auto *chart = static_cast<HistoryChart *>(pages.chart(QStringLiteral("history_installed_compute")));
    auto titleOf = [&](const QSize &size) {
        chart->setParent(nullptr); // shown on its own, at the size asked for
        chart->resize(size);
        chart->show();
        if (!QTest::qWaitForWindowExposed(chart))
            return QString();
        chart->ensureUpToDate();
        QCoreApplication::processEvents(); // the chart lays out, and says its new plot area
        QAbstractAxis *axis = chart->chart()->axes(Qt::Vertical).value(0);
        const QString title = axis ? axis->titleText() : QString();
        const double room = chart->chart()->plotArea().height();
        chart->hide();
        // Whatever the size, the title drawn is no longer than the plot (so never elided).
        return axis && QFontMetricsF(axis->titleFont()).horizontalAdvance(title) <= room
                   ? title
                   : QStringLiteral("?");
    };
    QWidget *owner = chart->parentWidget();
    const QString tall = titleOf(QSize(700, 900));
    const QString low = titleOf(QSize(700, 250));
    chart->setParent(owner);
    QCOMPARE(tall, QStringLiteral("Installed compute (M H100e)"));
    QCOMPARE(low, QStringLiteral("M H100e")); // the unit alone: the chart's title names the quantity
}

void tst_History::importedRowsAreMarked()
{
    DataStore store;
    HistoryPages pages(&store);
    auto *shipments = static_cast<ShipmentsHistoryChart *>(pages.chart(QStringLiteral("history_shipments")));
    QCOMPARE(shipments->estimators().count(QStringLiteral("My team")), 0);
    QVERIFY(
        store.importFile(TestData + QStringLiteral("/good/user_shipments.csv"), data::MergeMode::Merge).ok);
    // The estimator list follows the data; the user's own estimate is drawn, hatched and marked.
    QVERIFY(shipments->estimators().contains(QStringLiteral("My team")));
    shipments->setEstimator(QStringLiteral("My team"));
    QCOMPARE(shipments->userSuppliedCount(), 1);
    const Provenance &p = shipments->plotted().front();
    QVERIFY(p.userSupplied);
    QCOMPARE(p.origin, QStringLiteral("user_shipments.csv"));
    QVERIFY(p.valueText.contains(QLatin1String("midpoint"))); // 400k–900k range
    QVERIFY(provenanceHtml(p).contains(QLatin1String("User-supplied")));
    QVERIFY(shipments->toCsv().contains(QLatin1String("NVIDIA (user-supplied) (accelerators)")));
    QVERIFY(shipments->sources()
                .join(QLatin1Char('\n'))
                .contains(QLatin1String("imported from user_shipments.csv")));
    QVERIFY(distinctColours(render(shipments)) > 20);
    // Epoch view: the replaced H100/H200 row is a product under NVIDIA's total: listed, marked, not added.
    shipments->setEstimator(QStringLiteral("Epoch AI"));
    bool listed = false;
    for (const Provenance &q : shipments->plotted())
        listed = listed || (q.label.startsWith(QLatin1String("NVIDIA, 2025")) &&
                            q.detail.contains(QLatin1String("(user-supplied)")));
    QVERIFY(listed);
}

void tst_History::sankeyFlowsComeFromRows()
{
    DataStore store;
    const data::Dataset &dataset = store.dataset();
    const QList<int> years = moneyFlowYears(dataset);
    QVERIFY(years.contains(2024) && years.contains(2025));
    QCOMPARE(defaultMoneyFlowYear(dataset), 2025);
    for (int year : years) {
        const MoneyFlowModel model = buildMoneyFlows(dataset, year);
        QVERIFY(!model.flows.isEmpty());
        std::vector<double> nodeTotals(std::size_t(model.nodes.size()), 0);
        for (const MoneyFlow &f : model.flows) {
            QVERIFY(f.usd > 0);
            QVERIFY(f.table && f.row);
            // The row belongs to the dataset's table, and the amount is the row's (capex guidance: midpoint).
            QVERIFY(f.row >= f.table->rows.data() && f.row < f.table->rows.data() + f.table->rows.size());
            const std::string topic = f.table->schema->id;
            double expected = 0;
            if (topic == "funding_rounds") {
                expected = f.table->number(*f.row, "amount_m") * 1e6;
                QCOMPARE(QString::fromStdString(f.table->text(*f.row, "amount_currency")),
                         QStringLiteral("USD"));
                QCOMPARE(f.table->date(*f.row, "date").year, year);
            } else if (topic == "capex_annual") {
                const double point = f.table->number(*f.row, "capex_usd_bn");
                expected = (std::isfinite(point) ? point
                                                 : (f.table->number(*f.row, "capex_usd_bn_low") +
                                                    f.table->number(*f.row, "capex_usd_bn_high")) /
                                                       2) *
                           1e9;
                QCOMPARE(QString::fromStdString(f.table->text(*f.row, "year_label")),
                         QStringLiteral("CY%1").arg(year));
            } else {
                QCOMPARE(topic, std::string("nvidia_dc_revenue_annual"));
                expected = f.table->number(*f.row, "revenue_usd_bn") * 1e9;
            }
            QVERIFY2(qFuzzyCompare(f.usd, expected), qPrintable(f.provenance.label));
            nodeTotals[std::size_t(f.from)] += f.usd;
            nodeTotals[std::size_t(f.to)] += f.usd;
        }
        for (int i = 0; i < model.nodes.size(); ++i)
            QVERIFY(qFuzzyCompare(model.nodes[i].usd, nodeTotals[std::size_t(i)]));
    }
    // 2025: Amazon, Microsoft, Alphabet, Meta capex; SoftBank-led OpenAI round; the secondary sale and the
    // euro round are left out and said so.
    const MoneyFlowModel y2025 = buildMoneyFlows(dataset, 2025);
    QStringList names;
    for (const MoneyFlowNode &n : y2025.nodes)
        names << n.name;
    for (const char *name : {"Amazon", "Microsoft", "Alphabet", "Meta", "OpenAI", "Anthropic"})
        QVERIFY2(names.contains(QLatin1String(name)), name);
    QVERIFY(!names.contains(QStringLiteral("Mistral AI")));
    QVERIFY(y2025.notes.join(QLatin1Char(' ')).contains(QLatin1String("exchange rate")));
    QVERIFY(y2025.notes.join(QLatin1Char(' ')).contains(QLatin1String("existing shares")));
    QVERIFY(buildMoneyFlows(dataset, 1990).flows.isEmpty());

    MoneyFlowSankey sankey(&store);
    QCOMPARE(sankey.year(), 2025);
    QCOMPARE(sankey.plotted().size(), y2025.flows.size());
    QVERIFY(
        sankey.toCsv().contains(QLatin1String("2025,Amazon,\"Suppliers (chips, servers, sites)\",1.31e+11")));
    const QImage image = render(&sankey);
    QVERIFY(distinctColours(image) > 40);
    // The hover text of a band is its row's provenance.
    const MoneyFlowSankey::Geometry g = sankey.layout(QRectF(0, 0, 1000, 620));
    const QRectF box = g.flows.front().boundingRect();
    QString hit;
    for (double y = box.top(); y <= box.bottom() && hit.isEmpty(); y += 0.5)
        hit = sankey.tooltipAt(QRectF(0, 0, 1000, 620), QPointF(box.center().x(), y));
    QVERIFY2(hit.contains(QLatin1String("Source:")), qPrintable(hit));
    sankey.setYear(2026); // guidance only for capex
    QVERIFY(std::any_of(sankey.model().flows.begin(), sankey.model().flows.end(),
                        [](const MoneyFlow &f) { return f.guidance; }));
    QVERIFY(distinctColours(render(&sankey)) > 40);
}

void tst_History::priceFitIsTheLibrarysFit()
{
    DataStore store;
    TokenPriceHistoryChart chart(&store);
    const data::Table &prices = *store.table("api_prices");
    struct Case {
        data::PriceBasis basis;
        TokenPriceHistoryChart::ModelSet set;
        bool frontierOnly;
    };
    for (const Case &c : {Case{data::PriceBasis::Blended, TokenPriceHistoryChart::ModelSet::Frontier, true},
                          Case{data::PriceBasis::Input, TokenPriceHistoryChart::ModelSet::Frontier, true},
                          Case{data::PriceBasis::Output, TokenPriceHistoryChart::ModelSet::All, false}}) {
        chart.setBasis(c.basis);
        chart.setModelSet(c.set);
        chart.ensureUpToDate();
        const std::vector<data::PricePoint> expected = data::apiPricePoints(prices, c.basis, c.frontierOnly);
        const std::vector<data::PricePoint> &shown = chart.fitPoints();
        QCOMPARE(shown.size(), expected.size());
        for (std::size_t i = 0; i < shown.size(); ++i) {
            QCOMPARE(shown[i].year, expected[i].year);
            QCOMPARE(shown[i].price, expected[i].price);
        }
        const data::DeclineFit fit = data::fitExponentialDecline(expected);
        QVERIFY(chart.hasFit());
        QCOMPARE(chart.fit().n, fit.n);
        QCOMPARE(chart.fit().slope, fit.slope);
        QCOMPARE(chart.fit().foldPerYear, fit.foldPerYear);
        QCOMPARE(chart.fit().halvingYears, fit.halvingYears);
        QVERIFY2(chart.fitSummary().contains(QStringLiteral("÷%1 per year").arg(fit.foldPerYear, 0, 'f', 2)),
                 qPrintable(chart.fitSummary()));
        QVERIFY(
            chart.fitSummary().contains(QStringLiteral("%1 months").arg(fit.halvingYears * 12, 0, 'f', 1)));
    }
    // README: frontier blended, n = 19, 2.32x per year.
    chart.setBasis(data::PriceBasis::Blended);
    chart.setModelSet(TokenPriceHistoryChart::ModelSet::Frontier);
    chart.ensureUpToDate();
    QCOMPARE(chart.fit().n, std::size_t(19));
    QVERIFY2(chart.fitSummary().contains(QStringLiteral("÷2.32 per year")), qPrintable(chart.fitSummary()));
    // The smaller tiers: frontier = 0 rows only.
    chart.setModelSet(TokenPriceHistoryChart::ModelSet::NonFrontier);
    chart.ensureUpToDate();
    QCOMPARE(chart.fitPoints().size(),
             data::apiPricePoints(prices, data::PriceBasis::Blended, false).size() - 19);
    QVERIFY(chart.toCsv().contains(QLatin1String("\nfit,")));
}

void tst_History::overlaysOnlyBeforeStartMonth()
{
    DataStore store;
    const data::Dataset &dataset = store.dataset();
    for (const auto &[year, month] : {std::pair{2026, 4}, std::pair{2025, 1}, std::pair{2024, 7}}) {
        Scenario scenario;
        scenario.startYear = year;
        scenario.startMonth = month;
        const QList<ObservedSeries> history = observedHistory(dataset, scenario);
        QSet<QString> charts;
        for (const ObservedSeries &s : history) {
            charts.insert(s.chartId);
            if (s.chartId == QLatin1String("gpu_hour_price") && year * 12 + month <= 2024 * 12 + 12)
                continue; // DeepSeek's one figure is dated 2024-12
            if (s.chartId == QLatin1String("power") && year * 12 + month <= 2026 * 12 + 3)
                continue; // the one chip-power figure is dated 2026-Q1
            QVERIFY2(!s.points.isEmpty(), qPrintable(s.label));
            QVERIFY(!s.sources.isEmpty() && !s.label.isEmpty() && !s.unit.isEmpty() &&
                    !s.description.isEmpty());
            QVERIFY(s.mappingId.isEmpty() || !s.reason.isEmpty());
            double previous = -HUGE_VAL;
            for (const QPointF &p : s.points) {
                QVERIFY2(p.x() < 0, qPrintable(QStringLiteral("%1 at %2").arg(s.label).arg(p.x())));
                QVERIFY(p.x() > previous);
                QVERIFY(p.y() > 0);
                previous = p.x();
            }
        }
        QCOMPARE(charts, (QSet<QString>{QStringLiteral("supply_demand"), QStringLiteral("token_price"),
                                        QStringLiteral("capex_revenue"), QStringLiteral("gpu_hour_price"),
                                        QStringLiteral("power")}));
    }
    // Capex: the four hyperscalers' 2025-Q1 sum / 3 at February 2025.
    bool found = false;
    for (const ObservedSeries &s : observedHistory(dataset, Scenario()))
        if (s.mappingId == QLatin1String("hyperscaler_capex"))
            for (const QPointF &p : s.points)
                if (p.x() == monthOffset(2025, 2, 2026, 4)) {
                    QVERIFY(qFuzzyCompare(p.y(), (21.4 + 13.70 + 17.2 + 25) * 1e9 / 3));
                    found = true;
                }
    QVERIFY(found);
    // Before any data there is nothing to show.
    Scenario early;
    early.startYear = 2022;
    early.startMonth = 1;
    for (const ObservedSeries &s : observedHistory(dataset, early))
        QVERIFY2(s.points.isEmpty(), qPrintable(s.label));
    QCOMPARE(monthOffsetToMsecs(0, 2026, 4),
             double(QDateTime(QDate(2026, 4, 1), QTime(0, 0)).toMSecsSinceEpoch()));
    QCOMPARE(monthOffsetToMsecs(-3, 2026, 4),
             double(QDateTime(QDate(2026, 1, 1), QTime(0, 0)).toMSecsSinceEpoch()));
}

namespace {
struct BaseCaseFans {
    std::unique_ptr<FanChart> supply{createSupplyDemandChart(false, nullptr)};
    std::unique_ptr<FanChart> gpu{createGpuHourPriceChart(false, nullptr)};
    std::unique_ptr<FanChart> token{createTokenPriceChart(false, nullptr)};
    std::unique_ptr<FanChart> capex{createCapexRevenueChart(false, nullptr)};
    QList<FanChart *> all() const { return {supply.get(), gpu.get(), token.get(), capex.get()}; }
    FanChart *byId(const std::string &id) const
    {
        for (FanChart *f : all())
            if (f->chartId() == QString::fromStdString(id))
                return f;
        return nullptr;
    }
};

/// The line of `fan` drawn for the backtest mapping `m` (by its label, as observedHistory() gives it).
int lineOf(const FanChart &fan, const QList<ObservedSeries> &history, const backtest::Mapping &m)
{
    for (const ObservedSeries &s : history)
        if (s.mappingId == QString::fromStdString(m.id))
            for (int i = 0; i < fan.historyCount(); ++i)
                if (fan.historyLabel(i) == s.label)
                    return i;
    return -1;
}
} // namespace

void tst_History::overlaysAreTheBacktestObservations()
{
    // The Base case: each fan's history is the backtest's observations of its series, mapped by the
    // backtest's own factor (and, for NVIDIA's count, its offset), before the start month.
    DataStore store;
    const data::Dataset &dataset = store.dataset();
    const Scenario base;
    BaseCaseFans fans;
    QCOMPARE(applyObservedHistory(fans.all(), dataset, base), 4);
    const QList<ObservedSeries> history = observedHistory(dataset, base);
    const backtest::MonthIndex start = backtest::monthIndex(base.startYear, base.startMonth);
    const double countAtStart =
        backtest::nvidiaCumulativeAt(dataset, start, start, backtest::RowDating::Described);
    for (const backtest::Mapping &m : backtest::mappings()) {
        FanChart *fan = fans.byId(m.chartId);
        QVERIFY2(fan, m.id.c_str());
        const int line = lineOf(*fan, history, m);
        QVERIFY2(line >= 0, m.id.c_str());
        const backtest::Transform t = backtest::transformFor(m, base, countAtStart);
        QList<QPointF> expected;
        // As drawn (every month for the frontier price), of which the scored points are a part.
        const std::vector<backtest::ObservedPoint> drawn = backtest::observedPoints(dataset, m, true);
        for (const backtest::ObservedPoint &p : backtest::observedPoints(dataset, m))
            QVERIFY2(std::any_of(drawn.begin(), drawn.end(),
                                 [&](const backtest::ObservedPoint &q) {
                                     return q.month == p.month && q.value == p.value;
                                 }),
                     m.id.c_str());
        for (const backtest::ObservedPoint &p : drawn) {
            if (p.month >= start)
                continue;
            const int k = p.month - start;
            expected.append(QPointF(k, t.toModel(p.value, k)));
            // The mapping in the words of the issue: the observation over the factor, NVIDIA's count
            // shifted by the part of the start's base outside it.
            const double direct = m.countSinceStart
                                      ? p.value + (base[Param::InstalledBase] * 1e6 - countAtStart)
                                      : p.value / m.scale;
            QVERIFY2(std::abs(expected.last().y() - direct) <= 1e-9 * direct, m.id.c_str());
        }
        QVERIFY2(expected.size() >= 2, m.id.c_str());
        QCOMPARE(fan->historyPoints(line), expected);
        // The legend and the crosshair name the observation and its scaling.
        const QString label = fan->historyLabel(line);
        if (m.scale != 1)
            QVERIFY2(label.contains(QStringLiteral("÷ ") +
                                    QString::fromStdString(formatNumber(m.scale, m.scale < 1 ? 2 : 4))),
                     qPrintable(label));
        if (m.countSinceStart)
            QVERIFY2(label.contains(QLatin1String("outside NVIDIA's count")), qPrintable(label));
        // The legend's short entry says the same: what and by what factor.
        const QString legend = fan->historySeries(line)->name();
        QVERIFY2(legend.startsWith(QLatin1String("Observed: ")), qPrintable(legend));
        if (m.scale != 1)
            QVERIFY2(legend.contains(QStringLiteral("÷ ") +
                                     QString::fromStdString(formatNumber(m.scale, m.scale < 1 ? 2 : 4))),
                     qPrintable(legend));
        QVERIFY2(legend.size() <= 36, qPrintable(legend));
    }
    // The GPU-hour fan: the dataset's one figure, DeepSeek's assumption, unmapped.
    QCOMPARE(fans.gpu->historyCount(), 1);
    QCOMPARE(fans.gpu->historyPoints().size(), qsizetype(1));
    QVERIFY(fans.gpu->historyLabel().contains(QLatin1String("assumption")));
}

void tst_History::historyJoinsTheFanOrSaysWhy()
{
    DataStore store;
    const data::Dataset &dataset = store.dataset();
    const Scenario base;
    BaseCaseFans fans;
    applyObservedHistory(fans.all(), dataset, base);
    SimulationSettings settings;
    settings.paths = 4'000;
    settings.backend = Backend::Cpu;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(simulate(base, settings));
    const QList<ObservedSeries> history = observedHistory(dataset, base);
    for (FanChart *fan : fans.all()) {
        fan->resize(1000, 600);
        fan->setInputs(inputs);
        fan->ensureUpToDate();
        // Every fan with history says in words, on the chart and in its caption, what the history measures.
        const QString note = fan->historyNote();
        QVERIFY2(!note.isEmpty(), qPrintable(fan->chartId()));
        auto *label = fan->findChild<QLabel *>(QStringLiteral("historyNote"));
        QVERIFY(label && label->text() == note && !label->isHidden());
        QVERIFY(fan->caption().contains(note));
    }
    // The seam, like for like: the last observation before the start, mapped, lies within 1.5x of the fan's
    // median at the start month, for every mapped series of the Base case.
    constexpr double Seam = 1.5;
    for (const backtest::Mapping &m : backtest::mappings()) {
        FanChart *fan = fans.byId(m.chartId);
        const int line = lineOf(*fan, history, m);
        const double observed = fan->historyPoints(line).last().y();
        const double forecast = inputs.current->value(m.series, Stat::P50, 0);
        const double ratio = std::max(observed, forecast) / std::min(observed, forecast);
        qInfo("%s: last observed %g (step %g), first forecast median %g, ratio %.3f", m.id.c_str(), observed,
              fan->historyPoints(line).last().x(), forecast, ratio);
        QVERIFY2(ratio <= Seam, m.id.c_str());
    }
    // The frontier premium is fixed at the Base case's start, so there its history meets c0 to within the
    // flagship changes of the last quarter: the note says it meets by construction.
    QVERIFY(fans.token->historyNote().contains(QLatin1String("by construction")));
    // The GPU-hour price has no observed market rate: its one point is DeepSeek's assumption, and the note
    // says so rather than presenting it as history that joins.
    QVERIFY(fans.gpu->historyNote().contains(QLatin1String("not an observed rental rate")));
    QVERIFY(fans.gpu->historyNote().contains(QLatin1String("no market rental prices")));
}

void tst_History::overlaysOnFanCharts()
{
    DataStore store;
    std::unique_ptr<FanChart> supply(createSupplyDemandChart(false, nullptr));
    std::unique_ptr<FanChart> token(createTokenPriceChart(false, nullptr));
    std::unique_ptr<FanChart> capex(createCapexRevenueChart(false, nullptr));
    std::unique_ptr<FanChart> ratio(createDemandSupplyRatioChart(false, nullptr));
    Scenario scenario;
    QCOMPARE(applyObservedHistory({supply.get(), token.get(), capex.get(), ratio.get()}, store.dataset(),
                                  scenario),
             3);
    QCOMPARE(ratio->historyCount(), 0);
    QCOMPARE(capex->historyCount(), 2); // the hyperscalers' capex, then NVIDIA's revenue over 0.5
    SimulationSettings settings;
    settings.paths = 2'000; // the fan only needs a shape here
    settings.backend = Backend::Cpu;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(simulate(scenario, settings));
    for (FanChart *fan : {supply.get(), token.get(), capex.get()}) {
        fan->resize(1000, 600);
        fan->setInputs(inputs);
        QVERIFY(distinctColours(render(fan)) > 40);
    }
    // The CSV has one column per observed line.
    const QString header = capex->toCsv().section(QLatin1Char('\n'), 0, 0);
    QVERIFY2(header.contains(QLatin1String("Data Center revenue")) &&
                 header.contains(QLatin1String("Amazon")),
             qPrintable(header));
}

void tst_History::importDialogs()
{
    DataStore store;
    DataImportDialog dialog(&store);
    QSignalSpy checked(&dialog, &DataImportDialog::checkFinished);
    dialog.setFilePath(TestData + QStringLiteral("/bad/number_unparsable.csv"));
    QVERIFY(checked.wait(30'000)); // parsed on the pool
    QVERIFY(!dialog.canImport());
    QVERIFY2(dialog.errorText().startsWith(QLatin1String("number_unparsable.csv, line ")),
             qPrintable(dialog.errorText()));
    QVERIFY(dialog.errorText().contains(QLatin1String("column")));
    QVERIFY(!dialog.importNow());
    QVERIFY(store.imports().isEmpty());

    dialog.setFilePath(TestData + QStringLiteral("/good/user_shipments.csv"));
    QVERIFY(checked.wait(30'000));
    QVERIFY(dialog.canImport());
    QVERIFY(dialog.errorText().isEmpty());
    QVERIFY2(dialog.topicText().contains(QLatin1String("accelerator_shipments.csv")),
             qPrintable(dialog.topicText()));
    QVERIFY2(dialog.previewText().contains(QLatin1String("1 row added")), qPrintable(dialog.previewText()));
    dialog.setMode(data::MergeMode::Replace);
    QVERIFY2(dialog.previewText().contains(QLatin1String("44 rows are dropped")),
             qPrintable(dialog.previewText()));
    dialog.setMode(data::MergeMode::Merge);
    QVERIFY(dialog.importNow());
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(store.table("accelerator_shipments")->userRowCount(), std::size_t(2));

    ManageImportsDialog manage(&store);
    QCOMPARE(manage.listedTopics(), QStringList{QStringLiteral("accelerator_shipments")});
    QVERIFY(manage.removeTopic(QStringLiteral("accelerator_shipments")));
    QVERIFY(manage.listedTopics().isEmpty());
    QVERIFY(store.imports().isEmpty());
    QCOMPARE(store.table("accelerator_shipments")->userRowCount(), std::size_t(0));
}

void tst_History::hoverShowsProvenance()
{
    DataStore store;
    TokenPriceHistoryChart prices(&store);
    NvidiaRevenueHistoryChart revenue(&store);
    for (HistoryChart *chart :
         {static_cast<HistoryChart *>(&prices), static_cast<HistoryChart *>(&revenue)}) {
        chart->resize(1000, 640);
        chart->show();
        QVERIFY(QTest::qWaitForWindowExposed(chart));
        QChart *qchart = chart->chart();
        QAbstractSeries *series = qchart->series().front();
        // A point (scatter) or the middle of the tallest bar (bars) in view coordinates.
        QPointF value;
        if (auto *xy = qobject_cast<QXYSeries *>(series))
            value = xy->at(0);
        else
            value = QPointF(15, 30); // FY2026-Q4 bar, 62 $B: below its top
        const QPointF scene = qchart->mapToScene(qchart->mapToPosition(value, series));
        QGraphicsView *view = chart->findChild<QGraphicsView *>();
        QVERIFY(view);
        const QPoint at = view->mapFromScene(scene);
        QTest::mouseMove(view->viewport(), at + QPoint(1, 0));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY2(view->toolTip().contains(QLatin1String("Source:")), qPrintable(view->toolTip()));
        QVERIFY(view->toolTip().contains(QLatin1String("Kind:")));
        QVERIFY(view->toolTip().contains(QLatin1String("As of:")));
        // Leaving the point restores the view's help text.
        QTest::mouseMove(view->viewport(), QPoint(5, 5));
        QTRY_VERIFY(!view->toolTip().contains(QLatin1String("Source:")));
        chart->hide();
    }
}

void tst_History::writePngs()
{
    const QString dir = qEnvironmentVariable("JEVONS_HISTORY_PNG_DIR");
    if (dir.isEmpty())
        QSKIP("set JEVONS_HISTORY_PNG_DIR to write the charts as PNG");
    QDir().mkpath(dir);
    DataStore store;
    QVERIFY(
        store.importFile(TestData + QStringLiteral("/good/user_shipments.csv"), data::MergeMode::Merge).ok);
    HistoryPages pages(&store);
    for (bool dark : {false, true}) {
        pages.setDarkTheme(dark);
        for (HistoryChart *chart : pages.charts())
            QVERIFY(render(chart, QSize(900, 560))
                        .save(QStringLiteral("%1/%2%3.png").arg(dir, chart->chartId(), dark ? "_dark" : "")));
    }
    pages.setDarkTheme(false);
    auto *shipments = static_cast<ShipmentsHistoryChart *>(pages.chart(QStringLiteral("history_shipments")));
    shipments->setEstimator(QStringLiteral("My team"));
    render(shipments, QSize(900, 560)).save(dir + QStringLiteral("/history_shipments_user.png"));
    shipments->setEstimator(QStringLiteral("Epoch AI"));
    shipments->setMeasure(ShipmentsHistoryChart::Measure::H100e);
    render(shipments, QSize(900, 560)).save(dir + QStringLiteral("/history_shipments_h100e.png"));
    auto *capex = static_cast<CapexHistoryChart *>(pages.chart(QStringLiteral("history_capex")));
    capex->setPeriod(CapexHistoryChart::Period::Quarter);
    render(capex, QSize(900, 560)).save(dir + QStringLiteral("/history_capex_quarter.png"));
    pages.moneyFlows()->setYear(2024);
    render(pages.moneyFlows(), QSize(900, 560)).save(dir + QStringLiteral("/history_money_flows_2024.png"));
    pages.moneyFlows()->setYear(2026);
    render(pages.moneyFlows(), QSize(900, 560)).save(dir + QStringLiteral("/history_money_flows_2026.png"));
    pages.tokenPrices()->setModelSet(TokenPriceHistoryChart::ModelSet::NonFrontier);
    render(pages.tokenPrices(), QSize(1100, 680))
        .save(dir + QStringLiteral("/history_token_prices_small.png"));
    pages.tokenPrices()->setModelSet(TokenPriceHistoryChart::ModelSet::Frontier);
    render(pages.tokenPrices(), QSize(1100, 680))
        .save(dir + QStringLiteral("/history_token_prices_large.png"));
    // The Sources view and the import dialog showing an error.
    HistoryChart *tokenChart = pages.tokenPrices();
    std::unique_ptr<QDialog> sources(createSourcesDialog(nullptr, tokenChart->title(),
                                                         tokenChart->sourceEntries(), tokenChart->caption()));
    sources->show();
    QCoreApplication::processEvents();
    sources->grab().save(dir + QStringLiteral("/sources_dialog.png"));
    DataImportDialog importDialog(&store);
    importDialog.setFilePath(TestData + QStringLiteral("/bad/number_unparsable.csv"));
    importDialog.show();
    QCoreApplication::processEvents();
    importDialog.grab().save(dir + QStringLiteral("/import_dialog_error.png"));
    importDialog.setFilePath(TestData + QStringLiteral("/good/user_shipments.csv"));
    QCoreApplication::processEvents();
    importDialog.grab().save(dir + QStringLiteral("/import_dialog_preview.png"));
    ManageImportsDialog manage(&store);
    manage.show();
    QCoreApplication::processEvents();
    manage.grab().save(dir + QStringLiteral("/manage_imports.png"));
    // The page as a whole, as the main window will show it.
    pages.resize(1400, 900);
    pages.show();
    for (int tab = 0; tab < pages.count(); ++tab) {
        pages.setCurrentIndex(tab);
        QCoreApplication::processEvents();
        pages.grab().save(QStringLiteral("%1/page_%2.png").arg(dir).arg(tab));
    }
    // The fans with their observed history.
    std::unique_ptr<FanChart> supply(createSupplyDemandChart(false, nullptr));
    std::unique_ptr<FanChart> token(createTokenPriceChart(false, nullptr));
    std::unique_ptr<FanChart> capexFan(createCapexRevenueChart(false, nullptr));
    Scenario scenario;
    applyObservedHistory({supply.get(), token.get(), capexFan.get()}, store.dataset(), scenario);
    SimulationSettings settings;
    settings.paths = 5'000;
    settings.backend = Backend::Cpu;
    ChartInputs inputs;
    inputs.current = std::make_shared<SimulationResult>(simulate(scenario, settings));
    for (FanChart *fan : {supply.get(), token.get(), capexFan.get()}) {
        fan->resize(1000, 600);
        fan->setInputs(inputs);
        render(fan).save(QStringLiteral("%1/fan_%2.png").arg(dir, fan->chartId()));
        // The fan's month axis starts at step 0; widen it by hand to look at the observed part.
        for (QAbstractAxis *axis : fan->chart()->axes(Qt::Horizontal))
            axis->setRange(-51, scenario.steps());
        render(fan).save(QStringLiteral("%1/fan_%2_history.png").arg(dir, fan->chartId()));
    }
}

QTEST_MAIN(tst_History)
#include "tst_history.moc"
