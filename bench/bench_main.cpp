// jevons-bench: the engine against a naive single-threaded implementation, in one process, so that
// ratios are measured under the same conditions. `--gui` measures the dashboard's slider-to-chart latency.
#include "naive_model.h"

#include "jevons/engine/engine.h"
#include "jevons/sweep/runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#if defined(JEVONS_BENCH_GUI)
int runGuiBench(int argc, char **argv);
#endif

namespace {

double secondsOf(auto &&work)
{
    const auto start = std::chrono::steady_clock::now();
    work();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

/// Best of `repeats` runs: the least disturbed by other load on a shared machine.
double bestOf(int repeats, auto &&work)
{
    double best = 1e300;
    for (int i = 0; i < repeats; ++i) {
        best = std::min(best, secondsOf(work));
    }
    return best;
}

void usage()
{
    std::puts(
        "Usage: jevons-bench [--max-paths N] [--naive-max N] [--threads N] [--backend cpu|cuda] [--json] "
        "[--uncertainty] [--sweep [FILE]] [--gui]\n"
        "  Times the full pipeline (simulate + every percentile + histograms) of the Base case,\n"
        "  60 months, for 10k, 100k, 1M and 10M paths on the CPU backend, and a naive single-threaded\n"
        "  C++ implementation (exact percentiles by std::nth_element) up to 1M paths.\n"
        "  --max-paths 100000000 adds a 100M-path row (bounded memory; a GPU run).\n"
        "  --json prints {\"engine\": {paths: seconds}, \"naive\": {...}} for bench/numpy_bench.py.\n"
        "  --uncertainty  100k paths with point values against eight uncertain inputs (three correlated)\n"
        "                 with variance shares, in turns, and their ratio.\n"
        "  --sweep [FILE]  the 16 x 16 grid of bench/sweep_16x16.json (20k paths x 60 months) through the\n"
        "                 sweep runner, against the same 256 runs called directly: points per second and\n"
        "                 the overhead per point.\n"
        "  --gui  drives the dashboard offscreen: 100 slider changes at 100k paths.");
}

/// The scenario of the uncertainty benchmark: the Base case with eight uncertain inputs, three pairs of them
/// correlated.
jevons::Scenario uncertainScenario()
{
    using jevons::Interval;
    using jevons::IntervalScale;
    using jevons::Param;
    jevons::Scenario s;
    auto set = [&s](Param p, double p5, double p95, IntervalScale scale) {
        s.intervals[int(p)] = Interval{p5, p95, scale};
    };
    set(Param::PriceElasticity, 0.75, 1.33, IntervalScale::Log);
    set(Param::AdoptionGrowth, 1.1, 1.6, IntervalScale::Linear);
    set(Param::ShipmentGrowth, 1.4, 2.4, IntervalScale::Linear);
    set(Param::AlgorithmicGain, 1.5, 2.83, IntervalScale::Log);
    set(Param::TrainingGrowth, 1.6, 2.5, IntervalScale::Log);
    set(Param::PowerGrowth, 1.25, 1.8, IntervalScale::Linear);
    set(Param::KwPerH100e, 1.0, 1.45, IntervalScale::Log);
    set(Param::TokensPerMonth, 2e15, 1.25e16, IntervalScale::Log);
    s.correlations = {{Param::PriceElasticity, Param::AdoptionGrowth, -0.5},
                      {Param::AdoptionGrowth, Param::ShipmentGrowth, 0.4},
                      {Param::PowerGrowth, Param::ShipmentGrowth, 0.3}};
    return s;
}

/// Point values against eight uncertain inputs (three correlated) with variance shares, run in turns in one
/// process so that both see the same machine, best of `repeats` each.
int runUncertaintyBench(std::uint64_t paths, int threads, jevons::Backend backend, int repeats)
{
    jevons::SimulationSettings point;
    point.paths = paths;
    point.threads = threads;
    point.backend = backend;
    jevons::SimulationSettings shares = point;
    shares.sharesSeries = jevons::Series::DemandSupplyRatio;
    const jevons::Scenario base, uncertain = uncertainScenario();
    jevons::simulate(base, point); // warm-up
    jevons::simulate(uncertain, shares);
    // Each turn runs the three one after another, so a turn's ratios see one state of the shared machine;
    // the median of those ratios is steadier than a ratio of bests taken minutes apart.
    std::vector<double> pointTimes, uncertainTimes, withoutSharesTimes, ratios, ratiosWithoutShares;
    for (int i = 0; i < repeats; ++i) {
        pointTimes.push_back(secondsOf([&] { jevons::simulate(base, point); }));
        uncertainTimes.push_back(secondsOf([&] { jevons::simulate(uncertain, shares); }));
        withoutSharesTimes.push_back(secondsOf([&] { jevons::simulate(uncertain, point); }));
        ratios.push_back(uncertainTimes.back() / pointTimes.back());
        ratiosWithoutShares.push_back(withoutSharesTimes.back() / pointTimes.back());
    }
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    auto best = [](const std::vector<double> &v) { return *std::min_element(v.begin(), v.end()); };
    std::printf("%llu paths x %d months, %s, %d turns of the three runs, best time of each and the median "
                "of the turns' ratios:\n",
                static_cast<unsigned long long>(paths), base.steps(), jevons::cpuKernelLevel(), repeats);
    std::printf("  point values:                                  %8.1f ms\n", best(pointTimes) * 1e3);
    std::printf("  8 uncertain inputs (3 correlated), no shares:  %8.1f ms  ratio %.2fx\n",
                best(withoutSharesTimes) * 1e3, median(ratiosWithoutShares));
    std::printf("  8 uncertain inputs (3 correlated) + shares:    %8.1f ms  ratio %.2fx (target <= 1.35x)\n",
                best(uncertainTimes) * 1e3, median(ratios));
    return 0;
}

/// The sweep runner against the same points run by plain simulate() calls, in turns in one process, best of
/// `repeats` each: what the sweep adds per point (design, scenario copies, recording, progress) over the
/// runs.
int runSweepBench(const std::string &file, int threads, jevons::Backend backend, int repeats)
{
    namespace sweep = jevons::sweep;
    const sweep::SweepSpec spec = sweep::loadSweepFile(file);
    const sweep::Design design = sweep::buildDesign(spec);
    const jevons::SimulationSettings settings = sweep::pointSettings(spec, backend, threads);
    sweep::RunOptions options;
    options.backend = backend;
    options.threads = threads;
    const jevons::Scenario first = sweep::pointScenario(spec, design, 0);
    jevons::simulate(first, settings); // warm-up: page in the histograms and the thread pool
    double bestDirect = 1e300, bestSweep = 1e300, bestOne = 1e300;
    for (int i = 0; i < repeats; ++i) {
        bestOne = std::min(bestOne, secondsOf([&] { jevons::simulate(first, settings); }));
        bestDirect = std::min(bestDirect, secondsOf([&] {
                                  for (std::size_t p = 0; p < design.size(); ++p) {
                                      jevons::simulate(sweep::pointScenario(spec, design, p), settings);
                                  }
                              }));
        bestSweep = std::min(bestSweep, secondsOf([&] { sweep::runSweep(spec, design, options); }));
    }
    const double n = double(design.size());
    std::printf("%zu points x %llu paths x %d months, %s, best of %d runs each, in turns:\n", design.size(),
                static_cast<unsigned long long>(spec.paths), spec.scenario.steps(), jevons::cpuKernelLevel(),
                repeats);
    std::printf("  one simulate (point 0):                       %8.1f ms\n", bestOne * 1e3);
    std::printf("  %zu simulate calls, directly:                 %8.1f ms (%.1f ms a point)\n", design.size(),
                bestDirect * 1e3, bestDirect * 1e3 / n);
    std::printf("  the sweep runner:                             %8.1f ms (%.1f points/s)\n", bestSweep * 1e3,
                n / bestSweep);
    std::printf("  overhead per point vs the direct calls:       %8.2f ms (%+.1f %%; target < 10 %%)\n",
                (bestSweep - bestDirect) * 1e3 / n, 100.0 * (bestSweep - bestDirect) / bestDirect);
    std::printf("  a sweep point vs one simulate (point 0):      %8.2fx\n", bestSweep / n / bestOne);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    std::uint64_t maxPaths = 10'000'000, naiveMax = 1'000'000;
    int threads = 0;
    jevons::Backend backend = jevons::Backend::Cpu;
    bool json = false, uncertainty = false, sweepMode = false;
    std::string sweepFile = JEVONS_BENCH_SWEEP;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--gui") {
#if defined(JEVONS_BENCH_GUI)
            return runGuiBench(argc, argv);
#else
            std::fputs("jevons-bench: built without the dashboard (JEVONS_BUILD_GUI=OFF)\n", stderr);
            return 1;
#endif
        } else if (arg == "--json") {
            json = true;
        } else if (arg == "--uncertainty") {
            uncertainty = true;
        } else if (arg == "--sweep") {
            sweepMode = true;
            if (i + 1 < argc && argv[i + 1][0] != '-') {
                sweepFile = argv[++i];
            }
        } else if (arg == "--max-paths" && i + 1 < argc) {
            maxPaths = std::stoull(argv[++i]);
        } else if (arg == "--naive-max" && i + 1 < argc) {
            naiveMax = std::stoull(argv[++i]);
        } else if (arg == "--backend" && i + 1 < argc) {
            if (!jevons::parseBackend(argv[++i], backend)) {
                std::fprintf(stderr, "jevons-bench: --backend must be auto, cpu or cuda\n");
                return 2;
            }
        } else if (arg == "--threads" && i + 1 < argc) {
            threads = std::stoi(argv[++i]);
        } else if (arg == "-h" || arg == "--help") {
            usage();
            return 0;
        } else {
            std::fprintf(stderr, "jevons-bench: unknown argument '%s'\n", arg.c_str());
            usage();
            return 2;
        }
    }
    if (sweepMode) {
        try {
            return runSweepBench(sweepFile, threads, backend, 3);
        } catch (const std::exception &e) {
            std::fprintf(stderr, "jevons-bench: %s\n", e.what());
            return 1;
        }
    }
    if (uncertainty) {
        return runUncertaintyBench(std::min<std::uint64_t>(maxPaths, 100'000), threads, backend, 25);
    }
    const jevons::Scenario scenario;
    const int steps = scenario.steps();
    struct Row {
        std::uint64_t paths;
        double engine, naive;
    };
    std::vector<Row> rows;
    std::string backendInfo;
    for (std::uint64_t paths : {10'000ull, 100'000ull, 1'000'000ull, 10'000'000ull, 100'000'000ull}) {
        if (paths > maxPaths) {
            break;
        }
        jevons::SimulationSettings settings;
        settings.paths = paths;
        settings.backend = backend;
        settings.threads = threads;
        const int repeats = paths <= 100'000 ? 7 : (paths <= 1'000'000 ? 3 : 1);
        jevons::simulate(scenario, settings); // warm-up: page in the histograms and thread pool
        double engine = bestOf(repeats, [&] {
            const auto r = jevons::simulate(scenario, settings);
            backendInfo = r.backendLabel + " (" +
                          (r.backendUsed == jevons::Backend::Cuda ? jevons::cudaDeviceDescription()
                                                                  : std::string(jevons::cpuKernelLevel())) +
                          "), " + std::to_string(r.threadsUsed) + " threads";
        });
        double naive = -1;
        if (paths <= naiveMax) {
            naive =
                bestOf(paths <= 100'000 ? 3 : 1, [&] { naive::simulate(scenario, paths, settings.seed); });
        }
        rows.push_back({paths, engine, naive});
        if (!json) {
            std::fprintf(stderr, "  %llu paths done\n", static_cast<unsigned long long>(paths));
        }
    }
    if (json) {
        std::printf("{\"steps\": %d, \"backend\": \"%s\", \"engine\": {", steps, backendInfo.c_str());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::printf("%s\"%llu\": %.6f", i ? ", " : "", static_cast<unsigned long long>(rows[i].paths),
                        rows[i].engine);
        }
        std::printf("}, \"naive\": {");
        bool first = true;
        for (const Row &row : rows) {
            if (row.naive >= 0) {
                std::printf("%s\"%llu\": %.6f", first ? "" : ", ", static_cast<unsigned long long>(row.paths),
                            row.naive);
                first = false;
            }
        }
        std::printf("}}\n");
        return 0;
    }
    std::printf("Base case, %d months; engine: %s; best of several runs\n", steps, backendInfo.c_str());
    std::printf("%12s %12s %16s %14s %16s %10s\n", "paths", "engine ms", "path-steps/s", "naive ms",
                "naive steps/s", "speed-up");
    for (const Row &row : rows) {
        const double pathSteps = double(row.paths) * steps;
        std::printf("%12llu %12.1f %16.3e", static_cast<unsigned long long>(row.paths), row.engine * 1e3,
                    pathSteps / row.engine);
        if (row.naive >= 0) {
            std::printf(" %14.1f %16.3e %9.1fx\n", row.naive * 1e3, pathSteps / row.naive,
                        row.naive / row.engine);
        } else {
            std::printf(" %14s %16s %10s\n", "-", "-", "-");
        }
    }
    return 0;
}
