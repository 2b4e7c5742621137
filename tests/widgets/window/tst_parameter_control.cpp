// A parameter row: slider mappings (linear and logarithmic), which edits it reports, and its 90 % interval
// (band carried by a drag, clamping, keyboard, refusals).
#include "jevons/session/scenario_document.h"
#include "jevons/window/parameter_control.h"

#include <QComboBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QMouseEvent>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QApplication>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace jevons;
using namespace jevons::ui;

class tst_ParameterControl : public QObject {
    Q_OBJECT
private slots:
    void sliderMappingRoundTrips_data();
    void sliderMappingRoundTrips();
    void logSliderSpansDecades();
    void controlEmitsOnlyUserEdits();
    void dragCarriesInterval_data();
    void dragCarriesInterval();
    void keyboardEditsInterval();
    void badIntervalRefused_data();
    void badIntervalRefused();
    void tooltipsSayWhatP5AndP95Mean();
    void shiftDragMovesATenth_data();
    void shiftDragMovesATenth();
    void focusedSliderShowsARing();
};

namespace {
/// One row wired to a document as the panel wires it: edits go in, values and intervals come back.
struct Row {
    ScenarioDocument doc;
    std::unique_ptr<ParameterControl> control;
    explicit Row(Param p, const std::optional<Interval> &interval, double median)
    {
        Scenario s;
        s.setValue(p, median);
        s.intervals[std::size_t(p)] = interval;
        doc.load(s, QString());
        control = std::make_unique<ParameterControl>(paramInfo(p));
        control->setValue(median);
        control->setInterval(interval);
        QObject::connect(control.get(), &ParameterControl::edited, &doc,
                         [this](Param q, double v, bool dragging) { doc.setValue(q, v, dragging); });
        QObject::connect(control.get(), &ParameterControl::stepped, &doc,
                         [this](Param q, double v) { doc.stepValue(q, v); });
        QObject::connect(control.get(), &ParameterControl::dragFinished, &doc, [this] { doc.endDrag(); });
        QObject::connect(control.get(), &ParameterControl::intervalEdited, &doc,
                         [this](Param q, const std::optional<Interval> &i) { doc.setInterval(q, i); });
        QObject::connect(&doc, &ScenarioDocument::valueChanged, control.get(), [this](Param q, double v) {
            control->setValue(v);
            control->setInterval(doc.scenario().intervals[std::size_t(q)]);
        });
        QObject::connect(&doc, &ScenarioDocument::uncertaintyChanged, control.get(), [this] {
            control->setInterval(doc.scenario().intervals[std::size_t(control->param())]);
        });
    }
    std::optional<Interval> interval() const
    {
        return doc.scenario().intervals[std::size_t(control->param())];
    }
};
} // namespace

void tst_ParameterControl::dragCarriesInterval_data()
{
    QTest::addColumn<int>("param");
    QTest::addColumn<double>("p5");
    QTest::addColumn<double>("p95");
    QTest::addColumn<int>("scale");
    QTest::addColumn<double>("target"); // fraction of the slider's travel the drag ends at
    QTest::newRow("log: same ratio") << int(Param::AlgorithmicGain) << 1.5 << 3.0 << int(IntervalScale::Log)
                                     << 0.4;
    QTest::newRow("linear: same offset")
        << int(Param::PriceElasticity) << 0.6 << 1.6 << int(IntervalScale::Linear) << 0.55;
    QTest::newRow("log: clamped at the top")
        << int(Param::AlgorithmicGain) << 1.5 << 3.0 << int(IntervalScale::Log) << 1.0;
    QTest::newRow("linear: clamped at the bottom")
        << int(Param::PriceElasticity) << 0.6 << 1.6 << int(IntervalScale::Linear) << 0.0;
    QTest::newRow("share: clamped at 1")
        << int(Param::Utilization) << 0.75 << 0.95 << int(IntervalScale::Linear) << 0.98;
}

void tst_ParameterControl::dragCarriesInterval()
{
    QFETCH(int, param);
    QFETCH(double, p5);
    QFETCH(double, p95);
    QFETCH(int, scale);
    QFETCH(double, target);
    const Param p = Param(param);
    const ParamInfo &info = paramInfo(p);
    Row row(p, Interval{p5, p95, IntervalScale(scale)}, info.defaultValue);
    IntervalSlider *slider = row.control->intervalSlider();
    const QRect bandBefore = slider->bandRect();
    QVERIFY(!bandBefore.isEmpty());
    // A drag in three steps, as a mouse gives them: one undo step, the interval carried at every step.
    QSignalSpy edited(row.control.get(), &ParameterControl::edited);
    slider->setSliderDown(true);
    const int end = int(std::lround(target * slider->maximum()));
    const int start = slider->value();
    for (int step = 1; step <= 3; ++step)
        slider->setValue(start + (end - start) * step / 3);
    slider->setSliderDown(false);
    const double median = row.control->value();
    Scenario expected;
    expected.setValue(p, info.defaultValue);
    expected.intervals[std::size_t(p)] = Interval{p5, p95, IntervalScale(scale)};
    // The engine's rule (ratio or offset, clamped), applied at each step of the drag, is the reference.
    for (const QList<QVariant> &step : edited) {
        QVERIFY(step.at(2).toBool()); // dragging
        expected.setMedian(p, step.at(1).toDouble());
    }
    QCOMPARE(edited.last().at(1).toDouble(), median);
    QCOMPARE(row.interval(), expected.intervals[std::size_t(p)]);
    QVERIFY(row.interval()->p5 >= info.minValue && row.interval()->p95 <= info.maxValue);
    QVERIFY(row.interval()->p5 <= median && median <= row.interval()->p95);
    validateScenario(row.doc.scenario());
    // The band follows the handle.
    SliderMapping mapping(info);
    QCOMPARE(slider->band()->first, mapping.toPosition(row.interval()->p5));
    QCOMPARE(slider->band()->second, mapping.toPosition(row.interval()->p95));
    if (end != start)
        QVERIFY(slider->bandRect() != bandBefore);
    QCOMPARE(row.doc.undoStack()->count(), 2); // the load and the drag
    row.doc.undoStack()->undo();
    QCOMPARE(row.interval(), std::optional(Interval{p5, p95, IntervalScale(scale)}));
    QCOMPARE(slider->band()->first, mapping.toPosition(p5));
}

void tst_ParameterControl::keyboardEditsInterval()
{
    Row row(Param::AlgorithmicGain, std::nullopt, 2.0);
    ParameterControl &c = *row.control;
    QVERIFY(!c.intervalEditorOpen());
    QVERIFY(!c.intervalSlider()->band());
    // Space on the ± button opens the editor, preset to the parameter's scale (log for a growth rate).
    QTest::keyClick(c.uncertainButton(), Qt::Key_Space);
    QVERIFY(c.intervalEditorOpen());
    QCOMPARE(IntervalScale(c.scaleBox()->currentData().toInt()), IntervalScale::Log);
    QVERIFY(c.p5Box()->value() < 2.0 && c.p95Box()->value() > 2.0);
    // Type p5 and p95; Enter in a field applies.
    QTest::keyClick(c.p5Box(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(c.p5Box(), QStringLiteral("1.6"));
    QTest::keyClick(c.p95Box(), Qt::Key_A, Qt::ControlModifier);
    QTest::keyClicks(c.p95Box(), QStringLiteral("2.8"));
    QTest::keyClick(c.p95Box(), Qt::Key_Return);
    QCOMPARE(row.interval(), std::optional(Interval{1.6, 2.8, IntervalScale::Log}));
    QVERIFY(c.intervalSlider()->band());
    QVERIFY(c.uncertainButton()->isChecked());
    // Arrow keys on the slider move the median and carry the interval by its ratio.
    QTest::keyClick(c.intervalSlider(), Qt::Key_Right);
    QVERIFY(c.value() > 2.0);
    QCOMPARE(row.interval()->p95 / c.value(), 2.8 / 2.0);
    // Escape closes the editor; the interval stays. "Certain" (keyboard: Space) forgets it.
    QTest::keyClick(c.p5Box(), Qt::Key_Escape);
    QVERIFY(!c.intervalEditorOpen());
    QVERIFY(row.interval().has_value());
    c.setIntervalEditorOpen(true);
    QTest::keyClick(c.certainButton(), Qt::Key_Space);
    QVERIFY(!row.interval().has_value());
    QVERIFY(!c.intervalSlider()->band());
    QVERIFY(!c.uncertainButton()->isChecked());
}

void tst_ParameterControl::badIntervalRefused_data()
{
    QTest::addColumn<double>("p5");
    QTest::addColumn<double>("p95");
    QTest::addColumn<int>("scale");
    QTest::addColumn<QString>("words");
    // Training share: median 0.45, range 0 to 0.9.
    QTest::newRow("p5 above p95") << 0.6 << 0.3 << int(IntervalScale::Linear) << QStringLiteral("below p95");
    QTest::newRow("p5 equal to p95") << 0.45 << 0.45 << int(IntervalScale::Linear)
                                     << QStringLiteral("below p95");
    QTest::newRow("median below p5") << 0.5 << 0.7 << int(IntervalScale::Linear) << QStringLiteral("median");
    QTest::newRow("median above p95") << 0.1 << 0.4 << int(IntervalScale::Linear) << QStringLiteral("median");
    QTest::newRow("log scale reaching 0")
        << 0.0 << 0.7 << int(IntervalScale::Log) << QStringLiteral("log scale needs values above 0");
}

void tst_ParameterControl::badIntervalRefused()
{
    QFETCH(double, p5);
    QFETCH(double, p95);
    QFETCH(int, scale);
    QFETCH(QString, words);
    Row row(Param::TrainingShare, std::nullopt, 0.45);
    ParameterControl &c = *row.control;
    QSignalSpy edited(&c, &ParameterControl::intervalEdited);
    c.setIntervalEditorOpen(true);
    c.p5Box()->setValue(p5);
    c.p95Box()->setValue(p95);
    c.scaleBox()->setCurrentIndex(c.scaleBox()->findData(scale));
    QVERIFY(!c.applyIntervalEditor());
    QCOMPARE(edited.count(), 0);
    QVERIFY(!row.interval().has_value());
    QVERIFY2(c.intervalMessage().contains(words), qPrintable(c.intervalMessage()));
    // Nothing typed is lost: the fields keep the refused values, to be corrected.
    QCOMPARE(c.p5Box()->value(), p5);
    QCOMPARE(c.p95Box()->value(), p95);
    // A dragged median does not overwrite them while the refusal shows.
    row.doc.setValue(Param::TrainingShare, 0.5);
    QCOMPARE(c.p5Box()->value(), p5);
    // Corrected, it is accepted and the message goes.
    c.scaleBox()->setCurrentIndex(c.scaleBox()->findData(int(IntervalScale::Linear)));
    c.p5Box()->setValue(0.3);
    c.p95Box()->setValue(0.7);
    QVERIFY(c.applyIntervalEditor());
    QVERIFY(c.intervalMessage().isEmpty());
    QCOMPARE(row.interval(), std::optional(Interval{0.3, 0.7, IntervalScale::Linear}));
}

void tst_ParameterControl::tooltipsSayWhatP5AndP95Mean()
{
    Row row(Param::AlgorithmicGain, Interval{1.5, 3.0, IntervalScale::Log}, 2.0);
    QVERIFY(row.control->p5Box()->toolTip().contains(
        QLatin1String("1 in 20 chance that the true value is below")));
    QVERIFY(row.control->p95Box()->toolTip().contains(
        QLatin1String("1 in 20 chance that the true value is above")));
    QVERIFY(row.control->uncertainButton()->toolTip().contains(QLatin1String("1 in 20 chance below")));
    // Horizon: cannot be uncertain, so no button.
    ParameterControl horizon(paramInfo(Param::HorizonYears));
    QVERIFY(horizon.uncertainButton()->isHidden());
}

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

void tst_ParameterControl::shiftDragMovesATenth_data()
{
    QTest::addColumn<bool>("shift");
    QTest::newRow("plain drag") << false;
    QTest::newRow("shift drag") << true;
}

void tst_ParameterControl::shiftDragMovesATenth()
{
    QFETCH(bool, shift);
    IntervalSlider slider;
    slider.setRange(0, 1000);
    slider.setValue(200);
    slider.resize(420, 30);
    slider.show();
    QVERIFY(QTest::qWaitForWindowExposed(&slider));
    QStyleOptionSlider opt;
    opt.initFrom(&slider);
    opt.orientation = Qt::Horizontal;
    opt.minimum = slider.minimum();
    opt.maximum = slider.maximum();
    opt.sliderPosition = slider.sliderPosition();
    opt.sliderValue = slider.value();
    const QRect handle =
        slider.style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, &slider);
    const QRect groove =
        slider.style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, &slider);
    const QPoint start = handle.center();
    QTest::mousePress(&slider, Qt::LeftButton, Qt::NoModifier, start);
    QVERIFY(slider.isSliderDown());
    const Qt::KeyboardModifiers modifiers = shift ? Qt::ShiftModifier : Qt::NoModifier;
    // Two moves: the first (1 pixel) anchors the fine part of the drag, the second moves 100 pixels on.
    for (const int dx : {1, 101}) {
        const QPointF to(start.x() + dx, start.y());
        QMouseEvent move(QEvent::MouseMove, to, slider.mapToGlobal(to), Qt::NoButton, Qt::LeftButton,
                         modifiers);
        QApplication::sendEvent(&slider, &move);
    }
    QTest::mouseRelease(&slider, Qt::LeftButton, modifiers, QPoint(start.x() + 101, start.y()));
    const double perPixel = 1000.0 / groove.width();
    const double moved = slider.value() - 200;
    const double expected = (shift ? 100.0 / IntervalSlider::FineDragDivisor : 101.0) * perPixel;
    QVERIFY2(std::abs(moved - expected) <= 0.15 * expected + 3,
             qPrintable(QStringLiteral("moved %1, expected about %2").arg(moved).arg(expected)));
}

void tst_ParameterControl::focusedSliderShowsARing()
{
    IntervalSlider slider;
    slider.setRange(0, 100);
    slider.setValue(40);
    slider.resize(300, 30);
    slider.show();
    QVERIFY(QTest::qWaitForWindowExposed(&slider));
    slider.clearFocus(); // a lone window hands its only focusable widget the focus
    QVERIFY(!slider.hasFocus());
    const QImage before = slider.grab().toImage();
    slider.activateWindow();
    slider.setFocus();
    QVERIFY(QTest::qWaitFor([&] { return slider.hasFocus(); }));
    const QImage focused = slider.grab().toImage();
    // The ring is drawn in the highlight colour around the handle: count its pixels.
    const QColor highlight = slider.palette().color(QPalette::Highlight);
    auto ringPixels = [&](const QImage &image) {
        int n = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                n += std::abs(c.red() - highlight.red()) + std::abs(c.green() - highlight.green()) +
                                 std::abs(c.blue() - highlight.blue()) <
                             40
                         ? 1
                         : 0;
            }
        return n;
    };
    if (const QString dir = qEnvironmentVariable("JEVONS_SCREENSHOT_DIR"); !dir.isEmpty())
        focused.save(dir + QStringLiteral("/slider_focused.png"));
    QVERIFY2(ringPixels(focused) > ringPixels(before) + 20,
             qPrintable(QStringLiteral("%1 vs %2").arg(ringPixels(focused)).arg(ringPixels(before))));
}

QTEST_MAIN(tst_ParameterControl)
#include "tst_parameter_control.moc"
