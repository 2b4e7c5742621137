// jevons-bench: the engine against a naive single-threaded implementation, in one process, so that
// ratios are measured under the same conditions. `--gui` measures the dashboard's slider-to-chart latency.
#include "naive_model.h"

#include "jevons/engine/engine.h"

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
    std::puts("Usage: jevons-bench [--max-paths N] [--naive-max N] [--threads N] [--backend cpu|cuda] [--json] [--gui]\n"
              "  Times the full pipeline (simulate + every percentile + histograms) of the Base case,\n"
              "  60 months, for 10k, 100k, 1M and 10M paths on the CPU backend, and a naive single-threaded\n"
              "  C++ implementation (exact percentiles by std::nth_element) up to 1M paths.\n"
              "  --max-paths 100000000 adds a 100M-path row (bounded memory; a GPU run).\n"
              "  --json prints {\"engine\": {paths: seconds}, \"naive\": {...}} for bench/numpy_bench.py.\n"
              "  --gui  drives the dashboard offscreen: 100 slider changes at 100k paths.");
}

} // namespace

int main(int argc, char **argv)
{
    std::uint64_t maxPaths = 10'000'000, naiveMax = 1'000'000;
    int threads = 0;
    jevons::Backend backend = jevons::Backend::Cpu;
    bool json = false;
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
                          "), " + std::to_string(r.threadsUsed) +
                          " threads";
        });
        double naive = -1;
        if (paths <= naiveMax) {
            naive = bestOf(paths <= 100'000 ? 3 : 1, [&] { naive::simulate(scenario, paths, settings.seed); });
        }
        rows.push_back({paths, engine, naive});
        if (!json) {
            std::fprintf(stderr, "  %llu paths done\n", static_cast<unsigned long long>(paths));
        }
    }
    if (json) {
        std::printf("{\"steps\": %d, \"backend\": \"%s\", \"engine\": {", steps, backendInfo.c_str());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            std::printf("%s\"%llu\": %.6f", i ? ", " : "", static_cast<unsigned long long>(rows[i].paths), rows[i].engine);
        }
        std::printf("}, \"naive\": {");
        bool first = true;
        for (const Row &row : rows) {
            if (row.naive >= 0) {
                std::printf("%s\"%llu\": %.6f", first ? "" : ", ", static_cast<unsigned long long>(row.paths), row.naive);
                first = false;
            }
        }
        std::printf("}}\n");
        return 0;
    }
    std::printf("Base case, %d months; engine: %s; best of several runs\n", steps, backendInfo.c_str());
    std::printf("%12s %12s %16s %14s %16s %10s\n", "paths", "engine ms", "path-steps/s", "naive ms", "naive steps/s",
                "speed-up");
    for (const Row &row : rows) {
        const double pathSteps = double(row.paths) * steps;
        std::printf("%12llu %12.1f %16.3e", static_cast<unsigned long long>(row.paths), row.engine * 1e3,
                    pathSteps / row.engine);
        if (row.naive >= 0) {
            std::printf(" %14.1f %16.3e %9.1fx\n", row.naive * 1e3, pathSteps / row.naive, row.naive / row.engine);
        } else {
            std::printf(" %14s %16s %10s\n", "-", "-", "-");
        }
    }
    return 0;
}
