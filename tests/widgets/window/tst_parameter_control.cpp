// A parameter row: slider mappings (linear and logarithmic) and which edits it reports.
#include "jevons/window/parameter_control.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolButton>

using namespace jevons;
using namespace jevons::ui;

class tst_ParameterControl : public QObject {
    Q_OBJECT
private slots:
    void sliderMappingRoundTrips_data();
    void sliderMappingRoundTrips();
    void logSliderSpansDecades();
    void controlEmitsOnlyUserEdits();
};

void tst_ParameterControl::sliderMappingRoundTrips_data()
{
    QTest::addColumn<int>("param");
    for (const ParamInfo &info : paramTable())
        QTest::newRow(info.key) << int(info.id);
}

void tst_ParameterControl::sliderMappingRoundTrips()
{
    QFETCH(int, param);
    const ParamInfo &info = paramInfo(Param(param));
    SliderMapping mapping(info);
    QCOMPARE(mapping.toValue(0), info.minValue);
    QCOMPARE(mapping.toValue(mapping.steps()), info.maxValue);
    // The default must be reachable exactly from its own slider position, or "reset" would drift.
    QCOMPARE(mapping.toValue(mapping.toPosition(info.defaultValue)), info.defaultValue);
    double previous = -HUGE_VAL;
    for (int position = 0; position <= mapping.steps(); ++position) {
        const double value = mapping.toValue(position);
        QVERIFY2(value >= info.minValue && value <= info.maxValue, qPrintable(QString::number(value)));
        QVERIFY2(value >= previous, "slider values must not decrease");
        if (info.integer)
            QCOMPARE(value, std::round(value));
        previous = value;
    }
}

void tst_ParameterControl::logSliderSpansDecades()
{
    const ParamInfo &tokens = paramInfo(Param::TokensPerMonth);
    QVERIFY(tokens.logScale);
    SliderMapping mapping(tokens);
    // Halfway along a 1e12..1e18 log slider is 1e15, not 5e17.
    QCOMPARE(mapping.toValue(mapping.steps() / 2), 1e15);
}

void tst_ParameterControl::controlEmitsOnlyUserEdits()
{
    ParameterControl control(paramInfo(Param::PriceElasticity));
    QSignalSpy edited(&control, &ParameterControl::edited);
    control.setValue(1.5);
    QCOMPARE(edited.count(), 0);
    QCOMPARE(control.spinBox()->value(), 1.5);
    control.slider()->setValue(control.slider()->value() + 10);
    QCOMPARE(edited.count(), 1);
    QCOMPARE(edited.at(0).at(2).toBool(), false); // not dragging
    control.spinBox()->setValue(2.0);
    QCOMPARE(edited.count(), 2);
    QCOMPARE(control.value(), 2.0);
    QVERIFY(control.resetButton()->isEnabled());
    control.resetButton()->click();
    QCOMPARE(control.value(), 1.0);
    QVERIFY(!control.resetButton()->isEnabled());
    QVERIFY(control.toolTipText().contains(QLatin1String("price_elasticity")));
}

QTEST_MAIN(tst_ParameterControl)
#include "tst_parameter_control.moc"
