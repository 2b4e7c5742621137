// A run split into parts (as MPI ranks run it) merges into exactly the single-process result.
#include "jevons/engine/engine.h"
#include "jevons/engine/partial.h"
#include "jevons/engine/testing.h"

#include <QtTest>

using namespace jevons;

namespace {

SimulationSettings cpuSettings(std::uint64_t paths)
{
    SimulationSettings st;
    st.paths = paths;
    st.backend = Backend::Cpu;
    return st;
}

Scenario uncertainScenario()
{
    Scenario s;
    s.intervals[int(Param::PriceElasticity)] = Interval{0.7, 1.4, IntervalScale::Log};
    s.intervals[int(Param::PowerGrowth)] = Interval{1.2, 1.8, IntervalScale::Linear};
    s.intervals[int(Param::AdoptionGrowth)] = Interval{1.1, 1.6, IntervalScale::Linear};
    s.correlations.push_back({Param::PriceElasticity, Param::AdoptionGrowth, -0.5});
    return s;
}

/// Every statistic, probability and share equal to the bit, and the same distributions.
void requireIdentical(const SimulationResult &a, const SimulationResult &b)
{
    for (int s = 0; s < SeriesCount; ++s) {
        for (int st = 0; st < StatCount; ++st) {
            QCOMPARE(a.series[std::size_t(s)].stats[std::size_t(st)],
                     b.series[std::size_t(s)].stats[std::size_t(st)]);
        }
        QCOMPARE(fineCountsForTesting(a, Series(s), a.steps), fineCountsForTesting(b, Series(s), b.steps));
    }
    QCOMPARE(a.probabilities, b.probabilities);
    QCOMPARE(a.varianceShares.has_value(), b.varianceShares.has_value());
    if (a.varianceShares) {
        QCOMPARE(a.varianceShares->shares, b.varianceShares->shares);
    }
}

} // namespace

class tst_Partial : public QObject {
    Q_OBJECT

private slots:
    void partsMergeToTheSingleRun_data()
    {
        QTest::addColumn<bool>("uncertain");
        QTest::addColumn<QList<qulonglong>>("parts"); // sizes, in paths; multiples of 256 but the last
        QTest::newRow("base case, two halves") << false << QList<qulonglong>{25'600, 24'400};
        QTest::newRow("base case, uneven parts") << false << QList<qulonglong>{256, 30'720, 19'024};
        QTest::newRow("uncertain inputs and shares, three parts")
            << true << QList<qulonglong>{17'152, 17'152, 15'696};
    }
    void partsMergeToTheSingleRun()
    {
        QFETCH(bool, uncertain);
        QFETCH(QList<qulonglong>, parts);
        const Scenario s = uncertain ? uncertainScenario() : Scenario();
        SimulationSettings st = cpuSettings(50'000);
        if (uncertain) {
            st.sharesSeries = Series::DemandSupplyRatio;
        }
        const SimulationResult single = simulate(s, st);

        // Each part on its own, as another process would run it, then merged in path order through bytes.
        PartialRun merged(s, st);
        std::uint64_t first = 0;
        for (qulonglong count : parts) {
            PartialRun part(s, st);
            QVERIFY(part.run(first, count));
            QCOMPARE(part.pathsDone(), std::uint64_t(count));
            if (first == 0) {
                merged = std::move(part);
            } else {
                merged.merge(part.serialize());
            }
            first += count;
        }
        QCOMPARE(first, st.paths);
        requireIdentical(merged.finish(), single);
    }

    void refusesWhatDoesNotFit()
    {
        const SimulationSettings st = cpuSettings(10'000);
        PartialRun run(Scenario(), st);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run.run(100, 1000));  // not a block boundary
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run.run(9984, 1000)); // beyond the run's paths
        QVERIFY(run.run(0, 5120));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, run.finish()); // half the paths
        // Bytes from another plan (another seed) or damaged bytes are refused, and leave the part as it was.
        SimulationSettings other = st;
        other.seed = 7;
        PartialRun stranger(Scenario(), other);
        QVERIFY(stranger.run(5120, 4880));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, run.merge(stranger.serialize()));
        PartialRun rest(Scenario(), st);
        QVERIFY(rest.run(5120, 4880));
        const std::string bytes = rest.serialize();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 run.merge(std::string_view(bytes).substr(0, bytes.size() / 2)));
        QCOMPARE(run.pathsDone(), std::uint64_t(5120));
        run.merge(bytes);
        requireIdentical(run.finish(), simulate(Scenario(), st));
    }
};

QTEST_APPLESS_MAIN(tst_Partial)
#include "tst_partial.moc"
