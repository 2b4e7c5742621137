// CPU/CUDA parity: the first thing to check on a GPU machine (`ctest -L gpu`). Skips without a device.
#include "jevons/engine/engine.h"

#include <QtTest>

#include <cmath>

using namespace jevons;

namespace {

/// Model version 2 at work: uncertain, correlated inputs and power that binds.
Scenario uncertainPowerScenario()
{
    Scenario s;
    s.setValue(Param::PowerGrowth, 1.2);
    s.intervals[int(Param::PriceElasticity)] = Interval{0.7, 1.4, IntervalScale::Log};
    s.intervals[int(Param::PowerGrowth)] = Interval{1.05, 1.5, IntervalScale::Linear};
    s.intervals[int(Param::ShipmentGrowth)] = Interval{1.4, 2.2, IntervalScale::Linear};
    s.intervals[int(Param::DisruptionMonths)] = Interval{3, 40, IntervalScale::Linear};
    s.correlations = {{Param::PriceElasticity, Param::ShipmentGrowth, 0.4}};
    return s;
}

} // namespace

class tst_EngineGpu : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (!cudaAvailable()) {
            QSKIP(qPrintable(QString::fromStdString("no CUDA device: " + cudaDeviceDescription())));
        }
        qInfo("CUDA device: %s", cudaDeviceDescription().c_str());
    }

    void sameDrawsSameValues_data()
    {
        QTest::addColumn<bool>("uncertain");
        QTest::newRow("breakthroughs and disruptions") << false;
        QTest::newRow("uncertain inputs, binding power") << true;
    }
    void sameDrawsSameValues()
    {
        QFETCH(bool, uncertain);
        // Same Philox counters on both backends: every recorded path value agrees to float rounding
        // (CUDA's expf/logf/cosf and glibc's vector versions differ by a few ulp; 1e-4 relative covers
        // that after 60 steps of accumulation).
        Scenario s = uncertain ? uncertainPowerScenario() : Scenario();
        s[Param::BreakthroughRate] = 1.5;
        s[Param::DisruptionProb] = 0.3;
        SimulationSettings st;
        st.paths = 4096;
        st.backend = Backend::Cpu;
        const std::vector<float> cpu = simulatePathValues(s, st, 4096);
        st.backend = Backend::Cuda;
        const std::vector<float> gpu = simulatePathValues(s, st, 4096);
        QCOMPARE(cpu.size(), gpu.size());
        std::size_t far = 0;
        for (std::size_t i = 0; i < cpu.size(); ++i) {
            const double scale = std::max(std::abs(double(cpu[i])), 1e-20);
            far += std::abs(double(cpu[i]) - double(gpu[i])) / scale > 1e-4;
        }
        // A path sitting exactly at the market-clearing boundary may branch differently after rounding;
        // allow a handful of values out of 2.5 million.
        QVERIFY2(far < cpu.size() / 10000,
                 qPrintable(QString("%1 values differ by more than 1e-4").arg(far)));
    }

    void statisticsAgree_data()
    {
        QTest::addColumn<bool>("uncertain");
        QTest::newRow("base case") << false;
        QTest::newRow("uncertain inputs, binding power, shares") << true;
    }
    void statisticsAgree()
    {
        QFETCH(bool, uncertain);
        const Scenario scenario = uncertain ? uncertainPowerScenario() : Scenario();
        SimulationSettings st;
        st.paths = 1'000'000;
        st.backend = Backend::Cpu;
        if (uncertain) {
            st.sharesSeries = Series::Unpowered;
        }
        const SimulationResult cpu = simulate(scenario, st);
        st.backend = Backend::Cuda;
        const SimulationResult gpu = simulate(scenario, st);
        QCOMPARE(gpu.backendLabel, std::string("cuda"));
        for (int s = 0; s < SeriesCount; ++s) {
            for (int stat = 0; stat < StatCount; ++stat) {
                for (int k = 0; k <= cpu.steps; k += 6) {
                    const double a = cpu.value(Series(s), Stat(stat), k),
                                 b = gpu.value(Series(s), Stat(stat), k);
                    // Percentiles: one histogram bin (0.39 %) either way from float rounding; means:
                    // rounding.
                    QVERIFY2(std::abs(a - b) <= 0.01 * std::abs(a) + 1e-12,
                             qPrintable(QString("%1 %2 step %3: cpu %4 gpu %5")
                                            .arg(seriesTable()[std::size_t(s)].key, statKey(Stat(stat)))
                                            .arg(k)
                                            .arg(a)
                                            .arg(b)));
                }
            }
        }
        for (int p = 0; p < ProbabilityCount; ++p) {
            for (int k = 0; k <= cpu.steps; ++k) {
                // Float rounding can move a path across an event's edge; 1e-4 is 100 of a million paths.
                QVERIFY(std::abs(cpu.probabilities[std::size_t(p)][std::size_t(k)] -
                                 gpu.probabilities[std::size_t(p)][std::size_t(k)]) < 1e-4);
            }
        }
        if (uncertain) {
            QVERIFY(cpu.varianceShares && gpu.varianceShares);
            for (std::size_t j = 0; j < cpu.varianceShares->inputs.size(); ++j) {
                for (int k = 1; k <= cpu.steps; k += 6) {
                    QVERIFY(std::abs(cpu.varianceShares->shares[j][std::size_t(k)] -
                                     gpu.varianceShares->shares[j][std::size_t(k)]) < 1e-3);
                }
            }
        }
        qInfo("1M paths x 60 months: CPU %.1f ms, CUDA %.1f ms", cpu.elapsedSeconds * 1e3,
              gpu.elapsedSeconds * 1e3);
    }
};

QTEST_APPLESS_MAIN(tst_EngineGpu)
#include "tst_engine_gpu.moc"
