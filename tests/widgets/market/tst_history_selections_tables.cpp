// The history selections checked on small tables written here, against what their rows say: installed
// compute (NVIDIA's count and the other estimates), API prices with their fit, and the money flows of a year;
// and the fans' observed history against the backtest's overlays it converts.
#include "tst_history_selections.h"

#include "jevons/backtest/dating.h"
#include "jevons/backtest/observations.h"
#include "jevons/market/history_selections.h"
#include "jevons/market/money_flows.h"
#include "jevons/market/observed_history.h"

#include <QDateTime>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace jevons;
using namespace jevons::ui;

void tst_HistorySelections::installedComputeIsTheCountAndOtherEstimates()
{
    data::Dataset dataset;
    dataset.tables.push_back(parseTable(
        "accelerator_shipments",
        "vendor,product,buyer,period,units,units_low,units_high,h100e,estimator,confidence,source,as_of,kind,"
        "note\n"
        "NVIDIA,all NVIDIA AI GPUs,,2022,500,,,100,Epoch AI,primary,a.example,2026-01-01,estimate,\n"
        "NVIDIA,all NVIDIA AI GPUs,,2023,1000,,,300,Epoch AI,primary,a.example,2026-01-01,estimate,\n"
        "NVIDIA,H100,,2023,800,,,,Epoch AI,primary,a.example,2026-01-01,estimate,\n"));
    dataset.tables.push_back(parseTable(
        "compute_estimates",
        "metric,scope,period,value,value_low,value_high,unit,estimator,confidence,source,as_of,kind,note\n"
        "cumulative_shipments,NVIDIA AI GPUs,2024-Q2,1000,,,H100e,Epoch "
        "AI,primary,b.example,2026-01-01,estimate,\n"
        "installed_compute,worldwide,2024,,5000,,H100e,Analyst A,secondary,c.example,2026-01-01,estimate,\n"
        "installed_compute,hyperscalers,2025,2000,1500,2500,H100e,Analyst B,secondary,d.example,2026-01-01,"
        "estimate,\n"
        "installed_compute,worldwide,2025,9000,,,units,Analyst "
        "A,secondary,c.example,2026-01-01,estimate,\n"));
    data::Table &shipments = *dataset.find("accelerator_shipments");
    data::Table &estimates = *dataset.find("compute_estimates");
    shipments.rows[1].userSupplied = true;
    estimates.rows[2].userSupplied = true;

    const InstalledComputeSelection s = selectInstalledCompute(dataset);
    QCOMPARE(s.unit, QStringLiteral("H100e"));
    // The line: the yearly totals summed at each next January, then Epoch AI's own total after 2024-Q2.
    QCOMPARE(s.line.size(), std::size_t(3));
    const double h2022 = shipments.number(shipments.rows[0], "h100e");
    const double h2023 = shipments.number(shipments.rows[1], "h100e");
    QCOMPARE(s.line[0].h100e, h2022);
    QCOMPARE(s.line[1].h100e, h2022 + h2023);
    QCOMPARE(s.line[2].h100e, estimates.number(estimates.rows[0], "value"));
    QCOMPARE(s.line[0].x, yearToMsecs(2023));
    QCOMPARE(s.line[1].x, yearToMsecs(2024));
    QCOMPARE(s.line[2].x, yearToMsecs(2024.5)); // the month after the quarter
    QCOMPARE(s.line[0].rows, (std::vector<const data::Row *>{&shipments.rows[0]}));
    QCOMPARE(s.line[1].rows, (std::vector<const data::Row *>{&shipments.rows[0], &shipments.rows[1]}));
    QCOMPARE(s.line[2].table, &estimates);
    // A point is user-supplied when any row behind it is.
    QVERIFY(!s.line[0].user);
    QVERIFY(s.line[1].user && s.line[1].provenance.userSupplied);
    QVERIFY(!s.line[2].user);
    for (const ComputePoint &p : s.line) {
        QCOMPARE(p.provenance.value, p.h100e);
        QCOMPARE(p.csvSeries, QStringLiteral("NVIDIA cumulative"));
        QVERIFY(p.label.isEmpty());
    }
    // The other estimates in H100e; the total the line uses and the row in units are left out.
    QCOMPARE(s.estimates.size(), std::size_t(2));
    const ComputePoint &lower = s.estimates[0], &ranged = s.estimates[1];
    QCOMPARE(lower.rows, (std::vector<const data::Row *>{&estimates.rows[1]}));
    QCOMPARE(lower.h100e, estimates.number(estimates.rows[1], "value_low"));
    QVERIFY(lower.lowerBound && !lower.user);
    QVERIFY(lower.label.startsWith(QLatin1String("> ")) &&
            lower.label.endsWith(QLatin1String(", worldwide")));
    QCOMPARE(ranged.rows, (std::vector<const data::Row *>{&estimates.rows[2]}));
    QCOMPARE(ranged.h100e, estimates.number(estimates.rows[2], "value"));
    QVERIFY(!ranged.lowerBound && ranged.user);
    QCOMPARE(ranged.provenance.date, QStringLiteral("2025"));
    for (const ComputePoint &p : s.estimates) {
        QCOMPARE(p.table, &estimates);
        QCOMPARE(p.csvSeries, QStringLiteral("estimate"));
    }
    QCOMPARE(s.maxY, estimates.number(estimates.rows[1], "value_low"));
    QCOMPARE(s.minPositive, h2022);
    QCOMPARE(s.minX, s.line[0].x);
    QCOMPARE(s.maxX, ranged.x);
    QVERIFY(s.caption.contains(QLatin1String("lower bound on installed compute")));
    QCOMPARE(s.csvHeader.size(), 5);
}

void tst_HistorySelections::installedComputeNeedsBothTables()
{
    data::Dataset dataset;
    dataset.tables.push_back(table("accelerator_shipments"));
    const InstalledComputeSelection s = selectInstalledCompute(dataset);
    QVERIFY(s.line.empty() && s.estimates.empty());
    QVERIFY(s.caption.isEmpty());
    // With both (the bundled rows), Epoch AI's total that the line uses is not drawn again as an estimate.
    dataset.tables.push_back(table("compute_estimates"));
    const InstalledComputeSelection both = selectInstalledCompute(dataset);
    QVERIFY(!both.line.empty() && !both.estimates.empty());
    for (const ComputePoint &line : both.line)
        for (const ComputePoint &estimate : both.estimates)
            QVERIFY(line.rows.back() != estimate.rows.front());
}

void tst_HistorySelections::tokenPricesPerProviderWithTheirFit_data()
{
    QTest::addColumn<data::PriceBasis>("basis");
    QTest::addColumn<PriceModelSet>("set");
    QTest::newRow("blended, frontier") << data::PriceBasis::Blended << PriceModelSet::Frontier;
    QTest::newRow("input, other tiers") << data::PriceBasis::Input << PriceModelSet::NonFrontier;
    QTest::newRow("output, all") << data::PriceBasis::Output << PriceModelSet::All;
}

void tst_HistorySelections::tokenPricesPerProviderWithTheirFit()
{
    QFETCH(data::PriceBasis, basis);
    QFETCH(PriceModelSet, set);
    data::Table t = parseTable("api_prices",
                               "model,provider,price_date,context_tier,input_usd_per_mtok,output_usd_per_"
                               "mtok,cached_input_usd_per_mtok,"
                               "frontier,confidence,source,as_of,kind,note\n"
                               "m-a1,OpenAI,2023-03-01,,10,30,,1,secondary,a.example,2023-03-01,reported,\n"
                               "m-a2,openai,2024-03-01,,5,15,,1,secondary,a.example,2024-03-01,reported,\n"
                               "m-a3,OpenAI,2025-03-01,128K,2,8,,1,secondary,a.example,2025-03-01,reported,\n"
                               "m-b1,Anthropic,2023-07-01,,8,24,,1,secondary,b.example,2023-07-01,reported,\n"
                               "m-b2,Anthropic,2024-07-01,,0,4,,0,secondary,b.example,2024-07-01,reported,\n"
                               "m-c1,Google,2024,,1,2,,0,secondary,c.example,2024,reported,\n");
    t.rows[3].userSupplied = true;
    const TokenPriceSelection s = selectTokenPrices(t, basis, set);

    // Expected, from the rows: the price on the basis, drawn where positive; in the fit by the frontier
    // column.
    std::vector<const data::Row *> drawn;
    std::vector<data::PricePoint> fitted;
    for (const data::Row &row : t.rows) {
        const double input = t.number(row, "input_usd_per_mtok"),
                     output = t.number(row, "output_usd_per_mtok");
        const double price = basis == data::PriceBasis::Input    ? input
                             : basis == data::PriceBasis::Output ? output
                                                                 : (3 * input + output) / 4;
        if (!(price > 0))
            continue;
        drawn.push_back(&row);
        const bool frontier = t.number(row, "frontier") == 1;
        if (set == PriceModelSet::All || frontier == (set == PriceModelSet::Frontier))
            fitted.push_back({t.date(row, "price_date").midYear(), price, t.text(row, "model")});
    }
    QCOMPARE(s.points.size(), drawn.size());
    double minY = HUGE_VAL, maxY = 0;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
        const SelectedPrice &p = s.points[i];
        QCOMPARE(p.row, drawn[i]);
        QCOMPARE(p.provenance.value, p.y);
        QCOMPARE(p.user, p.row->userSupplied);
        QCOMPARE(p.x, dateToMsecs(t.date(*p.row, "price_date")));
        QCOMPARE(p.model.section(QLatin1Char(' '), 0, 0), cellText(t, *p.row, "model"));
        QCOMPARE(p.model.contains(QLatin1String("128K")), !cellText(t, *p.row, "context_tier").isEmpty());
        QCOMPARE(s.providers[std::size_t(p.provider)].name.toLower(),
                 cellText(t, *p.row, "provider").toLower());
        minY = std::min(minY, p.y);
        maxY = std::max(maxY, p.y);
    }
    // One provider per name whatever its case, with the first spelling, and each point in its provider's
    // list.
    QStringList names;
    std::size_t listed = 0;
    for (std::size_t k = 0; k < s.providers.size(); ++k) {
        names << s.providers[k].name;
        for (int at : s.providers[k].points)
            QCOMPARE(s.points[std::size_t(at)].provider, int(k));
        listed += s.providers[k].points.size();
    }
    QCOMPARE(listed, s.points.size());
    QCOMPARE(names.first(), QStringLiteral("OpenAI"));
    QCOMPARE(names.filter(QStringLiteral("openai"), Qt::CaseInsensitive).size(), 1);

    // The fit is the library's on the points in the set.
    QCOMPARE(s.fitPoints.size(), fitted.size());
    int inFit = 0;
    for (const SelectedPrice &p : s.points)
        inFit += p.inFit ? 1 : 0;
    QCOMPARE(std::size_t(inFit), fitted.size());
    bool fits = true;
    data::DeclineFit expected;
    try {
        expected = data::fitExponentialDecline(fitted);
    } catch (const std::exception &) {
        fits = false;
    }
    QCOMPARE(s.hasFit, fits);
    QVERIFY(s.caption.contains(s.basisName) && s.caption.contains(s.fitSummary));
    QCOMPARE(s.csvHeader.size(), 6);
    if (!fits) {
        QVERIFY(s.fitLine.empty());
        QVERIFY(s.fitSummary.contains(QLatin1String("no fit")));
        QCOMPARE(s.minY, minY);
        QCOMPARE(s.maxY, maxY);
        return;
    }
    QCOMPARE(s.fit.n, expected.n);
    QCOMPARE(s.fit.slope, expected.slope);
    QCOMPARE(s.fitLine.size(), std::size_t(25));
    double first = HUGE_VAL, last = -HUGE_VAL;
    for (const data::PricePoint &p : fitted) {
        first = std::min(first, p.year);
        last = std::max(last, p.year);
    }
    QCOMPARE(s.fitLine.front().x, yearToMsecs(first));
    QCOMPARE(s.fitLine.back().price, expected.predict(last));
    for (const FitLinePoint &p : s.fitLine) {
        minY = std::min(minY, p.price);
        maxY = std::max(maxY, p.price);
        QVERIFY(QDate::fromString(p.date, Qt::ISODate).isValid());
    }
    QCOMPARE(s.minY, minY);
    QCOMPARE(s.maxY, maxY);
}

void tst_HistorySelections::moneyFlowsOfAYear()
{
    data::Dataset dataset;
    dataset.tables.push_back(parseTable(
        "funding_rounds",
        "lab,date,round,amount_m,amount_currency,lead_investors,other_investors,valuation_bn,valuation_bn_"
        "low,"
        "valuation_bn_high,valuation_currency,valuation_basis,confidence,source,as_of,kind,note\n"
        "LabA,2024-02-01,Series B,1000,USD,Google,,,,,,,secondary,a.example,2024-02-01,reported,\n"
        "LabA,2024-06-01,Series C,2000,USD,Fund X,Fund Y; Fund "
        "Z,,,,,,secondary,a.example,2024-06-01,reported,\n"
        "LabB,2024-05-01,,500,USD,,,,,,,,secondary,b.example,2024-05-01,reported,\n"
        "LabB,2024-08-01,secondary sale,300,USD,Fund X,,,,,,,secondary,b.example,2024-08-01,reported,\n"
        "LabC,2024-09-01,Seed,100,EUR,Fund W,,,,,,,secondary,c.example,2024-09-01,reported,\n"
        "LabC,2024-10-01,valuation report,,,,,50,,,USD,reported,secondary,c.example,2024-10-01,reported,\n"
        "LabA,2023-03-01,Series A,400,USD,Fund X,,,,,,,secondary,a.example,2023-03-01,reported,\n"));
    dataset.tables.push_back(parseTable(
        "capex_annual",
        "company,year_label,period_end,capex_usd_bn,capex_usd_bn_low,capex_usd_bn_high,basis,confidence,"
        "source,"
        "as_of,kind,note\n"
        "Alphabet,CY2024,2024-12,50,,,incl_finance_leases,secondary (Epoch compilation),d.example,2025-02-01,"
        "reported,\n"
        "Meta,CY2024,2024-12,38,,,,primary,e.example,2025-02-01,reported,\n"
        "Meta,CY2025,2025-12,,60,70,,primary,e.example,2025-01-01,guidance,\n"));
    dataset.tables.push_back(
        parseTable("nvidia_dc_revenue_annual",
                   "fiscal_year,year_end,revenue_usd_bn,yoy_growth_pct,confidence,source,as_of,kind,note\n"
                   "FY2025,2025-01-26,115.2,,secondary,f.example,2025-02-26,reported,\n"));
    data::Table &rounds = *dataset.find("funding_rounds");
    const data::Table &capex = *dataset.find("capex_annual");
    const data::Table &nvidia = *dataset.find("nvidia_dc_revenue_annual");
    rounds.rows[1].userSupplied = true;

    const MoneyFlowModel m = buildMoneyFlows(dataset, 2024);
    QCOMPARE(m.year, 2024);
    // Drawn: the three USD rounds of 2024, the two capex figures and NVIDIA's FY2025; left out and said so:
    // the secondary sale, the euro round (and the valuation report, which moved no money).
    QCOMPARE(m.flows.size(), 6);
    const std::vector<const data::Row *> expectedRows = {&rounds.rows[0], &rounds.rows[1], &rounds.rows[2],
                                                         &capex.rows[0],  &capex.rows[1],  &nvidia.rows[0]};
    for (int i = 0; i < m.flows.size(); ++i) {
        const MoneyFlow &f = m.flows[i];
        QCOMPARE(f.row, expectedRows[std::size_t(i)]);
        QCOMPARE(f.userSupplied, f.row->userSupplied);
        QCOMPARE(f.provenance.value, f.usd);
        QVERIFY(!f.guidance);
    }
    for (int i = 0; i < 3; ++i)
        QCOMPARE(m.flows[i].usd, rounds.number(rounds.rows[std::size_t(i)], "amount_m") * 1e6);
    QCOMPARE(m.flows[3].usd, capex.number(capex.rows[0], "capex_usd_bn") * 1e9);
    QCOMPARE(m.flows[5].usd, nvidia.number(nvidia.rows[0], "revenue_usd_bn") * 1e9);
    // Investors: Google is Alphabet, the capex company (one node with both flows); a lead with others is
    // "…-led investors"; no lead named says so.
    auto nodeOf = [&](int index) { return m.nodes[index]; };
    QCOMPARE(nodeOf(m.flows[0].from).name, QStringLiteral("Alphabet"));
    QCOMPARE(nodeOf(m.flows[0].from).role, MoneyFlowNode::Role::Hyperscaler);
    QCOMPARE(m.flows[0].from, m.flows[3].from);
    QCOMPARE(nodeOf(m.flows[1].from).name, QStringLiteral("Fund X-led investors"));
    QCOMPARE(nodeOf(m.flows[1].from).role, MoneyFlowNode::Role::Investor);
    QCOMPARE(nodeOf(m.flows[2].from).name, QStringLiteral("Investors, no lead named"));
    QCOMPARE(m.flows[0].to, m.flows[1].to); // LabA
    QCOMPARE(nodeOf(m.flows[0].to).role, MoneyFlowNode::Role::Lab);
    QCOMPARE(m.flows[3].to, m.flows[4].to); // the suppliers
    QCOMPARE(nodeOf(m.flows[5].to).role, MoneyFlowNode::Role::ChipVendor);
    // Node totals are the sums of their flows.
    std::vector<double> totals(std::size_t(m.nodes.size()), 0);
    for (const MoneyFlow &f : m.flows) {
        totals[std::size_t(f.from)] += f.usd;
        totals[std::size_t(f.to)] += f.usd;
        QCOMPARE(m.nodes[f.from].column, 0);
        QCOMPARE(m.nodes[f.to].column, 1);
    }
    for (int i = 0; i < m.nodes.size(); ++i)
        QCOMPARE(m.nodes[i].usd, totals[std::size_t(i)]);
    // Notes: the rows left out, the one secondary capex figure, how to read NVIDIA; all in the caption.
    const QString notes = m.notes.join(QLatin1Char(' '));
    QVERIFY(notes.contains(QLatin1String("LabB secondary sale")) &&
            notes.contains(QLatin1String("existing shares")));
    QVERIFY(notes.contains(QLatin1String("LabC Seed")) && notes.contains(QLatin1String("exchange rate")));
    QVERIFY(notes.contains(QLatin1String("1 of the hyperscaler figures")));
    QVERIFY(notes.contains(QLatin1String("FY2025")));
    QVERIFY(m.caption.startsWith(QLatin1String("Money in 2024")));
    QVERIFY(m.caption.endsWith(notes));
    QCOMPARE(m.csvHeader.size(), 9);

    // 2025: Meta's guidance only (a range: its midpoint, dashed).
    const MoneyFlowModel later = buildMoneyFlows(dataset, 2025);
    QCOMPARE(later.flows.size(), 1);
    QVERIFY(later.flows.front().guidance);
    QCOMPARE(later.flows.front().usd, (capex.number(capex.rows[2], "capex_usd_bn_low") +
                                       capex.number(capex.rows[2], "capex_usd_bn_high")) /
                                          2 * 1e9);
    QCOMPARE(moneyFlowYears(dataset), (QList<int>{2023, 2024, 2025}));
    QCOMPARE(defaultMoneyFlowYear(dataset), 2024); // the latest year with reported capex
}

void tst_HistorySelections::observedHistoryIsTheBacktestsOverlays_data()
{
    QTest::addColumn<int>("startYear");
    QTest::addColumn<int>("startMonth");
    QTest::newRow("2026-04") << 2026 << 4;
    QTest::newRow("2024-07") << 2024 << 7;
}

void tst_HistorySelections::observedHistoryIsTheBacktestsOverlays()
{
    QFETCH(int, startYear);
    QFETCH(int, startMonth);
    Scenario scenario;
    scenario.startYear = startYear;
    scenario.startMonth = startMonth;
    const data::Dataset &dataset = m_store->dataset();
    const std::vector<backtest::HistoryOverlay> overlays = backtest::historyOverlays(dataset, scenario);
    const QList<ObservedSeries> history = observedHistory(dataset, scenario);
    QCOMPARE(std::size_t(history.size()), overlays.size());
    QVERIFY(!history.isEmpty());
    // The primary lines first (each fan's solid line), then the others.
    bool secondarySeen = false;
    for (const ObservedSeries &s : history) {
        QVERIFY2(!(s.primary && secondarySeen), qPrintable(s.label));
        secondarySeen = secondarySeen || !s.primary;
    }
    const backtest::MonthIndex start = backtest::monthIndex(startYear, startMonth);
    for (const backtest::HistoryOverlay &o : overlays) {
        const auto found = std::find_if(history.begin(), history.end(), [&](const ObservedSeries &s) {
            return s.chartId == QString::fromStdString(o.chartId) &&
                   s.label == QString::fromStdString(o.label);
        });
        QVERIFY2(found != history.end(), o.label.c_str());
        const ObservedSeries &s = *found;
        QCOMPARE(s.mappingId, QString::fromStdString(o.mappingId));
        QCOMPARE(s.primary, o.primary);
        QCOMPARE(s.likeForLike, o.likeForLike);
        QCOMPARE(s.userSupplied, o.userSupplied);
        // Months since the start month: negative, the overlay's values unchanged.
        QCOMPARE(std::size_t(s.points.size()), o.points.size());
        for (std::size_t i = 0; i < o.points.size(); ++i) {
            QCOMPARE(s.points[int(i)].x(), double(o.points[i].month - start));
            QCOMPARE(s.points[int(i)].y(), o.points[i].value);
            QVERIFY(s.points[int(i)].x() < 0);
        }
        // A source line per row, naming its file and key; a mapping's reason where there is a mapping.
        QCOMPARE(std::size_t(s.sources.size()), o.sources.size());
        for (std::size_t i = 0; i < o.sources.size(); ++i) {
            QVERIFY(s.sources[int(i)].startsWith(
                QString::fromStdString(o.sources[i].file + " › " + o.sources[i].key)));
            QCOMPARE(s.sources[int(i)].endsWith(QLatin1String("(user-supplied)")), o.sources[i].userSupplied);
        }
        QCOMPARE(s.reason.isEmpty(), backtest::findMapping(o.mappingId) == nullptr);
        // The words under the fan: the reason (else the description), then the rows.
        const QString details = observedDetails(s);
        QVERIFY(details.startsWith(s.reason.isEmpty() ? s.description : s.reason));
        QCOMPARE(details.contains(QLatin1String("\nRows: ")), !s.sources.isEmpty());
        for (const QString &source : s.sources)
            QVERIFY(details.contains(source));
    }
    QCOMPARE(monthOffset(startYear - 1, startMonth, startYear, startMonth), -12);
    QCOMPARE(
        monthOffsetToMsecs(-1, startYear, startMonth),
        double(QDateTime(QDate(startYear, startMonth, 1).addMonths(-1), QTime(0, 0)).toMSecsSinceEpoch()));
}
