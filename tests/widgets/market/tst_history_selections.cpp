// The history charts' selections without Qt Charts, each compared with sums computed here from the bundled
// dataset's rows: shipments (vendor totals or summed products), capex (per year and per quarter), private AI
// investment, funding rounds, CoWoS capacity and NVIDIA's revenue; a user-supplied row makes its own series,
// flagged as such whatever its (translated) name says. The other selections:
// tst_history_selections_tables.cpp.
#include "tst_history_selections.h"

#include "jevons/market/data_store.h"
#include "jevons/market/history_selections.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <cmath>
#include <map>
#include <set>

using namespace jevons;
using namespace jevons::ui;

namespace {

/// Translates the user-supplied series name into something that no longer ends in "(user-supplied)".
class RenamingTranslator : public QTranslator {
public:
    bool isEmpty() const override { return false; }
    QString translate(const char *, const char *source, const char *, int) const override
    {
        if (QByteArray(source) == "%1 (user-supplied)")
            return QStringLiteral("%1 [importé]");
        return QString();
    }
};

/// The series of `selection` drawing cell `index`, or nullptr.
const SelectedSeries *seriesOf(const BarSelection &selection, int index)
{
    for (const SelectedSeries &s : selection.series)
        for (int at : s.cells)
            if (at == index)
                return &s;
    return nullptr;
}

/// Every cell is in exactly one series at its category, the totals are the sums of the cells, and the CSV
/// rows hold the series' values divided by `csvScale`.
void checkConsistent(const BarSelection &s, double csvScale)
{
    std::vector<double> totals(std::size_t(s.categories.size()), 0);
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
        const SelectedCell &cell = s.cells[i];
        totals[std::size_t(cell.category)] += cell.value;
        int found = 0;
        for (const SelectedSeries &series : s.series)
            if (series.cells[std::size_t(cell.category)] == int(i)) {
                ++found;
                QCOMPARE(series.key, cell.key);
                QCOMPARE(series.user, cell.user);
                QCOMPARE(series.style, cell.style);
            }
        QCOMPARE(found, 1);
        QCOMPARE(cell.provenance.userSupplied, cell.user);
    }
    QCOMPARE(s.categoryTotals.size(), totals.size());
    for (std::size_t c = 0; c < totals.size(); ++c)
        QVERIFY(qFuzzyCompare(1 + s.categoryTotals[c], 1 + totals[c]));
    QCOMPARE(s.csvHeader.size(), qsizetype(s.series.size()) + 1);
    QCOMPARE(s.csvRows.size(), std::size_t(s.categories.size()));
    for (std::size_t c = 0; c < s.csvRows.size(); ++c) {
        QCOMPARE(s.csvRows[c].first, s.categories[int(c)]);
        for (std::size_t k = 0; k < s.series.size(); ++k) {
            const int at = s.series[k].cells[c];
            const double v = s.csvRows[c].second[k];
            if (at < 0)
                QVERIFY(std::isnan(v));
            else
                QCOMPARE(v, s.cells[std::size_t(at)].value / csvScale);
        }
    }
}

} // namespace

data::Table parseTable(const char *topic, const std::string &csv)
{
    const data::TopicSchema *schema = data::findTopic(topic);
    if (!schema)
        qFatal("no topic %s", topic);
    return data::parseTopicCsv(csv, *schema, std::string(topic) + ".csv");
}

void tst_HistorySelections::initTestCase()
{
    m_store = std::make_unique<DataStore>(m_imports.path(), nullptr);
    for (const char *topic :
         {"accelerator_shipments", "capex_annual", "capex_quarterly", "ai_investment", "funding_rounds"})
        QVERIFY2(m_store->table(topic) && !m_store->table(topic)->rows.empty(), topic);
}

void tst_HistorySelections::shipmentsAreVendorTotalsOrSummedProducts_data()
{
    QTest::addColumn<bool>("h100e");
    QTest::newRow("units") << false;
    QTest::newRow("h100e") << true;
}

void tst_HistorySelections::shipmentsAreVendorTotalsOrSummedProducts()
{
    QFETCH(bool, h100e);
    const data::Table &t = table("accelerator_shipments");
    const QStringList estimators = shipmentEstimators(t);
    QVERIFY(!estimators.isEmpty());
    for (const QString &estimator : estimators) {
        // Expected, from the rows: per vendor and year the first "all …" row where it has a value, else the
        // sum of the products with a value.
        static const QRegularExpression All(QStringLiteral("\\ball\\b"),
                                            QRegularExpression::CaseInsensitiveOption);
        std::map<std::pair<QString, int>, double> firstTotal, sum; // firstTotal: NaN when without a value
        std::map<std::pair<QString, int>, int> products;
        for (const data::Row &row : t.rows) {
            if (cellText(t, row, "estimator").simplified().compare(estimator, Qt::CaseInsensitive) != 0 ||
                !cellText(t, row, "buyer").isEmpty() ||
                t.date(row, "period").precision != data::DatePrecision::Year)
                continue;
            const RangedValue units = rangedValue(t, row, "units", "units_low", "units_high");
            const double v = h100e ? t.number(row, "h100e") : units.value;
            const bool valid = h100e ? std::isfinite(v) : units.valid;
            const std::pair<QString, int> at{cellText(t, row, "vendor").simplified().toLower(),
                                             t.date(row, "period").year};
            if (All.match(cellText(t, row, "product")).hasMatch()) {
                if (!firstTotal.count(at))
                    firstTotal[at] = valid ? v : std::nan("");
            } else if (valid) {
                sum[at] += v;
                ++products[at];
            }
        }
        std::map<std::pair<QString, int>, double> expected = sum;
        std::set<std::pair<QString, int>> fromTotal;
        for (const auto &[at, v] : firstTotal)
            if (!std::isnan(v)) {
                expected[at] = v;
                fromTotal.insert(at);
            }

        const BarSelection s = selectShipments(t, estimator, h100e);
        QCOMPARE(s.unit, h100e ? QStringLiteral("H100e") : QStringLiteral("accelerators"));
        QCOMPARE(s.cells.size(), expected.size());
        for (const SelectedCell &cell : s.cells) {
            const std::pair<QString, int> at{s.keys[cell.key].toLower(), s.categories[cell.category].toInt()};
            QVERIFY2(expected.count(at), qPrintable(estimator + QLatin1Char(' ') + at.first));
            QCOMPARE(cell.value, expected[at]);
            QCOMPARE(cell.provenance.value, cell.value);
            QCOMPARE(cell.rows.size(), std::size_t(fromTotal.count(at) ? 1 : products[at]));
        }
        // The largest vendor at the bottom of the stack.
        std::vector<double> vendorTotal(std::size_t(s.keys.size()), 0);
        for (const SelectedCell &cell : s.cells)
            vendorTotal[std::size_t(cell.key)] += cell.value;
        QVERIFY(std::is_sorted(vendorTotal.rbegin(), vendorTotal.rend()));
        checkConsistent(s, 1);
        QVERIFY(s.caption.contains(estimator));
    }
}

void tst_HistorySelections::capexPerYearAndQuarter_data()
{
    QTest::addColumn<bool>("byYear");
    QTest::newRow("year") << true;
    QTest::newRow("quarter") << false;
}

void tst_HistorySelections::capexPerYearAndQuarter()
{
    QFETCH(bool, byYear);
    const data::Table &annual = table("capex_annual");
    const data::Table &quarterly = table("capex_quarterly");
    const BarSelection s = selectCapex(annual, quarterly, byYear);
    QVERIFY(!s.cells.empty());
    if (byYear) {
        // A year missing a company that other years have is marked * and the caption names it (2026
        // without Microsoft beside 2025 with it); complete years do not.
        bool anyIncomplete = false;
        for (int c = 0; c < s.categories.size(); ++c) {
            QStringList missing;
            for (int k = 0; k < s.keys.size(); ++k) {
                bool here = false, elsewhere = false;
                for (const SelectedCell &cell : s.cells)
                    if (cell.key == k)
                        (cell.category == c ? here : elsewhere) = true;
                if (elsewhere && !here)
                    missing << s.keys[k];
            }
            QCOMPARE(s.categories[c].endsWith(QLatin1String(" *")), !missing.isEmpty());
            for (const QString &company : missing)
                QVERIFY2(s.caption.contains(
                             QStringLiteral("%1 leaves out %2").arg(s.categories[c].left(4), company)),
                         qPrintable(s.caption));
            anyIncomplete = anyIncomplete || !missing.isEmpty();
        }
        QVERIFY(anyIncomplete); // the bundled data has no 2026 row for Microsoft
        QVERIFY(s.caption.contains(QLatin1String("not comparable")));
    }
    // Each cell is its one row's capex; the category is the row's year or quarter.
    for (const SelectedCell &cell : s.cells) {
        QCOMPARE(cell.rows.size(), std::size_t(1));
        const data::Row &row = *cell.rows.front();
        QCOMPARE(cell.user, row.userSupplied);
        if (byYear) {
            const RangedValue v =
                rangedValue(annual, row, "capex_usd_bn", "capex_usd_bn_low", "capex_usd_bn_high");
            QCOMPARE(cell.value, v.value * 1e9);
            QCOMPARE(cellText(annual, row, "year_label").trimmed().toUpper(),
                     QStringLiteral("CY") + s.categories[cell.category].left(4));
            QCOMPARE(cellText(annual, row, "company").simplified().toLower(), s.keys[cell.key].toLower());
        } else {
            QCOMPARE(cell.value, quarterly.number(row, "capex_usd_bn") * 1e9);
            QCOMPARE(cellText(quarterly, row, "company").simplified().toLower(), s.keys[cell.key].toLower());
        }
    }
    // One figure per company and category.
    std::set<std::pair<int, int>> seen;
    for (const SelectedCell &cell : s.cells)
        QVERIFY(seen.insert({cell.key, cell.category}).second);
    // Per year: the sum of the companies' figures, each from capex_annual.
    if (byYear) {
        for (int c = 0; c < s.categories.size(); ++c) {
            double expected = 0;
            for (const SelectedCell &cell : s.cells)
                if (cell.category == c)
                    expected += rangedValue(annual, *cell.rows.front(), "capex_usd_bn", "capex_usd_bn_low",
                                            "capex_usd_bn_high")
                                    .value *
                                1e9;
            QVERIFY(qFuzzyCompare(s.categoryTotals[std::size_t(c)], expected));
        }
    }
    checkConsistent(s, 1e9);
}

void tst_HistorySelections::secondarySourceFromTheConfidenceColumn()
{
    QVERIFY(isSecondarySource(QStringLiteral("secondary")));
    QVERIFY(isSecondarySource(QStringLiteral("Secondary (Epoch compilation)")));
    QVERIFY(isSecondarySource(QStringLiteral(" secondary ")));
    QVERIFY(!isSecondarySource(QStringLiteral("primary")));
    QVERIFY(!isSecondarySource(QString()));
    QVERIFY(!isSecondarySource(QStringLiteral("not secondary")));
    QVERIFY(!isSecondarySource(QStringLiteral("secondaryish")));
}

void tst_HistorySelections::capexSaysWhichFiguresAreSecondary_data()
{
    QTest::addColumn<bool>("byYear");
    QTest::newRow("year") << true;
    QTest::newRow("quarter") << false;
}

void tst_HistorySelections::capexSaysWhichFiguresAreSecondary()
{
    QFETCH(bool, byYear);
    // A copy whose first drawn row is sourced to a filing: that figure alone is not marked.
    data::Table annual = table("capex_annual");
    data::Table quarterly = table("capex_quarterly");
    data::Table &edited = byYear ? annual : quarterly;
    const int confidence = edited.schema->columnIndex("confidence");
    QVERIFY(confidence >= 0);
    const BarSelection bundled = selectCapex(annual, quarterly, byYear);
    // The row behind the first cell (the selection points into the copies).
    const auto position = std::size_t(bundled.cells.front().rows.front() - edited.rows.data());
    QVERIFY(position < edited.rows.size());
    data::Row *primaryRow = &edited.rows[position];
    primaryRow->values[std::size_t(confidence)].text = "primary";
    const BarSelection s = selectCapex(annual, quarterly, byYear);
    QCOMPARE(s.cells.size(), bundled.cells.size());

    int secondary = 0;
    for (const SelectedCell &cell : s.cells) {
        const data::Table &t = byYear ? annual : quarterly;
        const QString column = QString::fromStdString(t.text(*cell.rows.front(), "confidence"));
        QCOMPARE(cell.secondary, column.startsWith(QLatin1String("secondary")));
        const QString firstSource =
            QString::fromStdString(t.text(*cell.rows.front(), "source")).section(QLatin1Char(';'), 0, 0);
        QCOMPARE(cell.provenance.detail.contains(QLatin1String("Secondary source: ") +
                                                 firstSource.toHtmlEscaped()),
                 cell.secondary);
        secondary += cell.secondary ? 1 : 0;
    }
    QVERIFY(!s.cells.front().secondary);
    QCOMPARE(s.secondaryCells, secondary);
    QCOMPARE(secondary, int(s.cells.size()) - 1); // every bundled capex row is secondary (facts.md C1, C2)
    QVERIFY(
        s.secondaryNote.contains(QStringLiteral("%1 of the %2 figures").arg(secondary).arg(s.cells.size())));
    QVERIFY(s.caption.contains(s.secondaryNote));
    QVERIFY(bundled.secondaryNote.startsWith(QLatin1String("Every figure")));

    // The CSV keeps each series' confidence next to its values.
    QCOMPARE(s.csvTextHeader.size(), int(s.series.size()));
    QCOMPARE(s.csvTextRows.size(), std::size_t(s.categories.size()));
    for (std::size_t k = 0; k < s.series.size(); ++k) {
        QCOMPARE(s.csvTextHeader[int(k)], s.series[k].name + QStringLiteral(" confidence"));
        for (int c = 0; c < s.categories.size(); ++c) {
            const int at = s.series[k].cells[std::size_t(c)];
            QCOMPARE(s.csvTextRows[std::size_t(c)][int(k)],
                     at >= 0 ? s.cells[std::size_t(at)].provenance.confidence : QString());
        }
    }

    // No secondary row: nothing said.
    for (data::Row &row : edited.rows)
        row.values[std::size_t(confidence)].text = "primary";
    const BarSelection primary = selectCapex(annual, quarterly, byYear);
    QCOMPARE(primary.secondaryCells, 0);
    QVERIFY(primary.secondaryNote.isEmpty());
    QVERIFY(!primary.caption.contains(QLatin1String("secondary")));
}

void tst_HistorySelections::aiInvestmentPerGroupAndYear()
{
    const data::Table &t = table("ai_investment");
    const BarSelection s = selectAiInvestment(t);
    QCOMPARE(s.keys.size(), 4);
    std::set<int> years;
    for (const data::Row &row : t.rows)
        if (cellText(t, row, "metric") == QLatin1String("private_ai") &&
            std::isfinite(t.number(row, "value_usd_bn")))
            years.insert(t.date(row, "year").year);
    QCOMPARE(s.categories.size(), qsizetype(years.size()));
    // The United States and China are their own region's row of that year.
    for (const SelectedCell &cell : s.cells) {
        const data::Row &row = *cell.rows.front();
        QCOMPARE(cell.value, t.number(row, "value_usd_bn") * 1e9);
        QCOMPARE(t.date(row, "year").year, s.categories[cell.category].toInt());
        QCOMPARE(cellText(t, row, "metric"), QStringLiteral("private_ai"));
        if (cell.key == 0 || cell.key == 1)
            QCOMPARE(cellText(t, row, "region"),
                     cell.key == 0 ? QStringLiteral("United States") : QStringLiteral("China"));
    }
    double expectedUs = 0;
    for (const data::Row &row : t.rows)
        if (cellText(t, row, "metric") == QLatin1String("private_ai") &&
            cellText(t, row, "region") == QLatin1String("United States") &&
            std::isfinite(t.number(row, "value_usd_bn")))
            expectedUs += t.number(row, "value_usd_bn") * 1e9;
    double us = 0;
    for (const SelectedCell &cell : s.cells)
        if (cell.key == 0)
            us += cell.value;
    QVERIFY(qFuzzyCompare(us, expectedUs));
    // The United Kingdom is never counted twice in a year: not beside a Europe figure that contains it (a
    // Europe total or the four-country sum that starts with it), and drawn where no such figure exists.
    for (int y = 0; y < s.categories.size(); ++y) {
        const SelectedCell *europe = nullptr, *uk = nullptr;
        for (const SelectedCell &cell : s.cells)
            if (cell.category == y && cell.key == 2)
                europe = &cell;
            else if (cell.category == y && cell.key == 3)
                uk = &cell;
        const bool europeHasUk =
            europe &&
            (cellText(t, *europe->rows.front(), "region") == QLatin1String("Europe") ||
             cellText(t, *europe->rows.front(), "region").startsWith(QLatin1String("United Kingdom")));
        QVERIFY2(!(europeHasUk && uk), qPrintable(s.categories[y]));
        bool ukRow = false;
        for (const data::Row &row : t.rows)
            ukRow = ukRow || (cellText(t, row, "metric") == QLatin1String("private_ai") &&
                              cellText(t, row, "region") == QLatin1String("United Kingdom") &&
                              t.date(row, "year").year == s.categories[y].toInt());
        QCOMPARE(bool(uk), ukRow && !europeHasUk);
    }
    checkConsistent(s, 1e9);
}

void tst_HistorySelections::fundingRoundsWithAnAmount()
{
    const data::Table &t = table("funding_rounds");
    const RoundsSelection s = selectFundingRounds(t);
    int withAmount = 0, without = 0;
    double largest = 0;
    for (const data::Row &row : t.rows) {
        const double amount = t.number(row, "amount_m");
        if (std::isfinite(amount) && amount > 0) {
            ++withAmount;
            largest = std::max(largest, amount);
        } else {
            ++without;
        }
    }
    QCOMPARE(int(s.rounds.size()), withAmount);
    QCOMPARE(s.skipped, without);
    QCOMPARE(s.maxAmount, largest);
    for (const SelectedRound &r : s.rounds) {
        QCOMPARE(r.amount, t.number(*r.row, "amount_m"));
        QCOMPARE(r.lab, cellText(t, *r.row, "lab").simplified());
        QCOMPARE(s.labs.at(r.labIndex), r.lab);
        QVERIFY(r.x >= s.minX && r.x <= s.maxX);
        QCOMPARE(r.provenance.value, r.amount * 1e6);
    }
    QCOMPARE(s.csvHeader.size(), 6);
}

void tst_HistorySelections::cowosPointsPerSupplierAndTargets()
{
    const data::Table &t = table("cowos_capacity");
    // Expected, from the rows: per supplier (targets apart) the count and sum of the drawn values.
    std::map<std::pair<QString, bool>, double> sum;
    std::map<std::pair<QString, bool>, int> count;
    int drawn = 0;
    for (const data::Row &row : t.rows) {
        const QString metric = cellText(t, row, "metric");
        const bool target = metric == QLatin1String("monthly_capacity_target");
        if ((metric != QLatin1String("monthly_capacity") && !target) ||
            cellText(t, row, "unit").compare(QLatin1String("wafers/month"), Qt::CaseInsensitive) != 0 ||
            t.value(row, "period").empty())
            continue;
        const RangedValue v = rangedValue(t, row, "value", "value_low", "value_high");
        if (!v.valid)
            continue;
        ++drawn;
        const std::pair<QString, bool> at{cellText(t, row, "supplier").simplified(), target};
        sum[at] += v.value;
        ++count[at];
    }
    const PointsSelection s = selectCowos(t);
    QCOMPARE(int(s.points.size()), drawn);
    QCOMPARE(s.series.size(), sum.size());
    bool anyTarget = false;
    std::size_t seen = 0;
    for (std::size_t i = 0; i < s.series.size(); ++i) {
        const PointSeries &series = s.series[i];
        const std::pair<QString, bool> at{series.supplier, series.target};
        QVERIFY2(count.count(at), qPrintable(series.name));
        QCOMPARE(int(series.points.size()), count[at]);
        double total = 0;
        for (int p : series.points) {
            QCOMPARE(s.points[std::size_t(p)].series, int(i));
            QCOMPARE(s.points[std::size_t(p)].user, s.points[std::size_t(p)].row->userSupplied);
            total += s.points[std::size_t(p)].value.value;
            QVERIFY(s.points[std::size_t(p)].value.value <= s.maxY);
        }
        QVERIFY(qFuzzyCompare(total, sum[at]));
        seen += series.points.size();
        if (series.target) {
            anyTarget = true;
            // A target has its supplier's colour.
            for (std::size_t j = 0; j < s.series.size(); ++j)
                if (!s.series[j].target && s.series[j].supplier == series.supplier)
                    QCOMPARE(series.colour, int(j));
        } else {
            QCOMPARE(series.colour, int(i));
        }
    }
    QCOMPARE(seen, s.points.size());
    QVERIFY(anyTarget);
    QCOMPARE(s.csvHeader.size(), 7);
}

void tst_HistorySelections::nvidiaRevenueByQuarterEnd()
{
    const data::Table &t = table("nvidia_dc_revenue");
    double expectedTotal = 0, expectedMax = 0;
    int expectedCount = 0;
    for (const data::Row &row : t.rows)
        if (std::isfinite(t.number(row, "revenue_usd_bn"))) {
            ++expectedCount;
            expectedTotal += t.number(row, "revenue_usd_bn") * 1e9;
            expectedMax = std::max(expectedMax, t.number(row, "revenue_usd_bn") * 1e9);
        }
    const QuartersSelection s = selectNvidiaRevenue(t);
    QCOMPARE(int(s.quarters.size()), expectedCount);
    QCOMPARE(s.maxValue, expectedMax);
    double total = 0;
    for (std::size_t i = 0; i < s.quarters.size(); ++i) {
        const SelectedQuarter &q = s.quarters[i];
        QCOMPARE(q.usd, t.number(*q.row, "revenue_usd_bn") * 1e9);
        QCOMPARE(q.quarter, cellText(t, *q.row, "fiscal_quarter"));
        QCOMPARE(q.user, q.row->userSupplied);
        total += q.usd;
        if (i > 0)
            QVERIFY(t.date(*s.quarters[i - 1].row, "quarter_end").midYear() <=
                    t.date(*q.row, "quarter_end").midYear());
    }
    QVERIFY(qFuzzyCompare(total, expectedTotal));
    QVERIFY(!s.anyUser); // the bundled rows only
    QCOMPARE(s.csvHeader.size(), 4);
}

void tst_HistorySelections::userSuppliedRowIsFlaggedWhateverItsName()
{
    // A copy of the shipments with one vendor total marked user-supplied.
    data::Table t = table("accelerator_shipments");
    const BarSelection plain = selectShipments(t, QStringLiteral("Epoch AI"), false);
    QVERIFY(!plain.cells.empty());
    const data::Row *marked = plain.cells.front().rows.front();
    const std::size_t rowIndex = std::size_t(marked - t.rows.data());
    t.rows[rowIndex].userSupplied = true;

    RenamingTranslator translator;
    QCoreApplication::installTranslator(&translator);
    const BarSelection s = selectShipments(t, QStringLiteral("Epoch AI"), false);
    QCoreApplication::removeTranslator(&translator);

    int userCells = 0;
    for (std::size_t i = 0; i < s.cells.size(); ++i) {
        if (!s.cells[i].user)
            continue;
        ++userCells;
        const SelectedSeries *series = seriesOf(s, int(i));
        QVERIFY(series);
        QVERIFY(series->user);
        QCOMPARE(series->style, int(BarSelection::User));
        QCOMPARE(series->name, s.keys[series->key] + QStringLiteral(" [importé]"));
        QVERIFY(!series->name.contains(QLatin1String("user-supplied")));
        QCOMPARE(s.cells[i].value, plain.cells.front().value);
    }
    QCOMPARE(userCells, 1);
    checkConsistent(s, 1);
    // The same vendor's other years stay in its actual series, one key for both.
    QCOMPARE(s.keys, plain.keys);
}

QTEST_GUILESS_MAIN(tst_HistorySelections)
