// The engine against closed forms, exact order statistics, itself (determinism) and its contract.
#include "model_by_hand.h"

#include "jevons/engine/engine.h"
#include "jevons/engine/testing.h"

#include <QFile>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <stdexcept>

using namespace jevons;

namespace {

Scenario deterministicScenario()
{
    Scenario s;
    s[Param::DemandVolatility] = 0;
    s[Param::SupplyVolatility] = 0;
    s[Param::BreakthroughRate] = 0;
    s[Param::DisruptionProb] = 0;
    return s;
}

SimulationSettings cpuSettings(std::uint64_t paths, int threads = 0)
{
    SimulationSettings st;
    st.paths = paths;
    st.backend = Backend::Cpu;
    st.threads = threads;
    return st;
}

/// np.percentile's default (linear interpolation between order statistics).
double exactPercentile(std::vector<double> sorted, double q)
{
    const double h = double(sorted.size() - 1) * q;
    const auto i = static_cast<std::size_t>(std::floor(h));
    const double a = sorted[i];
    const double b = sorted[std::min(i + 1, sorted.size() - 1)];
    return a + (h - double(i)) * (b - a);
}

long peakResidentKiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:")) {
            return line.mid(6).trimmed().split(' ').first().toLong();
        }
    }
    return -1;
}

void compareResults(const SimulationResult &a, const SimulationResult &b)
{
    QCOMPARE(a.steps, b.steps);
    for (int s = 0; s < SeriesCount; ++s) {
        for (int st = 0; st < StatCount; ++st) {
            const auto &x = a.series[std::size_t(s)].stats[std::size_t(st)];
            const auto &y = b.series[std::size_t(s)].stats[std::size_t(st)];
            for (std::size_t k = 0; k < x.size(); ++k) {
                if (x[k] != y[k]) {
                    QFAIL(qPrintable(QString("%1 %2 step %3: %4 vs %5")
                                         .arg(seriesTable()[std::size_t(s)].key, statKey(Stat(st)))
                                         .arg(k)
                                         .arg(x[k], 0, 'g', 17)
                                         .arg(y[k], 0, 'g', 17)));
                }
            }
        }
    }
    for (int p = 0; p < ProbabilityCount; ++p) {
        QCOMPARE(a.probabilities[std::size_t(p)], b.probabilities[std::size_t(p)]);
    }
}

} // namespace

class tst_Engine : public QObject {
    Q_OBJECT

private slots:
    // First, while the process is small: the high-water mark must not follow the path count.
    void memoryDoesNotGrowWithPaths()
    {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer keeps freed memory resident (its quarantine): peak RSS says nothing here");
#endif
        simulate(Scenario(), cpuSettings(100'000));
        const long before = peakResidentKiB();
        if (before < 0) {
            QSKIP("no /proc/self/status on this system");
        }
        const SimulationResult r = simulate(Scenario(), cpuSettings(4'000'000));
        QCOMPARE(r.pathsDone, std::uint64_t(4'000'000));
        const long after = peakResidentKiB();
        // 40x the paths; histograms, chunk buffers and per-thread state are fixed, so a few MB of growth
        // (allocator noise) is all that is allowed. Storing the values would need 4e6*60*10*4 B = 9.6 GB.
        QVERIFY2(after - before < 64 * 1024, qPrintable(QString("peak RSS grew %1 KiB").arg(after - before)));
    }

    void backendCompiledIn()
    {
        // Like CCCL's examples: assert which device systems the build holds.
        QCOMPARE(cudaCompiled(), bool(JEVONS_EXPECT_CUDA));
        QVERIFY(std::string(cpuKernelLevel()).size() > 0);
        qInfo("CPU kernel: %s; CUDA: %s", cpuKernelLevel(), cudaDeviceDescription().c_str());
    }

    void closedFormWithoutRandomness_data()
    {
        QTest::addColumn<double>("elasticity");
        QTest::addColumn<double>("exportControl");
        QTest::addColumn<double>("maxPremium");
        QTest::addColumn<double>("powerGrowth");
        QTest::addColumn<double>("revenueResponse");
        QTest::addColumn<bool>("powerBinds");
        // Ample power (10x a year) unless the row says otherwise; the Base case's own power binds by 2028.
        QTest::newRow("base, neutral elasticity") << 1.0 << 0.5 << 4.0 << 3.0 << 0.0 << false;
        QTest::newRow("Jevons elasticity 1.5") << 1.5 << 0.5 << 4.0 << 3.0 << 0.0 << false;
        QTest::newRow("inelastic 0.4, full export control") << 0.4 << 1.0 << 4.0 << 3.0 << 0.0 << false;
        QTest::newRow("premium capped at 1.5, no controls") << 1.5 << 0.0 << 1.5 << 3.0 << 0.0 << false;
        QTest::newRow("orders follow revenue") << 0.7 << 0.5 << 4.0 << 3.0 << 1.5 << false;
        QTest::newRow("power binds: backlog and brake") << 1.0 << 0.5 << 4.0 << 1.0 << 0.0 << true;
        QTest::newRow("power binds, orders follow revenue") << 1.3 << 0.8 << 4.0 << 1.2 << 0.5 << true;
    }
    void closedFormWithoutRandomness()
    {
        QFETCH(double, elasticity);
        QFETCH(double, exportControl);
        QFETCH(double, maxPremium);
        QFETCH(double, powerGrowth);
        QFETCH(double, revenueResponse);
        QFETCH(bool, powerBinds);
        Scenario s = deterministicScenario();
        s[Param::PriceElasticity] = elasticity;
        s[Param::ExportControl] = exportControl;
        s[Param::MaxScarcityPremium] = maxPremium;
        s[Param::PowerGrowth] = powerGrowth;
        s[Param::RevenueResponse] = revenueResponse;
        const SimulationResult r = simulate(s, cpuSettings(3000));
        const auto expected = byhand::deterministicPath(s);
        QCOMPARE(r.steps, 60);
        QCOMPARE(int(expected.size()), 61);
        bool sawShortage = false, sawSurplus = false, sawConstrained = false;
        for (int k = 0; k <= r.steps; k += 3) {
            for (int series = 0; series < SeriesCount; ++series) {
                const double want = expected[std::size_t(k)].values[std::size_t(series)];
                for (int st = 0; st < StatCount; ++st) {
                    const double got = r.value(Series(series), Stat(st), k);
                    // The engine runs in float: ~1e-7 per operation, and exponents of up to ~40 in the log
                    // chain give ~5e-6 relative error; 1e-4 leaves room but catches any equation error.
                    // Where power binds, the backlog is a small difference of large numbers: 1e-4 of the
                    // month's shipments is allowed there.
                    const double scale =
                        series == int(Series::Unpowered)
                            ? std::max(std::abs(want),
                                       expected[std::size_t(k)].values[std::size_t(Series::Capex)] /
                                           s[Param::CapexPerH100e])
                            : std::abs(want);
                    const double tolerance = 1e-4 * std::max(scale, 1e-12);
                    if (std::abs(got - want) > tolerance) {
                        QFAIL(qPrintable(QString("%1 %2 at step %3: engine %4, by hand %5")
                                             .arg(seriesTable()[std::size_t(series)].key, statKey(Stat(st)))
                                             .arg(k)
                                             .arg(got, 0, 'g', 10)
                                             .arg(want, 0, 'g', 10)));
                    }
                }
            }
            for (int p = 0; p < ProbabilityCount; ++p) {
                const bool event = k > 0 && expected[std::size_t(k)].events[std::size_t(p)];
                QVERIFY2(r.probabilities[std::size_t(p)][std::size_t(k)] == (event ? 1.0 : 0.0),
                         qPrintable(QString("%1 at step %2: engine %3, by hand %4")
                                        .arg(probabilityTable()[std::size_t(p)].key)
                                        .arg(k)
                                        .arg(r.probabilities[std::size_t(p)][std::size_t(k)])
                                        .arg(event)));
            }
            const bool shortage = expected[std::size_t(k)].events[0];
            sawShortage = sawShortage || shortage;
            sawSurplus = sawSurplus || !shortage;
            sawConstrained = sawConstrained || expected[std::size_t(k)].events[1];
        }
        QCOMPARE(sawConstrained, powerBinds);
        // Both branches of the market clearing are exercised by the base data row.
        if (elasticity == 1.0) {
            QVERIFY(sawShortage && sawSurplus);
        }
    }

    void demandShockIsAMartingale()
    {
        // With every other driver switched off, demand = D0 * exp(W_k), and the -s^2/2 drift makes
        // E[exp(W_k)] = 1 at every step.
        Scenario s = deterministicScenario();
        s[Param::DemandVolatility] = 0.5;
        s[Param::AdoptionGrowth] = 1;
        s[Param::ReasoningGrowth] = 1;
        s[Param::HardwareGain] = 1;
        s[Param::AlgorithmicGain] = 1;
        s[Param::TrainingShare] = 0;
        const std::uint64_t n = 200'000;
        const SimulationResult r = simulate(s, cpuSettings(n));
        const double D0 = s[Param::Utilization] * s[Param::InstalledBase] * 1e6;
        for (int k : {12, 36, 60}) {
            const double t = k / 12.0;
            const double mean = r.value(Series::Demand, Stat::Mean, k) / D0;
            const double sd = std::sqrt(std::exp(0.25 * t) - 1); // sd of a lognormal with sigma^2 = 0.25 t
            const double standardError = sd / std::sqrt(double(n));
            // 4 standard errors: fails by chance about once in 16 000 runs (and the seed is fixed).
            QVERIFY2(
                std::abs(mean - 1) < 4 * standardError,
                qPrintable(
                    QString("E[exp(W_%1)] = %2, standard error %3").arg(k).arg(mean).arg(standardError)));
        }
    }

    void breakthroughsArrivePoisson()
    {
        // Token price with no other driver: c_k = c0 * J^-N_k, N_k ~ Poisson(lam t_k), so
        // E[c_k / c0] = exp(lam t_k (1/J - 1)) and Var = exp(lam t (1/J^2 - 1)) - E^2.
        Scenario s = deterministicScenario();
        s[Param::BreakthroughRate] = 1.0;
        s[Param::BreakthroughSize] = 2.0;
        s[Param::AlgorithmicGain] = 1;
        s[Param::HardwareGain] = 1;
        s[Param::PriceElasticity] = 1; // demand does not react to F, so no shortage premium enters c
        s[Param::AdoptionGrowth] = 1;
        s[Param::ReasoningGrowth] = 1;
        s[Param::TrainingGrowth] = 1;
        s[Param::Utilization] = 0.3;
        const std::uint64_t n = 200'000;
        const SimulationResult r = simulate(s, cpuSettings(n));
        for (int k : {12, 60}) {
            QCOMPARE(r.shortageProbability[std::size_t(k)], 0.0);
            const double lt = k / 12.0;
            const double expected = std::exp(lt * (0.5 - 1));
            const double variance = std::exp(lt * (0.25 - 1)) - expected * expected;
            const double standardError = std::sqrt(variance / double(n));
            const double mean = r.value(Series::TokenPrice, Stat::Mean, k) / s[Param::TokenPrice];
            // 4 standard errors, as above.
            QVERIFY2(std::abs(mean - expected) < 4 * standardError,
                     qPrintable(QString("E[c_%1/c0] = %2, expected %3 +- %4")
                                    .arg(k)
                                    .arg(mean)
                                    .arg(expected)
                                    .arg(standardError)));
        }
        // The median path has had lam*t = 5 breakthroughs by month 60 (median of Poisson(5) is 5).
        // Within the percentile contract of 0.5 %.
        QVERIFY(std::abs(r.value(Series::TokenPrice, Stat::P50, 60) / (s[Param::TokenPrice] / 32.0) - 1) <
                0.005);
    }

    void sameSeedSameResult()
    {
        Scenario s;
        const SimulationResult a = simulate(s, cpuSettings(20'000));
        const SimulationResult b = simulate(s, cpuSettings(20'000));
        compareResults(a, b);
        SimulationSettings other = cpuSettings(20'000);
        other.seed = 7;
        const SimulationResult c = simulate(s, other);
        QVERIFY(c.value(Series::Demand, Stat::Mean, 60) != a.value(Series::Demand, Stat::Mean, 60));
    }

    void independentOfThreadsAndChunks_data()
    {
        QTest::addColumn<int>("threads");
        QTest::addColumn<qulonglong>("chunk");
        QTest::newRow("1 thread") << 1 << 0ull;
        QTest::newRow("3 threads") << 3 << 0ull;
        QTest::newRow("2 threads, chunks of 2048") << 2 << 2048ull;
        QTest::newRow("4 threads, chunks of 5000 (rounded to tiles)") << 4 << 5000ull;
    }
    void independentOfThreadsAndChunks()
    {
        QFETCH(int, threads);
        QFETCH(qulonglong, chunk);
        Scenario s;
        s[Param::BreakthroughRate] = 1.5;
        s[Param::DisruptionProb] = 0.3;
        const SimulationResult reference = simulate(s, cpuSettings(30'001, 2));
        SimulationSettings st = cpuSettings(30'001, threads);
        st.chunkPaths = chunk;
        compareResults(simulate(s, st), reference);
    }

    void percentilesMatchExactSorting_data()
    {
        QTest::addColumn<bool>("highVolatility");
        QTest::newRow("base case") << false;
        QTest::newRow("high volatility, breakthroughs, disruptions") << true;
    }
    void percentilesMatchExactSorting()
    {
        QFETCH(bool, highVolatility);
        Scenario s;
        if (highVolatility) {
            s[Param::DemandVolatility] = 0.9;
            s[Param::SupplyVolatility] = 0.6;
            s[Param::BreakthroughRate] = 2;
            s[Param::BreakthroughSize] = 4;
            s[Param::DisruptionProb] = 0.4;
            s[Param::DisruptionLoss] = 0.8;
        }
        const std::uint64_t n = 40'000;
        const SimulationResult r = simulate(s, cpuSettings(n));
        const std::vector<float> values = simulatePathValues(s, cpuSettings(n), n);
        const auto stepsPlus = std::uint64_t(r.steps + 1);
        double worst = 0;
        for (int k : {1, 12, 31, 60}) {
            for (int series = 0; series < SeriesCount; ++series) {
                std::vector<double> column(n);
                for (std::uint64_t p = 0; p < n; ++p) {
                    column[p] =
                        values[(p * SeriesCount + std::uint64_t(series)) * stepsPlus + std::uint64_t(k)];
                }
                std::sort(column.begin(), column.end());
                for (int st = 0; st < int(Stat::Mean); ++st) {
                    const double exact = exactPercentile(column, statLevel(Stat(st)));
                    const double got = r.value(Series(series), Stat(st), k);
                    const double error = exact != 0 ? std::abs(got / exact - 1) : std::abs(got);
                    worst = std::max(worst, error);
                    // The contract (docs/model.md): within 0.5 % of the exact order statistic.
                    QVERIFY2(error <= 0.005,
                             qPrintable(QString("%1 %2 step %3: %4 vs exact %5")
                                            .arg(seriesTable()[std::size_t(series)].key, statKey(Stat(st)))
                                            .arg(k)
                                            .arg(got, 0, 'g', 10)
                                            .arg(exact, 0, 'g', 10)));
                }
            }
        }
        qInfo("worst relative percentile error: %.5f %%", worst * 100);
    }

    void cancelStopsBetweenChunks()
    {
        SimulationSettings st = cpuSettings(5'000'000);
        st.chunkPaths = 65536;
        std::uint64_t lastDone = 0;
        int calls = 0;
        // Cancel once two chunks are done.
        const SimulationResult r = simulate(Scenario(), st, [&](std::uint64_t done, std::uint64_t) {
            ++calls;
            lastDone = done;
            return done < 2 * 65536;
        });
        QVERIFY(r.cancelled);
        QCOMPARE(lastDone, std::uint64_t(2 * 65536));
        QCOMPARE(r.pathsDone, std::uint64_t(2 * 65536));
        QVERIFY(r.series[0].stats[0].empty()); // a cancelled run reports no statistics
    }

    void cancelStopsWithinAChunk()
    {
        // One chunk of 5M paths (about 3 s here): the CPU polls between tiles, so a cancel stops the run
        // after the tiles already started, not at the end of the chunk.
        SimulationSettings st = cpuSettings(5'000'000);
        st.chunkPaths = 5'000'000;
        std::uint64_t lastDone = 0;
        int calls = 0;
        const SimulationResult r = simulate(Scenario(), st, [&](std::uint64_t done, std::uint64_t) {
            lastDone = done;
            return ++calls < 2;
        });
        QVERIFY(r.cancelled);
        QCOMPARE(calls, 2);
        QVERIFY(lastDone > 0 && lastDone < st.paths);
        QCOMPARE(r.pathsDone, std::uint64_t(0)); // no chunk was completed
        QVERIFY(r.series[0].stats[0].empty());

        // The run after a cancelled one starts from clean histograms: bit-identical to one in a fresh state.
        SimulationSettings small = cpuSettings(20'000);
        const SimulationResult afterCancel = simulate(Scenario(), small);
        const SimulationResult again = simulate(Scenario(), small);
        for (int s = 0; s < SeriesCount; ++s)
            for (int stat = 0; stat < StatCount; ++stat)
                QCOMPARE(afterCancel.series[std::size_t(s)].stats[std::size_t(stat)],
                         again.series[std::size_t(s)].stats[std::size_t(stat)]);
        QCOMPARE(fineCountsForTesting(afterCancel, Series::Demand, 35),
                 fineCountsForTesting(again, Series::Demand, 35));
    }

    void progressCountsEveryPath()
    {
        SimulationSettings st = cpuSettings(300'000);
        st.chunkPaths = 100'352; // 49 tiles
        std::vector<std::uint64_t> seen;
        const SimulationResult r = simulate(Scenario(), st, [&](std::uint64_t done, std::uint64_t total) {
            seen.push_back(done);
            return total == 300'000;
        });
        QVERIFY(!r.cancelled);
        // Reported between tiles and at the end of each chunk, rising to the total.
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QCOMPARE(seen.back(), std::uint64_t(300'000));
        for (std::uint64_t chunkEnd : {std::uint64_t(100'352), std::uint64_t(200'704)})
            QVERIFY(std::find(seen.begin(), seen.end(), chunkEnd) != seen.end());
        QVERIFY(seen.size() > 3);
    }

    void invalidSettingsAreRefused()
    {
        SimulationSettings st = cpuSettings(0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, simulate(Scenario(), st));
        st.paths = 10'000'000'001ull;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, simulate(Scenario(), st));
        st.paths = 1000;
        st.threads = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, simulate(Scenario(), st));
        Scenario bad;
        bad[Param::PriceElasticity] = 7;
        QVERIFY_THROWS_EXCEPTION(ScenarioError, simulate(bad, cpuSettings(1000)));
    }

    void singlePathAndOneYear()
    {
        Scenario s;
        s[Param::HorizonYears] = 1;
        const SimulationResult r = simulate(s, cpuSettings(1));
        QCOMPARE(r.steps, 12);
        QCOMPARE(r.series[0].stats[0].size(), std::size_t(13));
        // One path: every percentile is that path's value.
        for (int k = 0; k <= 12; ++k) {
            QCOMPARE(r.value(Series::Supply, Stat::P5, k), r.value(Series::Supply, Stat::P95, k));
        }
    }

    void cudaFailureFallsBackToCpu()
    {
        const SimulationResult cpu = simulate(Scenario(), cpuSettings(10'000));
        setCudaFaultForTesting("out of memory");
        SimulationSettings st = cpuSettings(10'000);
        st.backend = Backend::Auto;
        const SimulationResult r = simulate(Scenario(), st);
        QCOMPARE(r.backendUsed, Backend::Cpu);
        QVERIFY2(r.notice.find("out of memory") != std::string::npos, r.notice.c_str());
        QVERIFY(r.notice.find("CPU") != std::string::npos);
        compareResults(r, cpu);

        setCudaFaultForTesting("kernel error");
        st.backend = Backend::Cuda; // asked for explicitly: the failure is reported, not hidden
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, simulate(Scenario(), st));
    }

    void sensitivityUsesCommonRandomNumbers()
    {
        SensitivityRequest request; // p50 of demand/supply at the horizon
        const SimulationSettings st = cpuSettings(4096);
        const SensitivityResult r = sensitivity(Scenario(), st, request);
        QCOMPARE(int(r.entries.size()), ParamCount - 1);
        QCOMPARE(r.baseOutput, simulate(Scenario(), st).value(Series::DemandSupplyRatio, Stat::P50, 60));
        for (std::size_t i = 1; i < r.entries.size(); ++i) {
            QVERIFY(r.entries[i - 1].swing() >= r.entries[i].swing());
        }
        // Prices and capex per unit do not enter the demand/supply ratio; with the same random numbers their
        // swing is exactly zero (independent draws would give Monte Carlo noise instead).
        for (const SensitivityEntry &e : r.entries) {
            if (e.param == Param::TokenPrice || e.param == Param::CapexPerH100e ||
                e.param == Param::TokensPerMonth) {
                QCOMPARE(e.swing(), 0.0);
            }
        }
        // Elasticity and adoption growth move demand at the horizon: they rank high.
        QVERIFY(r.entries.front().swing() > 0.05);
        const ParamInfo &top = paramInfo(r.entries.front().param);
        qInfo("largest swing: %s (%g .. %g)", top.key, r.entries.front().outputAtLow,
              r.entries.front().outputAtHigh);
    }

    void histogramsCoverTheDistribution()
    {
        const SimulationResult r = simulate(Scenario(), cpuSettings(50'000));
        for (int s = 0; s < SeriesCount; ++s) {
            const Histogram &h = r.finalHistograms[std::size_t(s)];
            QCOMPARE(int(h.counts.size()), 100);
            QCOMPARE(h.edges.size(), h.counts.size() + 1);
            std::uint64_t total = h.underflow + h.overflow;
            for (auto c : h.counts) {
                total += c;
            }
            QCOMPARE(total, std::uint64_t(50'000));
            QVERIFY(std::is_sorted(h.edges.begin(), h.edges.end()));
            // Edges span p0.5..p99.5, so about 1 % of paths fall outside.
            QVERIFY(h.underflow + h.overflow < 50'000 / 50);
        }
        const Histogram mid = r.histogramAt(Series::GpuHourPrice, 30, 64);
        QCOMPARE(int(mid.counts.size()), 64);
    }

    void jsonAndCsvOutput()
    {
        Scenario s;
        s.name = "Quote \" and \\ test";
        s[Param::HorizonYears] = 2;
        const SimulationResult r = simulate(s, cpuSettings(2000));
        const std::string json = resultToJson(r);
        QVERIFY(json.find("\"shortage_probability\"") != std::string::npos);
        QVERIFY(json.find("\"months\": [\"2026-04\",") != std::string::npos);
        QVERIFY(json.find("\"2028-04\"]") != std::string::npos);
        QVERIFY(json.find("\"histograms\"") != std::string::npos);
        QVERIFY(json.find("Quote \\\" and \\\\ test") != std::string::npos);
        const std::string csv = resultToCsv(r);
        QCOMPARE(std::count(csv.begin(), csv.end(), '\n'), std::ptrdiff_t(1 + 25 * SeriesCount));
        QVERIFY(csv.rfind("month,step,series,unit,p5,p10,p25,p50,p75,p90,p95,mean,shortage_probability,"
                          "power_constrained_probability,revenue_covers_capex_probability\n",
                          0) == 0);
        for (const SeriesInfo &info : seriesTable()) {
            QVERIFY2(json.find('"' + std::string(info.key) + "\": {") != std::string::npos, info.key);
        }
        for (const ProbabilityInfo &info : probabilityTable()) {
            QVERIFY2(json.find('"' + std::string(info.key) + "\": [") != std::string::npos, info.key);
        }
        QVERIFY(json.find("variance_shares") == std::string::npos); // none asked for
    }
};

QTEST_APPLESS_MAIN(tst_Engine)
#include "tst_engine.moc"
