// Number formats: compact values and values with units, as the window and the exports print them.
#include "jevons/market/number_format.h"

#include <QSignalSpy>
#include <QTest>

using namespace jevons;
using namespace jevons::ui;

class tst_NumberFormat : public QObject {
    Q_OBJECT
private slots:
    void formatCompact_data();
    void formatCompact();
    void formatWithUnit();
    void formatFigures_data();
    void formatFigures();
    void formatFiguresInTheUsersLocale();
};

void tst_NumberFormat::formatCompact_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");
    QTest::newRow("zero") << 0.0 << "0";
    QTest::newRow("ratio") << 1.234 << "1.23";
    QTest::newRow("small") << 0.01234 << "0.0123";
    QTest::newRow("thousands") << 12'345.0 << "12.3k";
    QTest::newRow("millions") << 20e6 << "20M";
    QTest::newRow("billions") << 212e9 << "212B";
    QTest::newRow("trillions") << 6.29e12 << "6.29T";
    QTest::newRow("rounds up to next suffix") << 999'960.0 << "1M";
    QTest::newRow("negative") << -1.5e9 << "-1.5B";
    QTest::newRow("tokens") << 5e15 << "5e15";
}

void tst_NumberFormat::formatCompact()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(jevons::ui::formatCompact(value), text);
}

void tst_NumberFormat::formatWithUnit()
{
    QCOMPARE(jevons::ui::formatWithUnit(2.0, QStringLiteral("USD per H100e-hour")), QStringLiteral("$2/h"));
    QCOMPARE(jevons::ui::formatWithUnit(0.5, QStringLiteral("USD / million tokens")),
             QStringLiteral("$0.5/Mtok"));
    QCOMPARE(jevons::ui::formatWithUnit(4.2e10, QStringLiteral("USD per month")), QStringLiteral("$42B/mo"));
    QCOMPARE(jevons::ui::formatWithUnit(-3e9, QStringLiteral("USD")), QStringLiteral("−$3B"));
    QCOMPARE(jevons::ui::formatWithUnit(2e7, QStringLiteral("H100e")), QStringLiteral("20M H100e"));
    QCOMPARE(jevons::ui::formatWithUnit(0.85, QStringLiteral("ratio")), QStringLiteral("0.85"));
    QCOMPARE(axisTitle(QStringLiteral("Capex"), QStringLiteral("USD per month"), chooseAxisScale(4e10)),
             QStringLiteral("Capex ($B / month)"));
    QCOMPARE(axisTitle(QStringLiteral("Compute"), QStringLiteral("H100e"), chooseAxisScale(3e7)),
             QStringLiteral("Compute (M H100e)"));
}

void tst_NumberFormat::formatFigures_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("unit");
    QTest::addColumn<int>("figures");
    QTest::addColumn<QString>("text");
    // Headline tiles: the same number of figures at any magnitude, trailing zeros kept.
    QTest::newRow("deflated token price") << 0.000123456 << "USD / million tokens" << 3 << "$0.000123/Mtok";
    QTest::newRow("tiny token price") << 3.2e-9 << "USD / million tokens" << 3 << "$0.00000000320/Mtok";
    QTest::newRow("trailing zero") << 1.5 << "ratio" << 3 << "1.50";
    QTest::newRow("four figures") << 1.23456 << "ratio" << 4 << "1.235";
    QTest::newRow("rounds into the next power") << 9.9996 << "ratio" << 3 << "10.0";
    QTest::newRow("rounds into the next suffix") << 999'960.0 << "H100e" << 3 << "1.00M H100e";
    QTest::newRow("millions") << 2.3e7 << "H100e" << 3 << "23.0M H100e";
    QTest::newRow("money per month") << 1.2e12 << "USD per month" << 3 << "$1.20T/mo";
    QTest::newRow("hundreds") << 212.4 << "USD per H100e-hour" << 3 << "$212/h";
    QTest::newRow("zero") << 0.0 << "ratio" << 3 << "0.00";
    QTest::newRow("negative") << -0.0456 << "USD" << 3 << "−$0.0456";
}

void tst_NumberFormat::formatFigures()
{
    QFETCH(double, value);
    QFETCH(QString, unit);
    QFETCH(int, figures);
    QFETCH(QString, text);
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const QString shown = jevons::ui::formatFigures(value, unit, figures);
    QLocale::setDefault(previous);
    QCOMPARE(shown, text);
}

void tst_NumberFormat::formatFiguresInTheUsersLocale()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString shown = jevons::ui::formatFigures(1.5, QStringLiteral("ratio"), 3);
    QLocale::setDefault(previous);
    QCOMPARE(shown, QStringLiteral("1,50"));
}

QTEST_MAIN(tst_NumberFormat)
#include "tst_number_format.moc"
