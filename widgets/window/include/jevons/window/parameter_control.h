#pragma once
// One scenario parameter as a row: label, slider, spin box with its unit, reset button.

#include "jevons/engine/scenario.h"

#include <QDoubleSpinBox>
#include <QWidget>

class QLabel;
class QSlider;
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

private:
    bool m_logSteps = false;
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
    /// One plain sentence, the range, the default and its origin.
    QString toolTipText() const;

    QLabel *label() const { return m_label; }
    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *spinBox() const { return m_spin; }
    QToolButton *resetButton() const { return m_reset; }

signals:
    /// A user change. `dragging`: the slider is held down (a quick preview run is enough).
    void edited(jevons::Param param, double value, bool dragging);
    /// The slider was let go after a drag: time for the full run.
    void dragFinished(jevons::Param param);

private:
    void onSliderMoved(int position);
    void onSpinEdited();
    void updateResetState();

    const ParamInfo &m_info;
    SliderMapping m_mapping;
    double m_value = 0;
    bool m_updating = false; ///< true while setValue writes to the child widgets
    QLabel *m_label = nullptr;
    QSlider *m_slider = nullptr;
    CompactSpinBox *m_spin = nullptr;
    QToolButton *m_reset = nullptr;
};

} // namespace jevons::ui
