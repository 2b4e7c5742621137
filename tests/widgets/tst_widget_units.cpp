// Number formats, slider mappings and the scenario document (undo, merge of drags, modified state).
#include "jevons/market/number_format.h"
#include "jevons/window/parameter_control.h"
#include "jevons/session/scenario_document.h"

#include <QSignalSpy>
#include <QSlider>
#include <QTest>
#include <QToolButton>

using namespace jevons;
using namespace jevons::ui;

class tst_WidgetUnits : public QObject {
    Q_OBJECT
private slots:
    void formatCompact_data();
    void formatCompact();
    void formatWithUnit();
    void sliderMappingRoundTrips_data();
    void editCarriesIntervalAndPowerAndUndoesBoth();
    void sliderMappingRoundTrips();
    void logSliderSpansDecades();
    void controlEmitsOnlyUserEdits();
    void documentUndoRedo();
    void dragMergesIntoOneUndoStep();
    void loadIsUnmodifiedAndUndoable();
};

void tst_WidgetUnits::formatCompact_data()
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

void tst_WidgetUnits::formatCompact()
{
    QFETCH(double, value);
    QFETCH(QString, text);
    QCOMPARE(jevons::ui::formatCompact(value), text);
}

void tst_WidgetUnits::formatWithUnit()
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

void tst_WidgetUnits::sliderMappingRoundTrips_data()
{
    QTest::addColumn<int>("param");
    for (const ParamInfo &info : paramTable())
        QTest::newRow(info.key) << int(info.id);
}

void tst_WidgetUnits::sliderMappingRoundTrips()
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

void tst_WidgetUnits::logSliderSpansDecades()
{
    const ParamInfo &tokens = paramInfo(Param::TokensPerMonth);
    QVERIFY(tokens.logScale);
    SliderMapping mapping(tokens);
    // Halfway along a 1e12..1e18 log slider is 1e15, not 5e17.
    QCOMPARE(mapping.toValue(mapping.steps() / 2), 1e15);
}

void tst_WidgetUnits::controlEmitsOnlyUserEdits()
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

void tst_WidgetUnits::documentUndoRedo()
{
    ScenarioDocument doc;
    QSignalSpy changed(&doc, &ScenarioDocument::valueChanged);
    QVERIFY(!doc.isModified());
    doc.setValue(Param::PriceElasticity, 1.5);
    doc.setValue(Param::PriceElasticity, 1.7);
    QVERIFY(doc.isModified());
    QCOMPARE(doc.undoStack()->count(), 2); // separate edits stay separate steps
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
    QVERIFY(!doc.isModified());
    doc.undoStack()->redo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    QCOMPARE(changed.count(), 5);
}

void tst_WidgetUnits::editCarriesIntervalAndPowerAndUndoesBoth()
{
    ScenarioDocument doc;
    Scenario start;
    start.intervals[int(Param::AlgorithmicGain)] = Interval{1.5, 3.0, IntervalScale::Log};
    doc.load(start, QString());
    QSignalSpy changed(&doc, &ScenarioDocument::valueChanged);
    // A drag of an uncertain input: the interval moves with the median, and the drag is one undo step.
    for (double v : {2.5, 3.0})
        doc.setValue(Param::AlgorithmicGain, v, true);
    doc.endDrag();
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p5, 2.25);
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p95, 4.5);
    // S0 moves power_gw while it follows the start state, and says so.
    changed.clear();
    doc.setValue(Param::InstalledBase, 40);
    QCOMPARE(doc.value(Param::PowerGw), 1.25 * 40 * doc.value(Param::KwPerH100e));
    QCOMPARE(changed.count(), 2);
    QCOMPARE(changed.at(1).at(0).value<Param>(), Param::PowerGw);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PowerGw), start[Param::PowerGw]);
    doc.undoStack()->undo();
    QCOMPARE(doc.scenario(), start); // interval and value back exactly
    doc.undoStack()->redo();
    QCOMPARE(doc.scenario().intervals[int(Param::AlgorithmicGain)]->p95, 4.5);
}

void tst_WidgetUnits::dragMergesIntoOneUndoStep()
{
    ScenarioDocument doc;
    for (double v : {1.1, 1.2, 1.3, 1.4})
        doc.setValue(Param::PriceElasticity, v, true);
    doc.endDrag();
    doc.setValue(Param::PriceElasticity, 2.0, true);
    doc.endDrag();
    QCOMPARE(doc.undoStack()->count(), 2);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.4);
    doc.undoStack()->undo();
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
}

void tst_WidgetUnits::loadIsUnmodifiedAndUndoable()
{
    ScenarioDocument doc;
    Scenario boom;
    boom.name = "Jevons boom";
    boom[Param::PriceElasticity] = 1.5;
    doc.setValue(Param::AdoptionGrowth, 2.0);
    doc.load(boom, QString());
    QVERIFY(!doc.isModified());
    QCOMPARE(doc.value(Param::PriceElasticity), 1.5);
    QCOMPARE(doc.value(Param::AdoptionGrowth), Scenario()[Param::AdoptionGrowth]); // boom leaves it at the default
    doc.setValue(Param::HorizonYears, 3);
    QVERIFY(doc.isModified());
    doc.undoStack()->undo();
    QVERIFY(!doc.isModified());
    doc.undoStack()->undo(); // the load itself
    QCOMPARE(doc.value(Param::AdoptionGrowth), 2.0);
    QCOMPARE(doc.value(Param::PriceElasticity), 1.0);
}

QTEST_MAIN(tst_WidgetUnits)
#include "tst_widget_units.moc"
