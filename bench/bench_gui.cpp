// jevons-bench --gui: drives the real dashboard offscreen and measures how long a slider change takes to
// reach the charts. 100 changes with full runs at 100k paths (CPU), then one drag of 100 steps (10k-path
// previews).
// Last line: gui_latency_ms p50=<n> p95=<n> preview_p95=<n>
#include "jevons/window/main_window.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"
#include "jevons/window/scenario_panel.h"
#include "jevons/charts/theme.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSlider>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

namespace {

using jevons::Param;
using jevons::ui::MainWindow;

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

double percentile(std::vector<double> values, double level)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(std::ceil(level * double(values.size()))) - 1;
    return values[std::min(index, values.size() - 1)];
}

/// Waits (event loop running) until the window shows a result of the wanted kind for its current scenario.
/// Returns milliseconds since `clock` started, or -1 on timeout.
double waitForDisplay(MainWindow &window, bool preview, const QElapsedTimer &clock, int timeoutMs = 60'000)
{
    double elapsed = -1;
    QEventLoop loop;
    auto matches = [&] {
        const auto shown = window.displayedResult();
        return shown && window.displayedIsPreview() == preview &&
               shown->scenario == window.document()->scenario();
    };
    const auto connection =
        QObject::connect(&window, &MainWindow::resultDisplayed, &loop, [&](quint64, bool) {
            if (matches()) {
                elapsed = double(clock.nsecsElapsed()) / 1e6; // the visible charts hold the new data now
                loop.quit();
            }
        });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    QObject::disconnect(connection);
    return elapsed;
}

} // namespace

int runGuiBench(int argc, char **argv)
{
    if (std::getenv("QT_QPA_PLATFORM") == nullptr)
        setenv("QT_QPA_PLATFORM", "offscreen", 1);
    int changes = 100;
    std::uint64_t paths = 100'000;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--changes") == 0 && i + 1 < argc)
            changes = std::max(1, std::atoi(argv[++i]));
        else if (std::strcmp(argv[i], "--paths") == 0 && i + 1 < argc)
            paths = std::strtoull(argv[++i], nullptr, 10);
    }
    QApplication app(argc, argv);
    jevons::ui::applyApplicationTheme(false);

    MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    MainWindow window(options);
    jevons::SimulationSettings settings = window.scenarioPanel()->runSettings();
    settings.paths = paths;
    settings.backend = jevons::Backend::Cpu;
    settings.seed = 42;
    window.scenarioPanel()->setRunSettings(settings);
    window.resize(1600, 1000);
    window.show();
    QElapsedTimer clock;
    clock.start();
    window.rerun();
    if (waitForDisplay(window, false, clock) < 0) {
        std::fprintf(stderr, "bench --gui: the first run did not finish\n");
        return 1;
    }

    // Sliders the benchmark moves, round robin, each between two positions so every change is a new scenario.
    const Param params[] = {Param::PriceElasticity, Param::AdoptionGrowth, Param::ShipmentGrowth,
                            Param::AlgorithmicGain, Param::CapexResponse};
    auto sliderFor = [&](int i) { return window.scenarioPanel()->control(params[i % 5])->slider(); };
    // A new position every time (a big step plus a little drift), so every change is a new scenario.
    auto nextPosition = [](QSlider *slider, int i) {
        return (slider->value() + slider->maximum() / 7 + i % 5) % (slider->maximum() + 1);
    };

    std::vector<double> full, preview, overhead;
    double engineMs = 0;
    const double guiCpuBefore = threadCpuMs();
    for (int i = 0; i < changes; ++i) {
        QSlider *slider = sliderFor(i);
        clock.restart();
        slider->setValue(nextPosition(slider, i)); // like a keyboard step: a full run
        const double ms = waitForDisplay(window, false, clock);
        if (ms < 0) {
            std::fprintf(stderr, "bench --gui: change %d timed out\n", i);
            return 1;
        }
        full.push_back(ms);
        engineMs += window.displayedResult()->elapsedSeconds * 1000;
        // What the dashboard adds to the engine: queueing, signal hops and the chart updates.
        overhead.push_back(ms - window.displayedResult()->elapsedSeconds * 1000);
    }
    const double guiCpuPerChange = (threadCpuMs() - guiCpuBefore) / changes;
    // One long drag: each step is shown by a quick preview run while the slider is held.
    QSlider *dragged = sliderFor(0);
    dragged->setSliderDown(true);
    for (int i = 0; i < changes; ++i) {
        clock.restart();
        dragged->setValue(nextPosition(dragged, i));
        const double ms = waitForDisplay(window, true, clock);
        if (ms < 0) {
            std::fprintf(stderr, "bench --gui: preview %d timed out\n", i);
            return 1;
        }
        preview.push_back(ms);
    }
    dragged->setSliderDown(false);
    const auto result = window.displayedResult();
    std::printf("gui: %d changes, %llu paths (full), %llu paths (preview), backend %s, %d threads, tab %s\n",
                changes, static_cast<unsigned long long>(paths),
                static_cast<unsigned long long>(std::min<std::uint64_t>(paths, MainWindow::PreviewPaths)),
                result->backendLabel.c_str(), result->threadsUsed, "Overview");
    std::printf("gui: full p50=%.1f p95=%.1f max=%.1f ms (engine alone %.1f ms mean); preview p50=%.1f "
                "p95=%.1f ms\n",
                percentile(full, 0.5), percentile(full, 0.95), percentile(full, 1.0), engineMs / changes,
                percentile(preview, 0.5), percentile(preview, 0.95));
    std::printf("gui: dashboard overhead beyond the engine p50=%.1f p95=%.1f ms\n", percentile(overhead, 0.5),
                percentile(overhead, 0.95));
    // The GUI thread's own work per result (applying it to the charts, painting) shares the cores with the
    // engine's threads.
    std::printf("gui: GUI thread CPU per change %.1f ms\n", guiCpuPerChange);
    std::printf("gui_latency_ms p50=%.0f p95=%.0f preview_p95=%.0f\n", percentile(full, 0.5),
                percentile(full, 0.95), percentile(preview, 0.95));
    std::fflush(stdout);
    return 0;
}
