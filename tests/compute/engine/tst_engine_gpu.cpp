// CPU/CUDA parity: the first thing to check on a GPU machine (`ctest -L gpu`). Skips without a device.
#include "jevons/engine/engine.h"

#include <QtTest>

#include <cmath>

using namespace jevons;

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

    void sameDrawsSameValues()
    {
        // Same Philox counters on both backends: every recorded path value agrees to float rounding
        // (CUDA's expf/logf/cosf and glibc's vector versions differ by a few ulp; 1e-4 relative covers
        // that after 60 steps of accumulation).
        Scenario s;
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

    void statisticsAgree()
    {
        SimulationSettings st;
        st.paths = 1'000'000;
        st.backend = Backend::Cpu;
        const SimulationResult cpu = simulate(Scenario(), st);
        st.backend = Backend::Cuda;
        const SimulationResult gpu = simulate(Scenario(), st);
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
        qInfo("1M paths x 60 months: CPU %.1f ms, CUDA %.1f ms", cpu.elapsedSeconds * 1e3,
              gpu.elapsedSeconds * 1e3);
    }
};

QTEST_APPLESS_MAIN(tst_EngineGpu)
#include "tst_engine_gpu.moc"
