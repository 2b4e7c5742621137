// The backtest library (compute/backtest): no look-ahead in the calibration, the scores against direct
// computations and closed forms, the mappings shared with the history overlays, and the output formats.
#include "jevons/backtest/backtest.h"
#include "jevons/engine/json.h"
#include "jevons/engine/testing.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <set>

using namespace jevons;
using namespace jevons::backtest;

namespace {

const QString DataDir = QStringLiteral(JEVONS_DATA_DIR);
const QString ScenarioDir = QStringLiteral(JEVONS_SCENARIO_DIR);

data::Dataset bundled()
{
    return data::loadBundled([](const std::string &name) {
        QFile f(DataDir + "/" + QString::fromStdString(name));
        if (!f.open(QIODevice::ReadOnly)) {
            throw std::runtime_error("cannot read " + name);
        }
        const QByteArray bytes = f.readAll();
        return std::string(bytes.constData(), std::size_t(bytes.size()));
    });
}

const data::Dataset &dataset()
{
    static const data::Dataset d = bundled();
    return d;
}

Scenario presetBaseCase()
{
    return loadScenarioFile((ScenarioDir + "/01_base_case.json").toStdString());
}

MonthIndex month(const char *text)
{
    MonthIndex m = 0;
    if (!parseMonth(text, &m)) {
        qFatal("bad month in test: %s", text);
    }
    return m;
}

bool sameBits(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

/// The standard normal quantile, by bisection on the CDF (independent of any library's inverse).
double normalQuantile(double p)
{
    double lo = -40, hi = 40;
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        (0.5 * std::erfc(-mid / std::numbers::sqrt2) < p ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double normalCdf(double z)
{
    return 0.5 * std::erfc(-z / std::numbers::sqrt2);
}

/// The dataset with every row the dating does not know by `asOf` changed (`remove`: dropped; else every
/// number in it multiplied by 1.37 and zeros set to 1).
data::Dataset withLaterRowsChanged(const data::Dataset &source, MonthIndex asOf, RowDating dating,
                                   bool remove, std::size_t *changed)
{
    data::Dataset d = source;
    *changed = 0;
    for (data::Table &t : d.tables) {
        std::vector<data::Row> kept;
        for (data::Row &row : t.rows) {
            if (knownBy(t, row, dating, asOf)) {
                kept.push_back(row);
                continue;
            }
            ++*changed;
            if (remove) {
                continue;
            }
            for (std::size_t c = 0; c < t.schema->columns.size(); ++c) {
                data::Value &v = row.values[c];
                const data::ColumnType type = t.schema->columns[c].type;
                if ((type == data::ColumnType::Number || type == data::ColumnType::Integer) &&
                    std::isfinite(v.number)) {
                    v.number = v.number == 0 ? 1 : v.number * 1.37;
                }
            }
            kept.push_back(row);
        }
        t.rows = std::move(kept);
    }
    return d;
}

void verifySameCalibration(const Calibration &a, const Calibration &b)
{
    QVERIFY(a.scenario == b.scenario);
    QVERIFY(sameBits(a.nvidiaCumulativeH100e, b.nvidiaCumulativeH100e));
    QCOMPARE(a.inputs.size(), b.inputs.size());
    for (std::size_t i = 0; i < a.inputs.size(); ++i) {
        QVERIFY(a.inputs[i].param == b.inputs[i].param);
        QVERIFY2(sameBits(a.inputs[i].value, b.inputs[i].value), paramInfo(a.inputs[i].param).key);
        QCOMPARE(a.inputs[i].rule, b.inputs[i].rule);
        QVERIFY(a.inputs[i].rows == b.inputs[i].rows);
    }
    QCOMPARE(a.fromScenario.size(), b.fromScenario.size());
    for (std::size_t i = 0; i < a.fromScenario.size(); ++i) {
        QVERIFY(a.fromScenario[i].param == b.fromScenario[i].param);
        QCOMPARE(a.fromScenario[i].reason, b.fromScenario[i].reason);
    }
}

std::vector<MonthIndex> everyAllowedMonth(RowDating dating)
{
    const AllowedMonths allowed = allowedMonths(dataset(), dating);
    std::vector<MonthIndex> out;
    for (MonthIndex m = allowed.first; allowed.any && m <= allowed.last; ++m) {
        out.push_back(m);
    }
    return out;
}

SimulationSettings smallRun(std::uint64_t paths, std::uint64_t seed = 42)
{
    SimulationSettings s;
    s.paths = paths;
    s.seed = seed;
    s.backend = Backend::Cpu;
    return s;
}

} // namespace

class tst_Backtest : public QObject {
    Q_OBJECT

private slots:
    void sameTextIgnoresCaseAndRunsOfSpaces()
    {
        QVERIFY(sameText("NVIDIA", "nvidia"));
        QVERIFY(sameText("  Epoch \t AI ", "epoch ai"));
        QVERIFY(sameText("", "  "));
        QVERIFY(!sameText("Epoch AI", "EpochAI"));
        QVERIFY(!sameText("Epoch AI", "Epoch A"));
        QVERIFY(!sameText("a b", "a  bc"));
        QVERIFY(!sameText("x/yr", "x/y r"));
        QVERIFY(sameText("\xC3\xA9t\xC3\xA9", "\xC3\xA9T\xC3\xA9")); // bytes beyond ASCII as they are
        QVERIFY(!sameText("\xC3\xA9", "\xC3\x89"));
    }
    void allowedMonthsOfTheBundledData()
    {
        const AllowedMonths described = allowedMonths(dataset(), RowDating::Described);
        QVERIFY(described.any);
        QCOMPARE(monthLabel(described.first), std::string("2024-01"));
        QCOMPARE(monthLabel(described.last), std::string("2026-04"));
        // Published by the month: Epoch's 2026 snapshot rows (as_of 2026-03-31 and 2026-04-22) allow one
        // start.
        const AllowedMonths stated = allowedMonths(dataset(), RowDating::Stated);
        QVERIFY(stated.any);
        QCOMPARE(monthLabel(stated.first), std::string("2026-04"));
        QCOMPARE(monthLabel(stated.last), std::string("2026-04"));
        const std::vector<MonthIndex> rolling = rollingMonths(dataset(), RowDating::Described);
        QCOMPARE(rolling.size(), std::size_t(10));
        for (MonthIndex m : rolling) {
            QCOMPARE((monthOf(m) - 1) % 3, 0);
        }
        QCOMPARE(monthLabel(rolling.front()), std::string("2024-01"));
        QCOMPARE(monthLabel(rolling.back()), std::string("2026-04"));
    }

    void badAsOfMonthsRefused_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("says");
        QTest::newRow("before the first start") << "2023-12"
                                                << "before the dataset allows a start";
        QTest::newRow("after the last observation") << "2026-05"
                                                    << "after the dataset's last observation";
        QTest::newRow("month 13") << "2024-13"
                                  << "not a month YYYY-MM";
        QTest::newRow("month 0") << "2024-00"
                                 << "not a month YYYY-MM";
        QTest::newRow("one digit") << "2024-1"
                                   << "not a month YYYY-MM";
        QTest::newRow("a day") << "2024-01-15"
                               << "not a month YYYY-MM";
        QTest::newRow("words") << "last year"
                               << "not a month YYYY-MM";
        QTest::newRow("empty") << ""
                               << "not a month YYYY-MM";
    }
    void badAsOfMonthsRefused()
    {
        QFETCH(QString, text);
        QFETCH(QString, says);
        try {
            checkAsOf(dataset(), RowDating::Described, text.toStdString());
            QFAIL("accepted");
        } catch (const AsOfError &e) {
            const std::string what = e.what();
            QVERIFY2(what.find(says.toStdString()) != std::string::npos, e.what());
            QVERIFY2(what.find("allowed: 2024-01 to 2026-04") != std::string::npos, e.what());
            QVERIFY(what.find('\n') == std::string::npos);
        }
        // calibrate() refuses a month whose start state has no rows, naming the allowed months too.
        QVERIFY_THROWS_EXCEPTION(AsOfError, calibrate(dataset(), Scenario(), month("2023-06")));
    }

    void noLookAheadEveryInputRowKnownByTheMonth()
    {
        for (RowDating dating : {RowDating::Described, RowDating::Stated}) {
            const std::vector<MonthIndex> months = everyAllowedMonth(dating);
            QVERIFY(!months.empty());
            std::size_t rowsChecked = 0;
            for (MonthIndex m : months) {
                const Calibration c = calibrate(dataset(), presetBaseCase(), m, dating);
                QCOMPARE(c.scenario.startYear * 12 + c.scenario.startMonth - 1, m);
                QVERIFY(c.find(Param::InstalledBase) && c.find(Param::Shipments) &&
                        c.find(Param::TokenPrice) && c.find(Param::CapexPerH100e) &&
                        c.find(Param::ShipmentGrowth));
                for (const CalibratedInput &in : c.inputs) {
                    QVERIFY2(!in.rows.empty(), paramInfo(in.param).key);
                    for (const RowRef &r : in.rows) {
                        QVERIFY(r.knownFrom.has_value());
                        QVERIFY2(*r.knownFrom <= m,
                                 (monthLabel(m) + " " + paramInfo(in.param).key + ": " + r.file + " › " +
                                  r.key + " known from " + monthLabel(*r.knownFrom))
                                     .c_str());
                        if (dating == RowDating::Stated) {
                            // The literal rule: the row's as_of date is at or before the month.
                            data::Date asOf;
                            QVERIFY(data::Date::parse(r.asOf, &asOf));
                            QVERIFY2(lastMonthOf(asOf) <= m, (r.key + " as of " + r.asOf).c_str());
                        }
                        ++rowsChecked;
                    }
                }
            }
            QVERIFY(rowsChecked > months.size() * 5);
        }
    }

    void noLookAheadLaterRowsChangeNothing()
    {
        for (RowDating dating : {RowDating::Described, RowDating::Stated}) {
            for (MonthIndex m : everyAllowedMonth(dating)) {
                for (bool remove : {false, true}) {
                    std::size_t changed = 0;
                    const data::Dataset altered =
                        withLaterRowsChanged(dataset(), m, dating, remove, &changed);
                    // A real change: before 2025 most of the dataset is dated later.
                    const std::size_t least = m < month("2025-01") ? 100 : (m < month("2026-01") ? 10 : 0);
                    QVERIFY2(changed >= least, (monthLabel(m) + ": " + std::to_string(changed)).c_str());
                    const Calibration a = calibrate(dataset(), presetBaseCase(), m, dating);
                    const Calibration b = calibrate(altered, presetBaseCase(), m, dating);
                    verifySameCalibration(a, b);
                }
            }
        }
        // The runs themselves, bit for bit: every fan and every fine histogram.
        for (MonthIndex m : rollingMonths(dataset(), RowDating::Described)) {
            std::size_t changed = 0;
            const data::Dataset altered =
                withLaterRowsChanged(dataset(), m, RowDating::Described, false, &changed);
            BacktestOptions options;
            options.settings = smallRun(1024);
            const BacktestResult a = runBacktest(dataset(), presetBaseCase(), m, options);
            const BacktestResult b = runBacktest(altered, presetBaseCase(), m, options);
            QCOMPARE(a.fans.size(), b.fans.size());
            for (std::size_t f = 0; f < a.fans.size(); ++f) {
                for (std::size_t k = 0; k < a.fans[f].band.size(); ++k) {
                    for (std::size_t i = 0; i < BandStats.size(); ++i) {
                        QVERIFY(sameBits(a.fans[f].band[k][i], b.fans[f].band[k][i]));
                    }
                }
            }
            for (int s = 0; s < SeriesCount; ++s) {
                for (int k = 0; k <= a.run.steps; ++k) {
                    QVERIFY(fineCountsForTesting(a.run, Series(s), k) ==
                            fineCountsForTesting(b.run, Series(s), k));
                }
            }
        }
    }

    void calibrationAtTheBaseCaseStart()
    {
        // As of the Base case's start, the rules give back its start state (docs/model.md, "Backtest").
        const Calibration c = calibrate(dataset(), Scenario(), month("2026-04"));
        auto value = [&](Param p) {
            const CalibratedInput *in = c.find(p);
            return in ? in->value : std::nan("");
        };
        QCOMPARE(value(Param::InstalledBase), 20.0);                // 14.5 M / 0.725
        QCOMPARE(value(Param::ShipmentGrowth), 1.8);                // 0.672 x 8.92 / 3.33
        QVERIFY(std::abs(value(Param::Shipments) - 1.1838) < 1e-4); // Base case: 1.2 (rounded up)
        QVERIFY(std::abs(value(Param::TokenPrice) - 1.0) < 1e-4);
        QVERIFY(std::abs(value(Param::CapexPerH100e) - 32966.67) < 0.01); // Base case: 35,000
        QVERIFY(std::abs(value(Param::HardwareGain) - 1.32039) < 1e-5);   // Base case: 1.35
        QVERIFY(std::abs(value(Param::AdoptionGrowth) - 2.3 / (1.3 * 1.32039)) < 1e-4);
        QCOMPARE(value(Param::GpuLifeYears), 5.0);
        QVERIFY(std::abs(value(Param::KwPerH100e) - 1.195) < 1e-12);
        QCOMPARE(value(Param::PowerEfficiency), 1.2);
        QVERIFY(std::abs(value(Param::RestrictedShare) - (958.0 / 3840 + 531.0 / 4460) / 2) < 1e-12);
        QVERIFY(std::abs(c.scenario[Param::PowerGw] - 1.25 * 20 * 1.195) < 1e-9);
        QVERIFY(c.fromScenario.empty());
        QCOMPARE(c.nvidiaCumulativeH100e, 14.5e6);
        // Early on, inputs without rows fall back to the scenario and say so.
        const Calibration early = calibrate(dataset(), Scenario(), month("2024-01"));
        std::set<Param> fellBack;
        for (const ScenarioInput &s : early.fromScenario) {
            fellBack.insert(s.param);
            QVERIFY(s.reason.find("no row known by 2024-01") != std::string::npos);
        }
        QVERIFY(fellBack.count(Param::AdoptionGrowth) && fellBack.count(Param::HardwareGain) &&
                fellBack.count(Param::PowerEfficiency));
    }

    void intervalsMoveWithCalibratedValues()
    {
        const Scenario preset = presetBaseCase();
        const Calibration c = calibrate(dataset(), preset, month("2024-07"));
        const double g0 = c.scenario[Param::Shipments];
        const auto &interval = c.scenario.intervals[int(Param::Shipments)];
        QVERIFY(interval.has_value());
        const auto &before = *preset.intervals[int(Param::Shipments)];
        const double f = g0 / preset[Param::Shipments];
        QVERIFY(std::abs(interval->p5 - before.p5 * f) < 1e-12);
        QVERIFY(std::abs(interval->p95 - before.p95 * f) < 1e-12);
        QVERIFY(!c.notes.empty());
    }

    void pitAgainstPathValues()
    {
        // A small run with uncertain inputs (the preset Base case), so that PITs lie inside (0, 1) too.
        const SimulationSettings settings = smallRun(8192, 11);
        BacktestOptions options;
        options.settings = settings;
        std::size_t interior = 0, checked = 0;
        for (const char *asOf : {"2024-07", "2025-01"}) {
            const BacktestResult r = runBacktest(dataset(), presetBaseCase(), month(asOf), options);
            QVERIFY(!r.points.empty());
            const std::vector<float> values =
                simulatePathValues(r.calibration.scenario, settings, settings.paths);
            const int steps = r.run.steps;
            auto direct = [&](Series s, int k, double v, double *nearShare) {
                double below = 0, near = 0;
                for (std::uint64_t p = 0; p < settings.paths; ++p) {
                    const double x = values[(p * SeriesCount + std::uint64_t(s)) * std::uint64_t(steps + 1) +
                                            std::uint64_t(k)];
                    below += x < v ? 1.0 : (x == v ? 0.5 : 0.0);
                    // Within a fine bin (0.39 % wide) of v: the histogram can place these on either side.
                    near += (x > v / 1.005 && x < v * 1.005) ? 1.0 : 0.0;
                }
                *nearShare = near / double(settings.paths);
                return below / double(settings.paths);
            };
            for (const PointScore &p : r.points) {
                const Series s = findMapping(p.series)->series;
                // The observation itself, and values at the fan's p10, p50 and p90 for PITs inside (0, 1).
                for (double v : {p.modelEquivalent, r.run.value(s, Stat::P10, p.step),
                                 r.run.value(s, Stat::P50, p.step), r.run.value(s, Stat::P90, p.step)}) {
                    double nearShare = 0;
                    const double expected = direct(s, p.step, v, &nearShare);
                    const double pit = r.run.shareBelow(s, p.step, v);
                    QVERIFY2(std::abs(pit - expected) <= nearShare + 1e-12,
                             (p.series + " " + monthLabel(p.month) + ": " + std::to_string(pit) + " vs " +
                              std::to_string(expected))
                                 .c_str());
                    interior += (expected > 0.05 && expected < 0.95) ? 1 : 0;
                    ++checked;
                }
                QVERIFY(sameBits(p.pit, r.run.shareBelow(s, p.step, p.modelEquivalent)));
            }
        }
        QVERIFY(checked > 40);
        QVERIFY(interior > checked / 3);
    }

    void coverageIsTheShareInsideTheBands()
    {
        BacktestOptions options;
        options.settings = smallRun(4096, 5);
        const RollingResult rolling = runRolling(dataset(), presetBaseCase(), options);
        QCOMPARE(rolling.runs.size(), std::size_t(10));
        std::size_t n = 0, in50 = 0, in90 = 0, histogramTotal = 0;
        for (const BacktestResult &r : rolling.runs) {
            std::size_t runIn50 = 0, runIn90 = 0;
            for (const PointScore &p : r.points) {
                const Series s = findMapping(p.series)->series;
                // The flags are the band as the fan reports it, read at the observation.
                QCOMPARE(p.inP25P75, r.run.value(s, Stat::P25, p.step) <= p.modelEquivalent &&
                                         p.modelEquivalent <= r.run.value(s, Stat::P75, p.step));
                QCOMPARE(p.inP5P95, r.run.value(s, Stat::P5, p.step) <= p.modelEquivalent &&
                                        p.modelEquivalent <= r.run.value(s, Stat::P95, p.step));
                QVERIFY(!p.inP25P75 || p.inP5P95);
                runIn50 += p.inP25P75;
                runIn90 += p.inP5P95;
            }
            if (!r.points.empty()) {
                QVERIFY(sameBits(r.summary.coverage50, double(runIn50) / double(r.points.size())));
                QVERIFY(sameBits(r.summary.coverage90, double(runIn90) / double(r.points.size())));
            } else {
                QVERIFY(std::isnan(r.summary.coverage50));
                QCOMPARE(r.summary.reading,
                         std::string("No observation after the as-of month: nothing to score."));
            }
            for (const auto &[series, summary] : r.bySeries) {
                std::size_t count = 0, inside = 0;
                for (const PointScore &p : r.points) {
                    count += p.series == series;
                    inside += p.series == series && p.inP5P95;
                }
                QCOMPARE(summary.points, count);
                if (count) {
                    QVERIFY(sameBits(summary.coverage90, double(inside) / double(count)));
                }
            }
            n += r.points.size();
            in50 += runIn50;
            in90 += runIn90;
        }
        QCOMPARE(rolling.summary.points, n);
        QVERIFY(sameBits(rolling.summary.coverage50, double(in50) / double(n)));
        QVERIFY(sameBits(rolling.summary.coverage90, double(in90) / double(n)));
        for (std::size_t c : rolling.summary.pitHistogram) {
            histogramTotal += c;
        }
        QCOMPARE(histogramTotal, n);
        QVERIFY(rolling.summary.reading.find(std::to_string(n) + " points from 10 starts") !=
                std::string::npos);
    }

    void crpsEstimatorAgainstTheClosedForm()
    {
        // The closed form itself, against a direct integral of (F(x) - 1{x >= y})^2.
        for (double y : {-2.0, 0.0, 0.3, 1.7}) {
            double integral = 0;
            const double dx = 1e-4;
            for (double x = -12 + dx / 2; x < 12; x += dx) {
                const double d = normalCdf(x) - (x >= y ? 1.0 : 0.0);
                integral += d * d * dx;
            }
            QVERIFY2(std::abs(integral - crpsNormal(0, 1, y)) < 1e-6, std::to_string(y).c_str());
        }
        // The estimator on exact normal quantiles.
        double worst = 0;
        for (double y : {-3.0, -1.0, 0.0, 0.4, 2.5}) {
            const double mean = 1.5, sd = 0.7;
            const double exact = crpsNormal(mean, sd, mean + sd * y);
            const double estimate = crpsFromQuantiles(
                [&](double level) { return mean + sd * normalQuantile(level); }, mean + sd * y);
            QVERIFY2(std::abs(estimate - exact) < 2e-4 * sd,
                     (std::to_string(estimate) + " vs " + std::to_string(exact)).c_str());
            worst = std::max(worst, std::abs(estimate - exact) / exact);
        }
        qInfo("CRPS estimator on exact normal quantiles (%d levels): largest relative error %.2e", CrpsLevels,
              worst);
    }

    void crpsAndPitOfAnEngineRunAgainstALognormal()
    {
        // With no training demand, no breakthroughs and eps = 1, demand is D0 (m_a m_h m_r)^t exp(W_t) with W
        // the Brownian motion of step 1 (docs/model.md, steps 1-7): lognormal, so ln D_t ~ N(mu, sigma^2).
        Scenario s;
        s.setValue(Param::HorizonYears, 2);
        s.setValue(Param::TrainingShare, 0);
        s.setValue(Param::BreakthroughRate, 0);
        s.setValue(Param::PriceElasticity, 1);
        const SimulationResult r = simulate(s, smallRun(200'000, 3));
        const int k = 24;
        const double t = k / 12.0, sa = s[Param::DemandVolatility];
        const double mu =
            std::log(s[Param::Utilization] * s[Param::InstalledBase] * 1e6) +
            t * std::log(s[Param::AdoptionGrowth] * s[Param::HardwareGain] * s[Param::ReasoningGrowth]) -
            0.5 * sa * sa * t;
        const double sigma = sa * std::sqrt(t);
        double worstCrps = 0, worstPit = 0;
        for (double z : {-2.0, -0.8, 0.0, 0.5, 1.3, 3.0}) {
            const double y = std::exp(mu + sigma * z);
            const double exact = crpsNormal(mu, sigma, std::log(y));
            const double estimate = crpsFromQuantiles(
                [&](double level) { return std::log(r.quantileAt(Series::Demand, k, level)); }, std::log(y));
            // Monte Carlo noise of 200k paths and the bins (0.39 %, 0.004 in ln): measured under 0.1 %.
            QVERIFY2(
                std::abs(estimate - exact) < 0.01 * exact + 0.001,
                ("z=" + std::to_string(z) + ": " + std::to_string(estimate) + " vs " + std::to_string(exact))
                    .c_str());
            const double pit = r.shareBelow(Series::Demand, k, y);
            QVERIFY2(std::abs(pit - normalCdf(z)) < 0.005,
                     ("z=" + std::to_string(z) + ": " + std::to_string(pit)).c_str());
            worstCrps = std::max(worstCrps, std::abs(estimate - exact) / exact);
            worstPit = std::max(worstPit, std::abs(pit - normalCdf(z)));
        }
        qInfo("Lognormal demand, 200k paths, month 24: CRPS of ln within %.2f %% of the closed form, PIT "
              "within %.4f of "
              "Phi(z)",
              100 * worstCrps, worstPit);
    }

    void summaryWordsSayHowFewPoints()
    {
        std::vector<PointOutcome> few(4, PointOutcome{0.99, false, false, 0.3});
        ScoreSummary s = summarize(few, 1);
        QVERIFY(s.reading.find("4 points from one start: too few to judge") != std::string::npos);
        QVERIFY(s.reading.find("runs cold") != std::string::npos);
        QCOMPARE(s.pitHistogram[9], std::size_t(4));
        std::vector<PointOutcome> centred;
        for (int i = 0; i < 40; ++i) {
            const double pit = (i + 0.5) / 40;
            centred.push_back({pit, pit >= 0.25 && pit <= 0.75, pit >= 0.05 && pit <= 0.95, 0.1});
        }
        s = summarize(centred, 3);
        QVERIFY(s.reading.find("40 points from 3 starts.") != std::string::npos);
        QVERIFY(s.reading.find("roughly centred") != std::string::npos);
        QVERIFY(s.reading.find("within what chance allows") != std::string::npos);
        for (std::size_t c : s.pitHistogram) {
            QCOMPARE(c, std::size_t(4));
        }
        QCOMPARE(summarize({}, 1).points, std::size_t(0));
    }

    void mappingsAndHistoryOverlaysAreOneCode()
    {
        // Every scored series has an overlay, from the same observations and the same mapping.
        const Scenario base; // the Base case starts 2026-04
        const std::vector<HistoryOverlay> overlays = historyOverlays(dataset(), base);
        for (const Mapping &m : mappings()) {
            const auto o = std::find_if(overlays.begin(), overlays.end(),
                                        [&](const HistoryOverlay &h) { return h.mappingId == m.id; });
            QVERIFY2(o != overlays.end(), m.id.c_str());
            QCOMPARE(o->chartId, m.chartId);
            QVERIFY(o->series == m.series);
            QVERIFY(o->likeForLike);
            QVERIFY(!o->points.empty() && !o->sources.empty() && !o->explanation.empty());
            QVERIFY(o->points.back().month < monthIndex(2026, 4));
        }
        auto overlay = [&](std::string_view id) {
            return *std::find_if(overlays.begin(), overlays.end(),
                                 [&](const HistoryOverlay &h) { return h.mappingId == id; });
        };
        // Installed base: NVIDIA's count shifted by the 5.5 M H100e outside it, joining S0 = 20 M at the
        // start.
        const HistoryOverlay supply = overlay("nvidia_cumulative_h100e");
        const Mapping &count = *findMapping("nvidia_cumulative_h100e");
        const std::vector<ObservedPoint> observed = observedPoints(dataset(), count);
        const Transform t = transformFor(count, base, 14.5e6);
        std::size_t matched = 0;
        for (const ObservedPoint &p : observed) {
            for (const HistoryOverlay::Point &q : supply.points) {
                if (q.month == p.month) {
                    QVERIFY(sameBits(q.value, t.toModel(p.value, p.month - monthIndex(2026, 4))));
                    ++matched;
                }
            }
        }
        QCOMPARE(matched, std::size_t(4)); // the ends of 2022 to 2025
        QVERIFY(std::abs(supply.points.back().value - (13.64e6 + 5.5e6)) < 1);
        // Token price: the frontier price over the premium, every month to the end of the latest price's
        // quarter (2025-12, DeepSeek-V3.2), about 1 USD (the fan's c0) there: the premium is the price at
        // the start over c0, and no flagship price changes after December.
        const HistoryOverlay token = overlay("frontier_token_price");
        QCOMPARE(token.points.back().month, monthIndex(2025, 12));
        QVERIFY(std::abs(token.points.back().value - 1.0) < 1e-3);
        const std::vector<ObservedPoint> drawn =
            observedPoints(dataset(), *findMapping("frontier_token_price"), true);
        QCOMPARE(token.points.size(), drawn.size());
        for (std::size_t i = 0; i < drawn.size(); ++i) {
            QCOMPARE(token.points[i].month, drawn[i].month);
            QVERIFY(sameBits(token.points[i].value, drawn[i].value / BaseCaseRatios::frontierPremium));
        }
        // The GPU-hour fan gets the dataset's one figure, DeepSeek's assumption, in words and not like for
        // like.
        const auto gpu = std::find_if(overlays.begin(), overlays.end(),
                                      [](const HistoryOverlay &h) { return h.chartId == "gpu_hour_price"; });
        QVERIFY(gpu != overlays.end());
        QVERIFY(!gpu->likeForLike);
        QCOMPARE(gpu->points.size(), std::size_t(1));
        QCOMPARE(gpu->points.front().value, 2.0);
        QCOMPARE(monthLabel(gpu->points.front().month), std::string("2024-12"));
        QVERIFY(gpu->explanation.find("assumption") != std::string::npos);
        // The power fan gets the chip power of NVIDIA's shipped GPUs, every GW row of compute_estimates
        // before the start, in words and not like for like (chip level against facility power).
        const auto power = std::find_if(overlays.begin(), overlays.end(),
                                        [](const HistoryOverlay &h) { return h.chartId == "power"; });
        QVERIFY(power != overlays.end());
        QVERIFY(!power->likeForLike);
        QVERIFY(power->series == Series::PowerDraw);
        QVERIFY(power->explanation.find("chip") != std::string::npos);
        const data::Table &estimates = *dataset().find("compute_estimates");
        std::vector<double> chipPower;
        for (const data::Row &row : estimates.rows) {
            if (estimates.text(row, "unit") == "GW" &&
                estimates.text(row, "metric") == "cumulative_shipments" &&
                estimates.number(row, "value") > 0) {
                chipPower.push_back(estimates.number(row, "value"));
            }
        }
        QVERIFY(!chipPower.empty());
        QCOMPARE(power->points.size(), chipPower.size());
        for (std::size_t i = 0; i < chipPower.size(); ++i) {
            QVERIFY(std::find_if(power->points.begin(), power->points.end(),
                                 [&](const HistoryOverlay::Point &q) { return q.value == chipPower[i]; }) !=
                    power->points.end());
        }
        // Each row behind an overlay is named once (the same row stands behind many months' points).
        for (const HistoryOverlay &h : overlays) {
            std::set<std::string> names;
            for (const RowRef &r : h.sources) {
                QVERIFY2(names.insert(r.file + '|' + r.key + '|' + r.asOf).second, r.key.c_str());
            }
        }
        // One primary overlay per fan.
        std::map<std::string, int> primaries;
        for (const HistoryOverlay &h : overlays) {
            primaries[h.chartId] += h.primary;
        }
        for (const auto &[chart, n] : primaries) {
            QCOMPARE(n, 1);
        }
        // Without NVIDIA's count at a scenario's start (before two years of counts, or more than a year after
        // the last), the installed-base history is drawn as counted and says so.
        for (int year : {2023, 2028}) {
            Scenario elsewhere;
            elsewhere.startYear = year;
            const std::vector<HistoryOverlay> other = historyOverlays(dataset(), elsewhere);
            const HistoryOverlay &unshifted =
                *std::find_if(other.begin(), other.end(), [](const HistoryOverlay &h) {
                    return h.mappingId == "nvidia_cumulative_h100e";
                });
            QVERIFY(!unshifted.likeForLike);
            QVERIFY(unshifted.label.find("not like for like") != std::string::npos);
            for (const HistoryOverlay::Point &q : unshifted.points) {
                QVERIFY(std::any_of(observed.begin(), observed.end(), [&](const ObservedPoint &p) {
                    return p.month == q.month && p.value == q.value;
                }));
            }
        }
        // The backtest scores exactly these observations (those after its as-of month).
        BacktestOptions options;
        options.settings = smallRun(1024);
        const BacktestResult r = runBacktest(dataset(), Scenario(), month("2025-01"), options);
        for (const Mapping &m : mappings()) {
            std::vector<MonthIndex> expected, got;
            for (const ObservedPoint &p : observedPoints(dataset(), m)) {
                if (p.month > month("2025-01")) {
                    expected.push_back(p.month);
                }
            }
            for (const PointScore &p : r.points) {
                if (p.series == m.id) {
                    got.push_back(p.month);
                }
            }
            QVERIFY2(expected == got, m.id.c_str());
        }
        QVERIFY(!leftOutSeries().empty());
    }

    void jsonHasTheIssuesKeysAndRoundTrips()
    {
        BacktestOptions options;
        options.settings = smallRun(2048);
        const BacktestResult r = runBacktest(dataset(), Scenario(), month("2024-10"), options);
        const json::Value doc = json::parse(toJson(r));
        auto keys = [](const json::Value &v) { return std::set<std::string>(v.keys.begin(), v.keys.end()); };
        QVERIFY(keys(doc) == (std::set<std::string>{"as_of", "scenario", "inputs", "points", "summary"}));
        QCOMPARE(doc.find("as_of")->string, std::string("2024-10"));
        const json::Value &inputs = *doc.find("inputs");
        QCOMPARE(inputs.array.size(), r.calibration.inputs.size());
        for (const json::Value &in : inputs.array) {
            QVERIFY(keys(in) == (std::set<std::string>{"parameter", "value", "rows"}));
            for (const json::Value &row : in.find("rows")->array) {
                QVERIFY(keys(row) == (std::set<std::string>{"file", "key", "as_of"}));
            }
        }
        const json::Value &points = *doc.find("points");
        QCOMPARE(points.array.size(), r.points.size());
        for (std::size_t i = 0; i < r.points.size(); ++i) {
            const json::Value &p = points.array[i];
            QVERIFY(keys(p) == (std::set<std::string>{"series", "month", "observed", "scale", "pit",
                                                      "in_p25_p75", "in_p5_p95", "source"}));
            QVERIFY(sameBits(p.find("observed")->number, r.points[i].observed));
            QVERIFY(sameBits(p.find("pit")->number, r.points[i].pit));
            QCOMPARE(p.find("in_p5_p95")->boolean, r.points[i].inP5P95);
        }
        const json::Value &summary = *doc.find("summary");
        QVERIFY(keys(summary) == (std::set<std::string>{"points", "coverage_50", "coverage_90", "crps_mean",
                                                        "pit_histogram", "by_series"}));
        QVERIFY(sameBits(summary.find("crps_mean")->number, r.summary.crpsMean));
        QCOMPARE(summary.find("pit_histogram")->array.size(), std::size_t(PitBins));
        for (const json::Value &s : summary.find("by_series")->members) {
            QVERIFY(keys(s) == (std::set<std::string>{"points", "coverage_50", "coverage_90", "crps_mean",
                                                      "pit_histogram"}));
        }
        // The scenario as run reads back as the calibrated scenario.
        const json::Value &scenario = *doc.find("scenario");
        QCOMPARE(scenario.find("start")->string, std::string("2024-10"));
        // CSV: a header and one row per point.
        const std::string csv = toCsv(r);
        QCOMPARE(std::size_t(std::count(csv.begin(), csv.end(), '\n')), r.points.size() + 1);
        QVERIFY(csv.rfind("as_of,series,model_series,month,", 0) == 0);
    }
};

QTEST_APPLESS_MAIN(tst_Backtest)
#include "tst_backtest.moc"
