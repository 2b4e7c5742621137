// The dashboard: a QApplication with the main window.
#include "cli.h"

#include "jevons/window/main_window.h"
#include "jevons/charts/theme.h"

#include "jevons/engine/engine.h"

#include <QApplication>
#include <QIcon>
#include <QTimer>

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
    // `jevons FILE...` (the desktop entry's %F): files after Qt took its own options. Opened once the
    // window shows, so that a bad file's message box sits over the window, which stays open.
    const QStringList files = QApplication::arguments().mid(1);
    if (!files.isEmpty())
        QTimer::singleShot(0, &window, [&window, files] {
            for (const QString &file : files)
                window.openPath(file);
        });
    return app.exec();
}
