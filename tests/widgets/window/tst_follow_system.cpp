// The window follows the desktop: the light theme keeps the user's style and palette (dark stays an
// explicit choice, undone by light), chart fonts scale with the application font, and every control a
// screen reader reaches has a name (its own, its text, or a label's buddy); each chart is named by its title.
#include "jevons/charts/chart_panel.h"
#include "jevons/charts/chart_view.h"
#include "jevons/history/history_chart.h"
#include "jevons/history/history_pages.h"
#include "jevons/history/nvidia_revenue_history_chart.h"
#include "jevons/market/data_store.h"
#include "jevons/window/main_window.h"

#include "quiet_window.h"

#include <QAbstractButton>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QScrollBar>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

using namespace jevons::ui;

namespace {
/// The title font of a Market history chart and the axis label font of the first simulation chart with
/// axes, in points.
std::pair<double, double> chartFontPoints(MainWindow &window)
{
    double title = 0, axis = 0;
    const QTemporaryDir imports;
    DataStore store(imports.path(), nullptr);
    NvidiaRevenueHistoryChart history(&store);
    history.ensureUpToDate();
    if (history.chart())
        title = history.chart()->titleFont().pointSizeF();
    for (ChartPanel *panel : window.charts()) {
        if (panel->chart() && !panel->chart()->axes().isEmpty()) {
            axis = panel->chart()->axes().front()->labelsFont().pointSizeF();
            break;
        }
    }
    return {title, axis};
}

bool samePalette(const QPalette &a, const QPalette &b)
{
    for (int role = 0; role < QPalette::NColorRoles; ++role)
        for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            if (a.color(group, QPalette::ColorRole(role)) != b.color(group, QPalette::ColorRole(role)))
                return false;
    return true;
}
} // namespace

class tst_FollowSystem : public QObject {
    Q_OBJECT
private slots:
    void lightThemeKeepsTheUsersStyleAndPalette();
    void chartFontsScaleWithTheApplicationFont();
    void everyControlHasAName();
};

void tst_FollowSystem::lightThemeKeepsTheUsersStyleAndPalette()
{
    // A desktop style other than Fusion, and a high-contrast-like palette, as the user's settings would give.
    QApplication::setStyle(QStringLiteral("Windows"));
    QPalette user = QApplication::palette();
    user.setColor(QPalette::Window, Qt::black);
    user.setColor(QPalette::WindowText, Qt::yellow);
    user.setColor(QPalette::Base, Qt::black);
    user.setColor(QPalette::Text, Qt::white);
    QApplication::setPalette(user);
    const QString style = QApplication::style()->name();
    QCOMPARE(style.toLower(), QStringLiteral("windows"));

    QTemporaryDir dir;
    auto window = testing::openQuietWindow(dir.path());
    QVERIFY(window);
    window->setDarkTheme(false);
    QCOMPARE(QApplication::style()->name(), style);
    QVERIFY(samePalette(QApplication::palette(), user));

    // Dark is an explicit choice: Fusion and a dark palette; light gives the user's look back.
    window->setDarkTheme(true);
    QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QVERIFY(!samePalette(QApplication::palette(), user));
    window->setDarkTheme(false);
    QCOMPARE(QApplication::style()->name(), style);
    QVERIFY(samePalette(QApplication::palette(), user));
}

void tst_FollowSystem::chartFontsScaleWithTheApplicationFont()
{
    const QFont original = QApplication::font();
    QTemporaryDir dir1, dir2;
    auto normal = testing::openQuietWindow(dir1.path());
    QVERIFY(normal);
    const auto [title1, axis1] = chartFontPoints(*normal);
    normal.reset();
    QVERIFY(title1 > 0 && axis1 > 0);

    QFont large = original;
    large.setPointSizeF(original.pointSizeF() * 2);
    QApplication::setFont(large);
    auto big = testing::openQuietWindow(dir2.path());
    QVERIFY(big);
    const auto [title2, axis2] = chartFontPoints(*big);
    big.reset();
    QApplication::setFont(original);
    QVERIFY2(qAbs(title2 / title1 - 2) < 0.05,
             qPrintable(QStringLiteral("%1 -> %2").arg(title1).arg(title2)));
    QVERIFY2(qAbs(axis2 / axis1 - 2) < 0.05, qPrintable(QStringLiteral("%1 -> %2").arg(axis1).arg(axis2)));
}

void tst_FollowSystem::everyControlHasAName()
{
    QTemporaryDir dir;
    auto window = testing::openQuietWindow(dir.path());
    QVERIFY(window);
    QSet<const QWidget *> buddies;
    for (const QLabel *label : window->findChildren<QLabel *>())
        if (label->buddy() && !label->text().isEmpty())
            buddies.insert(label->buddy());
    QStringList unnamed;
    int checked = 0;
    for (QWidget *w : window->findChildren<QWidget *>()) {
        const bool control = qobject_cast<QAbstractSlider *>(w) || qobject_cast<QAbstractSpinBox *>(w) ||
                             qobject_cast<QAbstractButton *>(w) || qobject_cast<QComboBox *>(w);
        // Qt's own parts (scroll bars, tab bar scrollers, tool bar extension, a table's corner button) are
        // named by Qt's accessibility layer.
        if (!control || qobject_cast<QScrollBar *>(w) || w->objectName().startsWith(QLatin1String("qt_")) ||
            qstrcmp(w->metaObject()->className(), "QTableCornerButton") == 0)
            continue;
        ++checked;
        QString text;
        if (auto *button = qobject_cast<QAbstractButton *>(w))
            text = button->text();
        if (w->accessibleName().trimmed().isEmpty() && text.remove(QLatin1Char('&')).trimmed().isEmpty() &&
            !buddies.contains(w))
            unnamed << QStringLiteral("%1 \"%2\" in %3")
                           .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
                                w->parentWidget()
                                    ? QString::fromLatin1(w->parentWidget()->metaObject()->className())
                                    : QString());
    }
    QVERIFY(checked > 50);
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(QLatin1Char('\n'))));

    // Every chart is named by its title, and its description is its caption.
    int views = 0;
    for (ChartPanel *panel : window->charts()) {
        panel->chart(); // brings a hidden chart up to date
        panel->ensureUpToDate();
        if (!panel->view())
            continue; // a panel without a chart view (the headline tiles) is named by its controls
        ++views;
        QCOMPARE(panel->view()->accessibleName(), panel->title());
        QVERIFY(!panel->view()->accessibleDescription().isEmpty());
    }
    QVERIFY(views > 5);
}

QTEST_MAIN(tst_FollowSystem)
#include "tst_follow_system.moc"
