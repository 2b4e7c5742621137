#pragma once
// The main window as the window tests open it: no persisted settings, no dialogs, no first run, its data
// in `dataDirectory`, shown at 1280x800 (link jevons_window).
#include "jevons/window/main_window.h"

#include <QTest>

#include <memory>

namespace testing {

/// The shown window, or null if it never got exposed.
inline std::unique_ptr<jevons::ui::MainWindow> openQuietWindow(const QString &dataDirectory)
{
    jevons::ui::MainWindow::Options options;
    options.persistSettings = false;
    options.interactive = false;
    options.runOnStart = false;
    options.dataDirectory = dataDirectory;
    auto window = std::make_unique<jevons::ui::MainWindow>(options);
    window->resize(1280, 800);
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        return nullptr;
    return window;
}

} // namespace testing
