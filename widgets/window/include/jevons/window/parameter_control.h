#pragma once
// One scenario parameter as a row: label, slider, spin box with its unit, reset button.

#include "jevons/engine/scenario.h"

#include <QDoubleSpinBox>
#include <QSlider>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QToolButton;

namespace jevons::ui {

/// Spin box that shows values with 4 significant digits ("5e+15" for tokens, "0.35" for ratios).
class CompactSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit CompactSpinBox(QWidget *parent = nullptr);
    QString textFromValue(double value) const override;
    double valueFromText(const QString &text) const override;
    QValidator::State validate(QString &input, int &pos) const override;
    void fixup(QString &input) const override;
    /// Arrow keys and wheel multiply by about 1.12 (20 steps a decade) instead of adding a fixed step.
    void setLogarithmicSteps(bool on) { m_logSteps = on; }
    void stepBy(int steps) override;
    /// True while a step (arrow key, Page Up/Down, wheel) sets the value: one gesture for the undo history.
    bool isStepping() const { return m_stepping; }

private:
    bool m_logSteps = false;
    bool m_stepping = false;
};

/// Maps between a parameter's value and integer slider positions (linear, logarithmic or whole numbers).
class SliderMapping {
public:
    explicit SliderMapping(const ParamInfo &info);
    int steps() const { return m_steps; }
    int toPosition(double value) const;
    /// Value at a slider position, rounded to a precision that the slider can resolve.
    double toValue(int position) const;

private:
    double quantumMultiple(double n) const; ///< n × 10^m_quantumExponent, exactly rounded

    const ParamInfo &m_info;
    int m_steps = 1000;
    int m_quantumExponent = 0;
};

/// A slider that paints an uncertain input's 90 % interval as a band in its groove, under the handle, so
/// the handle (the median) and the spread read together.
class IntervalSlider : public QSlider {
    Q_OBJECT
public:
    explicit IntervalSlider(QWidget *parent = nullptr) : QSlider(Qt::Horizontal, parent) {}
    /// Slider positions of p5 and p95; nullopt: no band (a certain input).
    void setBand(std::optional<std::pair<int, int>> band);
    std::optional<std::pair<int, int>> band() const { return m_band; }
    /// The band's pixels in widget coordinates (empty without a band), for tests and screenshots.
    QRect bandRect() const;

    /// A drag with Shift held moves the handle a tenth as far as the mouse: fine control of the value.
    static constexpr int FineDragDivisor = 10;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    int pixelAt(int position) const;
    std::optional<std::pair<int, int>> m_band;
    bool m_fine = false;   ///< Shift is held in this drag
    double m_anchorX = 0;  ///< where the fine part of the drag began (pixels) ...
    int m_anchorValue = 0; ///< ... and the position there
};

/// Why an interval is not allowed for `info` with median `median`, in plain words; empty when it is.
QString intervalProblem(const ParamInfo &info, double median, const Interval &interval);

/// Slider + spin box + reset for one parameter. Emits `edited` for user changes only; `setValue`
/// (the document pushing a value back, undo, presets) is silent.
class ParameterControl : public QWidget {
    Q_OBJECT
public:
    explicit ParameterControl(const ParamInfo &info, QWidget *parent = nullptr);

    Param param() const { return m_info.id; }
    const ParamInfo &info() const { return m_info; }
    double value() const { return m_value; }
    void setValue(double value);
    /// Shows the interval (band, fields, "uncertain" button state); silent like setValue.
    void setInterval(const std::optional<Interval> &interval);
    const std::optional<Interval> &interval() const { return m_interval; }
    /// Whether the slider shows the interval's band (off while the "Uncertain inputs" switch is off: the
    /// interval is kept but not used).
    void setBandShown(bool shown);
    /// Opens or closes the row's interval editor (p5, p95, scale).
    void setIntervalEditorOpen(bool open);
    bool intervalEditorOpen() const;
    /// Checks the editor's fields and, when they make a valid interval, emits intervalEdited; else shows
    /// the problem under the fields and keeps what was typed. Returns whether it was accepted.
    bool applyIntervalEditor();
    /// One plain sentence, the range, the default and its origin.
    QString toolTipText() const;

    QLabel *label() const { return m_label; }
    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }
    QToolButton *resetButton() const { return m_reset; }
    IntervalSlider *intervalSlider() const { return m_slider; }
    QToolButton *uncertainButton() const { return m_uncertain; }
    QDoubleSpinBox *p5Box() const { return m_p5; }
    QDoubleSpinBox *p95Box() const { return m_p95; }
    QComboBox *scaleBox() const { return m_scale; }
    QPushButton *applyIntervalButton() const { return m_applyInterval; }
    QPushButton *certainButton() const { return m_certain; }
    /// The last refusal (empty after an accepted edit).
    QString intervalMessage() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

signals:
    /// A user change. `dragging`: the slider is held down (a quick preview run is enough).
    void edited(jevons::Param param, double value, bool dragging);
    /// A keyboard or wheel step of the slider or the spin box (steps of one gesture make one undo step).
    void stepped(jevons::Param param, double value);
    /// The slider was let go after a drag: time for the full run.
    void dragFinished(jevons::Param param);
    /// The user made the input uncertain with `interval`, or certain again (nullopt).
    void intervalEdited(jevons::Param param, const std::optional<jevons::Interval> &interval);
    /// "Explain in the model" (the label's right-click menu): show the parameter's row of Help > Model,
    /// named by its JSON key.
    void helpRequested(const QString &key);

private:
    void onSliderMoved(int position);
    bool m_sliderStep = false; ///< the slider's next value change comes from a key or the wheel
    void onSpinEdited();
    void updateResetState();
    void updateBand();
    void fillIntervalEditor();
    QWidget *buildIntervalEditor();

    const ParamInfo &m_info;
    SliderMapping m_mapping;
    double m_value = 0;
    bool m_updating = false; ///< true while setValue writes to the child widgets
    QLabel *m_label = nullptr;
    std::optional<Interval> m_interval;
    bool m_bandShown = true;
    IntervalSlider *m_slider = nullptr;
    CompactSpinBox *m_spin = nullptr;
    QToolButton *m_reset = nullptr;
    QToolButton *m_uncertain = nullptr;
    QWidget *m_editor = nullptr;
    CompactSpinBox *m_p5 = nullptr;
    CompactSpinBox *m_p95 = nullptr;
    QComboBox *m_scale = nullptr;
    QPushButton *m_applyInterval = nullptr;
    QPushButton *m_certain = nullptr;
    QLabel *m_intervalMessage = nullptr;
};

} // namespace jevons::ui
