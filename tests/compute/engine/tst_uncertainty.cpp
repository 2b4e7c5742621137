// Model version 2 beyond the closed forms: uncertain and correlated inputs, variance shares, common random
// numbers, point masses, export controls and reasoning (docs/model.md).
#include "jevons/engine/engine.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace jevons;

namespace {

SimulationSettings cpuSettings(std::uint64_t paths, int threads = 0)
{
    SimulationSettings st;
    st.paths = paths;
    st.backend = Backend::Cpu;
    st.threads = threads;
    return st;
}

/// Ranks 0..n-1 of the values (ties are not expected: continuous draws).
std::vector<double> ranks(const std::vector<double> &v)
{
    std::vector<std::size_t> order(v.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        r[order[i]] = double(i);
    }
    return r;
}

double spearman(const std::vector<double> &a, const std::vector<double> &b)
{
    const std::vector<double> ra = ranks(a), rb = ranks(b);
    const double n = double(a.size()), mean = (n - 1) / 2;
    double sab = 0, saa = 0, sbb = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        sab += (ra[i] - mean) * (rb[i] - mean);
        saa += (ra[i] - mean) * (ra[i] - mean);
        sbb += (rb[i] - mean) * (rb[i] - mean);
    }
    return sab / std::sqrt(saa * sbb);
}

std::vector<double> column(const InputDraws &d, Param p)
{
    const auto j = std::size_t(std::find(d.inputs.begin(), d.inputs.end(), p) - d.inputs.begin());
    std::vector<double> out;
    for (std::size_t i = j; i < d.values.size(); i += d.inputs.size()) {
        out.push_back(d.values[i]);
    }
    return out;
}

Scenario noNoise()
{
    Scenario s;
    s[Param::DemandVolatility] = 0;
    s[Param::SupplyVolatility] = 0;
    s[Param::BreakthroughRate] = 0;
    s[Param::DisruptionProb] = 0;
    return s;
}

Scenario loadPreset(const char *file)
{
    return loadScenarioFile(qEnvironmentVariable("JEVONS_SOURCE_DIR").toStdString() +
                            "/resources/scenarios/" + file);
}

} // namespace

class tst_Uncertainty : public QObject {
    Q_OBJECT

private slots:
    void twoPieceDrawHasTheGivenPercentiles_data()
    {
        QTest::addColumn<int>("param");
        QTest::addColumn<double>("p5");
        QTest::addColumn<double>("median");
        QTest::addColumn<double>("p95");
        QTest::addColumn<bool>("log");
        // Skewed intervals, well inside the slider ranges (no clamping).
        QTest::newRow("linear, elasticity") << int(Param::PriceElasticity) << 0.6 << 1.0 << 1.8 << false;
        QTest::newRow("log, capex per H100e")
            << int(Param::CapexPerH100e) << 20000.0 << 35000.0 << 90000.0 << true;
        QTest::newRow("log, power growth") << int(Param::PowerGrowth) << 1.2 << 1.5 << 1.6 << true;
    }
    void twoPieceDrawHasTheGivenPercentiles()
    {
        QFETCH(int, param);
        QFETCH(double, p5);
        QFETCH(double, median);
        QFETCH(double, p95);
        QFETCH(bool, log);
        Scenario s;
        s[Param(param)] = median;
        s.intervals[std::size_t(param)] = Interval{p5, p95, log ? IntervalScale::Log : IntervalScale::Linear};
        const std::uint64_t n = 200'000;
        const InputDraws d = drawInputs(s, cpuSettings(n), n);
        QCOMPARE(d.inputs, std::vector<Param>{Param(param)});
        const std::vector<double> v = column(d, Param(param));
        for (const auto &[value, level] : {std::pair{p5, 0.05}, {median, 0.5}, {p95, 0.95}}) {
            const double share =
                double(std::count_if(v.begin(), v.end(), [&](double x) { return x < value; })) / double(n);
            // 4 binomial standard errors; the draws are float, so values within 1e-6 of an end may round.
            const double tolerance = 4 * std::sqrt(level * (1 - level) / double(n)) + 1e-4;
            QVERIFY2(std::abs(share - level) < tolerance,
                     qPrintable(QString("share below %1: %2, expected %3").arg(value).arg(share).arg(level)));
        }
    }

    void clampedAndRounded()
    {
        // A wide interval on the integer disruption length: draws are clamped to 1..60 and whole.
        Scenario s;
        s.intervals[int(Param::DisruptionMonths)] = Interval{2, 58, IntervalScale::Linear};
        s.intervals[int(Param::Utilization)] = Interval{0.31, 0.999, IntervalScale::Linear};
        const std::uint64_t n = 50'000;
        const InputDraws d = drawInputs(s, cpuSettings(n), n);
        bool sawLowEnd = false, sawHighEnd = false;
        for (double m : column(d, Param::DisruptionMonths)) {
            QVERIFY(m >= 1 && m <= 60 && m == std::floor(m));
            sawLowEnd = sawLowEnd || m == 1;
            sawHighEnd = sawHighEnd || m == 60;
        }
        QVERIFY(sawLowEnd && sawHighEnd); // the normal tails reach past both ends and are clamped there
        for (double u : column(d, Param::Utilization)) {
            QVERIFY(u >= 0.3 && u <= 1);
        }
    }

    void copulaGivesTheRankCorrelation_data()
    {
        QTest::addColumn<double>("rank");
        QTest::newRow("moderate, same direction") << 0.6;
        QTest::newRow("weak, opposite direction") << -0.3;
        QTest::newRow("strong") << 0.9;
    }
    void copulaGivesTheRankCorrelation()
    {
        QFETCH(double, rank);
        Scenario s;
        s.intervals[int(Param::PriceElasticity)] = Interval{0.6, 1.6, IntervalScale::Log};
        s.intervals[int(Param::ShipmentGrowth)] = Interval{1.4, 2.2, IntervalScale::Linear};
        s.intervals[int(Param::AdoptionGrowth)] = Interval{1.1, 1.6, IntervalScale::Linear};
        s.correlations.push_back({Param::PriceElasticity, Param::ShipmentGrowth, rank});
        const std::uint64_t n = 100'000;
        const InputDraws d = drawInputs(s, cpuSettings(n), n);
        const double measured = spearman(column(d, Param::PriceElasticity), column(d, Param::ShipmentGrowth));
        // The standard error of a rank correlation over 1e5 draws is below 0.003.
        QVERIFY2(std::abs(measured - rank) < 0.015,
                 qPrintable(QString("rank correlation %1, asked %2").arg(measured).arg(rank)));
        // Pairs that were not given stay independent.
        QVERIFY(std::abs(spearman(column(d, Param::PriceElasticity), column(d, Param::AdoptionGrowth))) <
                0.015);
    }

    void processNoiseIsTheSameWithAndWithoutIntervals()
    {
        // Common random numbers: capex per H100e enters neither demand nor supply (revenue_response is 0), so
        // making it uncertain leaves every path's demand and supply bit-identical.
        Scenario certain;
        Scenario uncertain = certain;
        uncertain.intervals[int(Param::CapexPerH100e)] = Interval{20000, 60000, IntervalScale::Log};
        const std::uint64_t n = 4096;
        const std::vector<float> a = simulatePathValues(certain, cpuSettings(n), n);
        const std::vector<float> b = simulatePathValues(uncertain, cpuSettings(n), n);
        const std::size_t stepsPlus = std::size_t(certain.steps() + 1);
        std::size_t capexDiffers = 0;
        for (std::size_t p = 0; p < n; ++p) {
            for (std::size_t k = 0; k < stepsPlus; ++k) {
                for (Series s : {Series::Demand, Series::Supply, Series::TokenPrice}) {
                    const std::size_t i = (p * SeriesCount + std::size_t(s)) * stepsPlus + k;
                    QCOMPARE(a[i], b[i]);
                }
                const std::size_t c = (p * SeriesCount + std::size_t(Series::Capex)) * stepsPlus + k;
                capexDiffers += a[c] != b[c];
            }
        }
        QVERIFY(capexDiffers > n * stepsPlus / 2); // while capex itself moves with the draws
    }

    void sameResultOnAnyThreadCount()
    {
        Scenario s = loadPreset("07_power_crunch.json");
        QVERIFY(s.hasUncertainty());
        SimulationSettings one = cpuSettings(30'000, 1), three = cpuSettings(30'000, 3);
        one.sharesSeries = three.sharesSeries = Series::Unpowered;
        const SimulationResult a = simulate(s, one), b = simulate(s, three);
        for (int series = 0; series < SeriesCount; ++series) {
            for (int st = 0; st < StatCount; ++st) {
                QCOMPARE(a.series[std::size_t(series)].stats[std::size_t(st)],
                         b.series[std::size_t(series)].stats[std::size_t(st)]);
            }
        }
        QCOMPARE(a.probabilities, b.probabilities);
        QVERIFY(a.varianceShares && b.varianceShares);
        QCOMPARE(a.varianceShares->shares, b.varianceShares->shares);
    }

    void sharesOfAnInputThatDoesNotEnterAreZero()
    {
        Scenario s;
        s.intervals[int(Param::CapexPerH100e)] = Interval{20000, 60000, IntervalScale::Log};
        s.intervals[int(Param::PriceElasticity)] = Interval{0.7, 1.4, IntervalScale::Log};
        SimulationSettings st = cpuSettings(100'000);
        st.sharesSeries = Series::DemandSupplyRatio;
        const SimulationResult r = simulate(s, st);
        QVERIFY(r.varianceShares);
        const VarianceShares &v = *r.varianceShares;
        QCOMPARE(v.inputs, (std::vector<Param>{Param::CapexPerH100e, Param::PriceElasticity}));
        for (int k = 1; k <= r.steps; k += 11) {
            // Capex per H100e does not enter demand or supply: only sampling noise, corrected towards 0.
            QVERIFY2(v.shares[0][std::size_t(k)] < 0.002,
                     qPrintable(QString::number(v.shares[0][std::size_t(k)])));
        }
        QVERIFY(v.shares[1][std::size_t(r.steps)] > 0.2); // elasticity does
        QCOMPARE(v.shares[1][0], 0.0);                    // step 0 by definition
        QVERIFY(std::abs(v.unexplained[std::size_t(r.steps)] -
                         (1 - v.shares[0].back() - v.shares[1].back())) < 1e-12);
        QVERIFY(!v.correlated);
    }

    void sharesOfTheOnlyDriverAreOne()
    {
        // No process noise and one uncertain input: the demand/supply ratio is a function of elasticity
        // alone. The estimator's 32 equal-probability bins leave some of its spread inside the wide tail
        // bins: 1 % for a function linear in the normal score, 3 % for this one.
        Scenario s = noNoise();
        s[Param::PowerGrowth] = 3;
        s.intervals[int(Param::PriceElasticity)] = Interval{0.7, 1.4, IntervalScale::Log};
        SimulationSettings st = cpuSettings(50'000);
        st.sharesSeries = Series::DemandSupplyRatio;
        const SimulationResult r = simulate(s, st);
        for (int k : {12, 36, 60}) {
            const double share = r.varianceShares->shares[0][std::size_t(k)];
            QVERIFY2(share > 0.95 && share <= 1.0, qPrintable(QString("share at %1: %2").arg(k).arg(share)));
        }
    }

    void pointMassesAreExact()
    {
        // Base case: most paths have no unpowered accelerators early on, and a shortage pins utilization
        // at 1.
        const SimulationResult r = simulate(Scenario(), cpuSettings(50'000));
        QCOMPARE(r.value(Series::Unpowered, Stat::P5, 12), 0.0);
        QCOMPARE(r.value(Series::Unpowered, Stat::P50, 1), 0.0);
        int pinned = 0;
        for (int k = 1; k <= r.steps; ++k) {
            for (Stat st : {Stat::P5, Stat::P25, Stat::P50, Stat::P75, Stat::P95}) {
                const double u = r.value(Series::Utilization, st, k);
                QVERIFY(u <= 1.0); // never above its own maximum
                pinned += u == 1.0;
            }
            // No percentile leaves the range of the values.
            for (int series = 0; series < SeriesCount; ++series) {
                const double lo = r.value(Series(series), Stat::P5, k),
                             hi = r.value(Series(series), Stat::P95, k);
                QVERIFY(lo >= 0 && lo <= hi);
            }
        }
        QVERIFY(pinned > 20);
        // A total disruption from the start: no shipments, no capex, and the percentiles say exactly 0.
        Scenario stop;
        stop[Param::DisruptionProb] = 0.5;
        stop[Param::DisruptionLoss] = 1;
        stop[Param::DisruptionMonths] = 60;
        const SimulationResult d = simulate(stop, cpuSettings(20'000));
        const double zeroShare =
            1 - d.value(Series::Capex, Stat::Mean, 60) / r.value(Series::Capex, Stat::Mean, 60);
        QVERIFY(zeroShare > 0.5);
        QCOMPARE(d.value(Series::Capex, Stat::P5, 60), 0.0);
    }

    void quickRunsSkipTheMassSearch()
    {
        // Previews skip the pilot's search for masses inside the distributions: their percentiles stay within
        // a bin (0.39 %) of the exact run's, and masses at the extremes stay exact.
        SimulationSettings exact = cpuSettings(20'000), quick = exact;
        quick.findPointMasses = false;
        const SimulationResult a = simulate(Scenario(), exact), b = simulate(Scenario(), quick);
        int differ = 0;
        for (int series = 0; series < SeriesCount; ++series) {
            for (int k = 0; k <= a.steps; ++k) {
                for (int st = 0; st < int(Stat::Mean); ++st) {
                    const double x = a.value(Series(series), Stat(st), k),
                                 y = b.value(Series(series), Stat(st), k);
                    QVERIFY2(std::abs(x - y) <= 0.004 * std::abs(x) + 1e-30,
                             qPrintable(QString("%1 step %2: %3 vs %4")
                                            .arg(seriesInfo(Series(series)).key)
                                            .arg(k)
                                            .arg(x)
                                            .arg(y)));
                    differ += x != y;
                }
                QCOMPARE(a.value(Series(series), Stat::Mean, k), b.value(Series(series), Stat::Mean, k));
            }
        }
        QVERIFY(differ > 0); // the token price's masses are not exact without the search
        QCOMPARE(b.value(Series::Unpowered, Stat::P5, 12), 0.0);
    }

    void exportControlsNowMatter()
    {
        // Version 2: controls act relative to those at the start, so tightening raises demand in H100e
        // (restricted buyers need more chips for the same work).
        Scenario loose = noNoise(), tight = noNoise();
        loose[Param::PowerGrowth] = tight[Param::PowerGrowth] = 3;
        tight[Param::ExportControl] = 1.0;
        const SimulationResult a = simulate(loose, cpuSettings(1000)), b = simulate(tight, cpuSettings(1000));
        QCOMPARE(a.value(Series::Demand, Stat::P50, 0),
                 b.value(Series::Demand, Stat::P50, 0)); // from step 1 on
        const double x = (1 + 0.2 * 1.0 * (1 / 0.6 - 1)) / (1 + 0.2 * 0.5 * (1 / 0.6 - 1));
        for (int k : {1, 30, 60}) {
            QVERIFY(std::abs(b.value(Series::Demand, Stat::P50, k) / a.value(Series::Demand, Stat::P50, k) -
                             x) < 1e-4);
        }
        // The escalation preset no longer equals the Base case.
        const SimulationResult base = simulate(loadPreset("01_base_case.json"), cpuSettings(20'000));
        const SimulationResult escalation =
            simulate(loadPreset("04_export_control_escalation.json"), cpuSettings(20'000));
        QVERIFY(escalation.value(Series::Demand, Stat::P50, 60) >
                1.05 * base.value(Series::Demand, Stat::P50, 60));
    }

    void reasoningRaisesDemandAtUnitElasticity()
    {
        // Version 2: reasoning tokens are a quality gain, so at eps = 1 more reasoning means more compute.
        Scenario low = noNoise(), high = noNoise();
        low[Param::PowerGrowth] = high[Param::PowerGrowth] = 3;
        high[Param::ReasoningGrowth] = 2.0;
        const SimulationResult a = simulate(low, cpuSettings(1000)), b = simulate(high, cpuSettings(1000));
        QVERIFY(b.value(Series::Demand, Stat::P50, 60) > 2 * a.value(Series::Demand, Stat::P50, 60));
    }

    void tornadoUsesTheIntervals()
    {
        Scenario s;
        s.intervals[int(Param::PriceElasticity)] = Interval{0.7, 1.4, IntervalScale::Log};
        SensitivityRequest request;
        const SensitivityResult r = sensitivity(s, cpuSettings(4096), request);
        QCOMPARE(int(r.entries.size()), ParamCount - 1); // every parameter listed, those without effect at 0
        for (const SensitivityEntry &e : r.entries) {
            if (e.param == Param::PriceElasticity) {
                QVERIFY(e.fromInterval);
                QCOMPARE(e.lowValue, 0.7);
                QCOMPARE(e.highValue, 1.4);
            } else {
                QVERIFY(!e.fromInterval);
            }
        }
        QCOMPARE(r.entries.front().param, Param::PriceElasticity);
        // A probability as the output.
        request.probability = Probability::PowerConstrained;
        const SensitivityResult p = sensitivity(s, cpuSettings(2048), request);
        QVERIFY(p.baseOutput >= 0 && p.baseOutput <= 1);
        QVERIFY(std::any_of(p.entries.begin(), p.entries.end(), [](const SensitivityEntry &e) {
            return e.param == Param::PowerGrowth && e.swing() > 0.1;
        }));
    }
};

QTEST_APPLESS_MAIN(tst_Uncertainty)
#include "tst_uncertainty.moc"
