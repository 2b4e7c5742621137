// The dashboard: a QApplication with the main window.
#include "cli.h"

#include "jevons/window/main_window.h"
#include "jevons/charts/theme.h"

#include "jevons/engine/engine.h"

#include <QApplication>
#include <QIcon>

int runDashboard(int &argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Jevons"));
    QApplication::setApplicationName(QStringLiteral("jevons"));
    QApplication::setApplicationDisplayName(QStringLiteral("Jevons"));
    QApplication::setApplicationVersion(QString::fromLatin1(jevons::versionString()));
    // The Debian package's desktop entry: Wayland compositors match the window to its icon and name by it.
    QGuiApplication::setDesktopFileName(QStringLiteral("io.github.jevons.Jevons"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/jevons.svg")));
    jevons::ui::applyApplicationTheme(false);

    jevons::ui::MainWindow window;
    window.show();
    return app.exec();
}
