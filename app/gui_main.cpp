// Placeholder until the dashboard lands.
#include "cli.h"
#include <QApplication>
#include <QLabel>

int runDashboard(int &argc, char **argv)
{
    QApplication app(argc, argv);
    QLabel label(QStringLiteral("Jevons"));
    label.show();
    return app.exec();
}
