// The sweep library (compute/sweep): the file's errors name their key, the grid's spacing, a point equals
// simulate() bit for bit, Sobol indices on cases with known answers, results that read back exactly, and
// resuming from a journal cut short by a kill.
#include "jevons/engine/json.h"
#include "jevons/sweep/runner.h"
#include "jevons/sweep/sweep.h"

#include <QTemporaryDir>
#include <QtTest>

#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace jevons;
using namespace jevons::sweep;

namespace {

/// Exact equality (QCOMPARE on doubles is fuzzy): the same bits, so -0 and 0 differ and NaN equals NaN.
bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool sameBits(const std::vector<double> &a, const std::vector<double> &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!sameBits(a[i], b[i])) {
            return false;
        }
    }
    return true;
}

std::string gridSweep(const std::string &scenario, const std::string &grid, std::uint64_t paths = 1000)
{
    return "{\"scenario\": " + scenario + ", \"paths\": " + std::to_string(paths) +
           ", \"seed\": 7, \"outputs\": [{\"series\": \"demand_supply_ratio\", \"stat\": \"p50\", \"month\": "
           "60}, "
           "{\"probability\": \"shortage_probability\", \"month\": 36}, {\"series\": \"power_draw_gw\", "
           "\"stat\": "
           "\"mean\"}], \"design\": {\"grid\": " +
           grid + "}}";
}

std::string readAll(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const char *const UncertainScenario =
    "{\"uncertainty\": {\"adoption_growth_x_per_year\": {\"p5\": 1.1, \"p95\": 1.6}, "
    "\"shipment_growth_x_per_year\": {\"p5\": 1.4, \"p95\": 2.2}, \"disruption_loss\": {\"p5\": 0.4, "
    "\"p95\": 0.9}}}";

} // namespace

class tst_Sweep : public QObject {
    Q_OBJECT

private slots:
    void errorsNameTheKey_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected"); // a part of the one-line message
        const std::string outputs = "\"outputs\": [{\"series\": \"demand_supply_ratio\"}]";
        const std::string grid =
            "\"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 0.5, "
            "\"to\": 1.5, \"steps\": 3}]}";
        auto file = [&](const std::string &middle) {
            return QString::fromStdString("{\"scenario\": {}, " + middle + "}");
        };
        QTest::newRow("malformed") << "{\"scenario\": "
                                   << "malformed JSON";
        QTest::newRow("unknown top key")
            << file(outputs + ", " + grid + ", \"colour\": 1") << "unknown key \"colour\"";
        QTest::newRow("no design") << file(outputs) << "key \"design\" is missing";
        QTest::newRow("paths") << file("\"paths\": 0, " + outputs + ", " + grid) << "key \"paths\"";
        QTest::newRow("seed") << file("\"seed\": -1, " + outputs + ", " + grid) << "key \"seed\"";
        QTest::newRow("bad scenario")
            << QString::fromStdString("{\"scenario\": {\"demand\": {\"price_elasticity\": 9}}, " + outputs +
                                      ", " + grid + "}")
            << "demand.price_elasticity";
        QTest::newRow("series") << file("\"outputs\": [{\"series\": \"happiness\"}], " + grid)
                                << "key \"outputs[0].series\" is \"happiness\"";
        QTest::newRow("stat") << file("\"outputs\": [{\"series\": \"demand_h100e\", \"stat\": \"p42\"}], " +
                                      grid)
                              << "key \"outputs[0].stat\"";
        QTest::newRow("month") << file("\"outputs\": [{\"series\": \"demand_h100e\", \"month\": 61}], " +
                                       grid)
                               << "key \"outputs[0].month\" must be a whole number from 0 to 60";
        QTest::newRow("both") << file("\"outputs\": [{\"series\": \"demand_h100e\", \"probability\": "
                                      "\"shortage_probability\"}], " +
                                      grid)
                              << "key \"outputs[0]\" needs exactly one";
        QTest::newRow("probability") << file("\"outputs\": [{\"probability\": \"doom\"}], " + grid)
                                     << "key \"outputs[0].probability\"";
        QTest::newRow("empty outputs") << file("\"outputs\": [], " + grid) << "key \"outputs\"";
        QTest::newRow("two designs") << file(outputs + ", \"design\": {\"grid\": [], \"sobol\": {}}")
                                     << "key \"design\" must be an object with one key";
        QTest::newRow("grid parameter")
            << file(outputs + ", \"design\": {\"grid\": [{\"parameter\": \"vibes\", \"from\": 1, \"to\": 2, "
                              "\"steps\": 2}]}")
            << "key \"design.grid[0].parameter\" is \"vibes\"";
        QTest::newRow("grid horizon")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"horizon_years\", \"from\": 1, \"to\": 2, "
                    "\"steps\": 2}]}")
            << "key \"design.grid[0].parameter\": horizon_years cannot be swept";
        QTest::newRow("grid from out of range")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 0.01, \"to\": "
                    "2, \"steps\": 2}]}")
            << "key \"design.grid[0].from\" is 0.01; allowed: 0.1 .. 3";
        QTest::newRow("grid steps")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 1, \"to\": 2, "
                    "\"steps\": 2.5}]}")
            << "key \"design.grid[0].steps\"";
        QTest::newRow("grid missing to")
            << file(outputs + ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 1, "
                              "\"steps\": 2}]}")
            << "key \"design.grid[0].to\" is missing";
        QTest::newRow("grid spacing")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 1, \"to\": 2, "
                    "\"steps\": 2, \"spacing\": \"cubic\"}]}")
            << "key \"design.grid[0].spacing\" is \"cubic\"; allowed: linear, log";
        QTest::newRow("grid log of zero")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"training_share\", \"from\": 0, \"to\": 0.5, "
                    "\"steps\": 2, \"spacing\": \"log\"}]}")
            << "key \"design.grid[0].spacing\": log spacing";
        QTest::newRow("grid twice")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 1, \"to\": 2, "
                    "\"steps\": 2}, {\"parameter\": \"price_elasticity\", \"from\": 1, \"to\": 2, \"steps\": "
                    "2}]}")
            << "key \"design.grid[1].parameter\": price_elasticity is already an axis";
        QTest::newRow("grid four axes") << file(outputs + ", \"design\": {\"grid\": [{}, {}, {}, {}]}")
                                        << "key \"design.grid\" must be an array of 1 to 3";
        QTest::newRow("grid axis key")
            << file(outputs +
                    ", \"design\": {\"grid\": [{\"parameter\": \"price_elasticity\", \"from\": 1, \"to\": 2, "
                    "\"steps\": 2, \"step\": 3}]}")
            << "unknown key \"design.grid[0].step\"";
        QTest::newRow("sobol without uncertainty")
            << file(outputs + ", \"design\": {\"sobol\": {\"base_samples\": 16}}")
            << "key \"design.sobol\" needs uncertain";
        QTest::newRow("sobol samples")
            << QString::fromStdString("{\"scenario\": " + std::string(UncertainScenario) + ", " + outputs +
                                      ", \"design\": {\"sobol\": {\"base_samples\": 1}}}")
            << "key \"design.sobol.base_samples\"";
        QTest::newRow("breaks a rule at a point")
            << QString::fromStdString(
                   "{\"scenario\": {\"power\": {\"power_gw\": 30}}, " + outputs +
                   ", \"design\": {\"grid\": [{\"parameter\": \"installed_base_mh100e\", \"from\": "
                   "10, \"to\": 40, \"steps\": 4}]}}")
            << "at design point 2 (installed_base_mh100e = 30)";
    }
    void errorsNameTheKey()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        try {
            const SweepSpec spec = parseSweep(text.toStdString(), "s.json");
            buildDesign(spec);
            QFAIL("no error");
        } catch (const SweepError &e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(expected), qPrintable(message));
            QVERIFY2(message.startsWith("s.json"), qPrintable(message));
            QVERIFY2(!message.contains('\n'), qPrintable(message));
        }
    }

    void scenarioFileRelativeToTheSweep()
    {
        QTemporaryDir dir;
        {
            std::ofstream(dir.filePath("scn.json").toStdString())
                << "{\"demand\": {\"price_elasticity\": 1.7}}";
            std::ofstream(dir.filePath("s.json").toStdString()) << gridSweep(
                "\"scn.json\"", "[{\"parameter\": \"adoption_growth_x_per_year\", \"from\": 1.2, "
                                "\"to\": 1.4, \"steps\": 2}]");
        }
        const SweepSpec spec = loadSweepFile(dir.filePath("s.json").toStdString());
        QCOMPARE(spec.scenario[Param::PriceElasticity], 1.7);
        QCOMPARE(spec.scenarioSource, std::string("scn.json"));
        QCOMPARE(spec.outputs[2].month, 60); // month left out: the horizon
        try {
            std::ofstream(dir.filePath("t.json").toStdString()) << gridSweep(
                "\"missing.json\"", "[{\"parameter\": \"adoption_growth_x_per_year\", \"from\": 1.2, "
                                    "\"to\": 1.4, \"steps\": 2}]");
            loadSweepFile(dir.filePath("t.json").toStdString());
            QFAIL("no error");
        } catch (const SweepError &e) {
            QVERIFY2(QString(e.what()).contains("missing.json"), e.what());
        }
    }

    void gridSpacing()
    {
        GridAxis linear{Param::PriceElasticity, 0.5, 1.5, 3, Spacing::Linear};
        QVERIFY(sameBits(linear.values(), {0.5, 1.0, 1.5}));
        GridAxis tenths{Param::PriceElasticity, 0.1, 0.3, 3, Spacing::Linear};
        const std::vector<double> t = tenths.values();
        QVERIFY(sameBits(t.front(), 0.1) && sameBits(t.back(), 0.3)); // ends exactly as written
        QCOMPARE(t[1], 0.2);
        GridAxis log{Param::TokensPerMonth, 1e12, 1e16, 5, Spacing::Log};
        const std::vector<double> l = log.values();
        QVERIFY(sameBits(l.front(), 1e12) && sameBits(l.back(), 1e16));
        for (std::size_t i = 1; i < l.size(); ++i) {
            QVERIFY(std::abs(l[i] / l[i - 1] - 10.0) < 1e-12); // equal ratios
        }
        GridAxis months{Param::DisruptionMonths, 1, 4, 3, Spacing::Linear};
        QVERIFY(sameBits(months.values(), {1, 3, 4})); // 2.5 rounds half up, as the model rounds
        GridAxis one{Param::PriceElasticity, 0.7, 0.7, 1, Spacing::Linear};
        QVERIFY(sameBits(one.values(), {0.7}));

        // Design order: row-major over the axes in file order, the last axis fastest.
        const SweepSpec spec = parseSweep(gridSweep(
            "{}", "[{\"parameter\": \"price_elasticity\", \"from\": 0.5, \"to\": 1.5, \"steps\": 3}, "
                  "{\"parameter\": \"power_growth_x_per_year\", \"from\": 1.2, \"to\": 1.8, \"steps\": 2, "
                  "\"spacing\": \"log\"}]"));
        const Design d = buildDesign(spec);
        QCOMPARE(d.size(), std::size_t(6));
        QCOMPARE(d.parameters, (std::vector<Param>{Param::PriceElasticity, Param::PowerGrowth}));
        const std::vector<std::vector<double>> expected = {{0.5, 1.2}, {0.5, 1.8}, {1.0, 1.2},
                                                           {1.0, 1.8}, {1.5, 1.2}, {1.5, 1.8}};
        for (std::size_t i = 0; i < d.size(); ++i) {
            QVERIFY(sameBits(d.points[i], expected[i]));
        }
    }

    void pointEqualsSimulateBitForBit_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("grid");
        QTest::newRow("elasticity x installed base (power follows)")
            << "{}"
            << "[{\"parameter\": \"price_elasticity\", \"from\": 0.6, \"to\": 1.4, \"steps\": 3}, "
               "{\"parameter\": \"installed_base_mh100e\", \"from\": 10, \"to\": 30, \"steps\": 2, "
               "\"spacing\": \"log\"}]";
        QTest::newRow("an uncertain input swept, the others still uncertain")
            << UncertainScenario
            << "[{\"parameter\": \"shipment_growth_x_per_year\", \"from\": 1.3, \"to\": 2.1, \"steps\": 3}]";
    }
    void pointEqualsSimulateBitForBit()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, grid);
        const SweepSpec spec = parseSweep(gridSweep(scenario.toStdString(), grid.toStdString(), 1500));
        const Design design = buildDesign(spec);
        RunOptions options;
        options.backend = Backend::Cpu;
        const auto results = runSweep(spec, design, options);
        QCOMPARE(results.size(), design.size());
        for (std::size_t i = 0; i < design.size(); ++i) {
            // What `jevons simulate --scenario FILE --paths 1500 --seed 7` runs: the point written as a file
            // and read back.
            const Scenario s = parseScenario(scenarioToJson(pointScenario(spec, design, i)), "point");
            for (std::size_t c = 0; c < design.parameters.size(); ++c) {
                QVERIFY(sameBits(s[design.parameters[c]], design.points[i][c]));
                QVERIFY(!s.isUncertain(design.parameters[c]));
            }
            SimulationSettings settings;
            settings.paths = 1500;
            settings.seed = 7;
            settings.backend = Backend::Cpu;
            const SimulationResult r = simulate(s, settings);
            const std::vector<double> expected = {r.value(Series::DemandSupplyRatio, Stat::P50, 60),
                                                  r.probability(Probability::Shortage)[36],
                                                  r.value(Series::PowerDraw, Stat::Mean, 60)};
            QVERIFY2(sameBits(results[i], expected), qPrintable(QString("point %1").arg(i)));
        }
        // The points differ (the parameters move the outputs) yet share their random numbers.
        QVERIFY(!sameBits(results.front(), results.back()));
    }

    void resultsReadBackExactly()
    {
        const SweepSpec spec = parseSweep(gridSweep(
            "{}", "[{\"parameter\": \"algorithmic_x_per_year\", \"from\": 1.1, \"to\": 4.7, \"steps\": 7}]",
            600));
        const Design design = buildDesign(spec);
        RunOptions options;
        options.backend = Backend::Cpu;
        const auto results = runSweep(spec, design, options);
        const json::Value doc = json::parse(resultsToJson(spec, design, results));
        const json::Value &points = *doc.find("points");
        QCOMPARE(points.array.size(), design.size());
        for (std::size_t i = 0; i < design.size(); ++i) {
            const json::Value &p = points.array[i];
            QCOMPARE(p.find("index")->number, double(i));
            QVERIFY(sameBits(p.find("values")->array[0].number, design.points[i][0]));
            for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
                QVERIFY(sameBits(p.find("outputs")->array[o].number, results[i][o]));
            }
        }
        QCOMPARE(doc.find("outputs")->array[1].find("key")->string, std::string("shortage_probability@36"));
        QCOMPARE(doc.find("grid")->array[0].find("values")->array.size(), std::size_t(7));

        // CSV: a header, then one row per point, the same numbers.
        std::istringstream csv(resultsToCsv(spec, design, results));
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string(
                           "index,algorithmic_x_per_year,demand_supply_ratio.p50@60,shortage_probability@36,"
                           "power_draw_gw.mean@60"));
        for (std::size_t i = 0; i < design.size(); ++i) {
            QVERIFY(std::getline(csv, line));
            std::vector<double> fields;
            for (std::size_t pos = 0; pos <= line.size();) {
                const std::size_t comma = std::min(line.find(',', pos), line.size());
                double v = 0;
                std::from_chars(line.data() + pos, line.data() + comma, v);
                fields.push_back(v);
                pos = comma + 1;
            }
            QCOMPARE(fields.size(), std::size_t(5));
            QVERIFY(sameBits(fields[1], design.points[i][0]));
            QVERIFY(sameBits(std::vector<double>(fields.begin() + 2, fields.end()), results[i]));
        }
    }

    void jansenOnAnAdditiveFunction()
    {
        // y = x1 + 2 x2 + 0 x3 with independent standard normals: S1 = ST1 = 1/5, S2 = ST2 = 4/5, S3 = ST3 =
        // 0.
        const std::size_t N = 4000;
        std::uint64_t state = 12345;
        auto normal = [&] { // Box-Muller on a fixed LCG: the same numbers everywhere
            auto uniform = [&] {
                state = state * 6364136223846793005ull + 1442695040888963407ull;
                return (double(state >> 11) + 0.5) / 9007199254740992.0;
            };
            const double u = uniform(), v = uniform();
            return std::sqrt(-2 * std::log(u)) * std::cos(6.283185307179586 * v);
        };
        auto f = [](const std::array<double, 3> &x) { return x[0] + 2 * x[1]; };
        std::vector<double> fA(N), fB(N);
        std::vector<std::vector<double>> fAB(3, std::vector<double>(N));
        for (std::size_t k = 0; k < N; ++k) {
            std::array<double, 3> a{normal(), normal(), normal()}, b{normal(), normal(), normal()};
            fA[k] = f(a);
            fB[k] = f(b);
            for (std::size_t j = 0; j < 3; ++j) {
                std::array<double, 3> ab = a;
                ab[j] = b[j];
                fAB[j][k] = f(ab);
            }
        }
        const std::vector<SobolIndex> s = jansenIndices(fA, fB, fAB, 500, 1);
        const double expected[3] = {0.2, 0.8, 0.0};
        for (std::size_t j = 0; j < 3; ++j) {
            QVERIFY2(std::abs(s[j].first - expected[j]) < 0.05, qPrintable(QString::number(s[j].first)));
            QVERIFY2(std::abs(s[j].total - expected[j]) < 0.05, qPrintable(QString::number(s[j].total)));
            QVERIFY(s[j].firstLow <= s[j].first && s[j].first <= s[j].firstHigh);
            QVERIFY(s[j].totalLow <= s[j].total && s[j].total <= s[j].totalHigh);
            QVERIFY(s[j].firstLow <= expected[j] + 0.02 && expected[j] - 0.02 <= s[j].firstHigh);
        }
        QCOMPARE(s[2].total, 0.0); // x3 never moves y: every AB^3 row equals its A row
        // Reproducible: the same seed, the same intervals.
        const std::vector<SobolIndex> again = jansenIndices(fA, fB, fAB, 500, 1);
        QVERIFY(sameBits(again[1].firstLow, s[1].firstLow) && sameBits(again[1].totalHigh, s[1].totalHigh));
        // A constant output has nothing to share out.
        const std::vector<double> ones(N, 1.0);
        const std::vector<SobolIndex> flat = jansenIndices(ones, ones, {ones, ones}, 10, 1);
        QCOMPARE(flat[0].first, 0.0);
        QCOMPARE(flat[1].total, 0.0);
    }

    void sobolOnTheEngine()
    {
        // Unconstrained demand (demand_h100e) follows demand's inputs only (docs/model.md, step 7): of the
        // three uncertain inputs only adoption growth moves it, so its first- and total-order indices are ~1
        // and the supply-side inputs' ~0.
        const std::string text =
            "{\"scenario\": " + std::string(UncertainScenario) +
            ", \"paths\": 512, \"seed\": 3, \"outputs\": [{\"series\": \"demand_h100e\", "
            "\"stat\": \"p50\", \"month\": 60}, {\"series\": \"supply_h100e\", \"stat\": "
            "\"mean\", \"month\": 60}], \"design\": {\"sobol\": {\"base_samples\": 48, "
            "\"bootstrap\": 200}}}";
        const SweepSpec spec = parseSweep(text);
        const Design design = buildDesign(spec);
        QCOMPARE(design.size(), std::size_t(48 * 5));
        QCOMPARE(design.parameters,
                 (std::vector<Param>{Param::AdoptionGrowth, Param::ShipmentGrowth, Param::DisruptionLoss}));
        // AB^j is A but for input j, which is B's.
        for (std::size_t j = 0; j < 3; ++j) {
            for (std::size_t c = 0; c < 3; ++c) {
                QVERIFY(sameBits(design.points[1 + j][c], design.points[c == j ? 4 : 0][c]));
            }
        }
        RunOptions options;
        options.backend = Backend::Cpu;
        const auto results = runSweep(spec, design, options);
        const auto indices = sobolIndices(spec, design, results);
        QCOMPARE(indices.size(), std::size_t(2));
        const auto &demand = indices[0];
        QCOMPARE(demand[0].input, Param::AdoptionGrowth);
        QVERIFY2(demand[0].first > 0.85 && demand[0].first < 1.15,
                 qPrintable(QString::number(demand[0].first)));
        QVERIFY2(demand[0].total > 0.85 && demand[0].total < 1.15,
                 qPrintable(QString::number(demand[0].total)));
        for (std::size_t j = 1; j < 3; ++j) {
            QVERIFY2(std::abs(demand[j].first) < 0.15, qPrintable(QString::number(demand[j].first)));
            QVERIFY2(std::abs(demand[j].total) < 0.02, qPrintable(QString::number(demand[j].total)));
        }
        // Supply follows shipment growth most; its total effect is at least its first-order one, within
        // noise.
        const auto &supply = indices[1];
        QVERIFY2(
            supply[1].total > supply[0].total && supply[1].total > supply[2].total,
            qPrintable(QString("%1 %2 %3").arg(supply[0].total).arg(supply[1].total).arg(supply[2].total)));
        const json::Value doc = json::parse(resultsToJson(spec, design, results));
        const json::Value *entry = doc.find("sobol")->find("indices")->find("demand_h100e.p50@60");
        QVERIFY(entry != nullptr);
        QVERIFY(sameBits(entry->find("adoption_growth_x_per_year")->find("total")->number, demand[0].total));
    }

    void resumeAfterATruncatedJournal()
    {
        QTemporaryDir dir;
        const std::string journal = dir.filePath("out.json.journal").toStdString();
        const SweepSpec spec = parseSweep(gridSweep(
            "{}", "[{\"parameter\": \"capex_response\", \"from\": 0, \"to\": 2, \"steps\": 6}]", 500));
        const Design design = buildDesign(spec);
        RunOptions plain;
        plain.backend = Backend::Cpu;
        const auto reference = runSweep(spec, design, plain);

        // A sweep killed while writing its fourth line: three whole lines and a part of one.
        {
            Journal j(journal, fingerprint(spec), design.size(), spec.outputs.size(), false);
            for (std::size_t i : {0, 2, 1}) {
                j.append(i, reference[i]);
            }
        }
        {
            std::ofstream(journal, std::ios::app | std::ios::binary) << "3 1.0 0.2";
        }
        RunOptions resume = plain;
        resume.journalPath = journal;
        resume.resume = true;
        std::vector<std::size_t> seen;
        const auto results =
            runSweep(spec, design, resume, [&](std::size_t done, std::size_t) { seen.push_back(done); });
        QCOMPARE(seen.front(), std::size_t(3)); // points 0..2 came from the journal, not from new runs
        QCOMPARE(seen.back(), design.size());
        QCOMPARE(seen.size(), std::size_t(4));
        for (std::size_t i = 0; i < design.size(); ++i) {
            QVERIFY(sameBits(results[i], reference[i]));
        }
        // The cut line was dropped and the journal now holds every point on whole lines.
        const std::string text = readAll(journal);
        QVERIFY(text.find("1.0 0.2") == std::string::npos);
        QCOMPARE(std::count(text.begin(), text.end(), '\n'), std::ptrdiff_t(1 + design.size()));
        {
            Journal j(journal, fingerprint(spec), design.size(), spec.outputs.size(), true);
            QCOMPARE(j.doneCount(), design.size());
        }

        // A journal of another sweep (another seed) is refused, not mixed in.
        SweepSpec other = spec;
        other.seed = 8;
        QVERIFY(fingerprint(other) != fingerprint(spec));
        QVERIFY_THROWS_EXCEPTION(SweepError, runSweep(other, design, resume));
        // Without --resume it starts afresh.
        {
            Journal j(journal, fingerprint(other), design.size(), spec.outputs.size(), false);
            QCOMPARE(j.doneCount(), std::size_t(0));
        }
    }

    void atomicWrite()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.json").toStdString();
        writeFileAtomically(path, "one");
        writeFileAtomically(path, "two");
        QCOMPARE(readAll(path), std::string("two"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"r.json"}); // no temporary left behind
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 writeFileAtomically(dir.filePath("no/such/r.json").toStdString(), "x"));
    }
};

QTEST_APPLESS_MAIN(tst_Sweep)
#include "tst_sweep.moc"
