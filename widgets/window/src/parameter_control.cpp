#include "jevons/window/parameter_control.h"

#include "jevons/market/number_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace jevons::ui {

namespace {
double roundToSignificant(double value, int digits)
{
    if (value == 0 || !std::isfinite(value))
        return value;
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::abs(value))) - (digits - 1));
    return std::round(value / magnitude) * magnitude;
}
} // namespace

CompactSpinBox::CompactSpinBox(QWidget *parent) : QDoubleSpinBox(parent)
{
    setDecimals(12); // rounding is ours (textFromValue); QDoubleSpinBox would otherwise cut small values
    setKeyboardTracking(false);
    setAccelerated(true);
}

QString CompactSpinBox::textFromValue(double value) const
{
    if (std::abs(value) >= 1e6)
        return QString::number(value, 'g', 4);
    return QString::number(roundToSignificant(value, 4), 'g', 6);
}

double CompactSpinBox::valueFromText(const QString &text) const
{
    QString number = text;
    number.remove(suffix()).remove(prefix());
    return number.trimmed().toDouble();
}

QValidator::State CompactSpinBox::validate(QString &input, int &) const
{
    QString number = input;
    number.remove(suffix()).remove(prefix());
    number = number.trimmed();
    if (number.isEmpty() || number == QLatin1String("-") || number.endsWith(QLatin1Char('e')) ||
        number.endsWith(QLatin1String("e+")) || number.endsWith(QLatin1String("e-")) || number.endsWith('.'))
        return QValidator::Intermediate;
    bool ok = false;
    const double value = number.toDouble(&ok);
    if (!ok)
        return QValidator::Invalid;
    return value >= minimum() && value <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
}

void CompactSpinBox::fixup(QString &input) const
{
    const double value = std::clamp(valueFromText(input), minimum(), maximum());
    input = textFromValue(value) + suffix();
}

void CompactSpinBox::stepBy(int steps)
{
    if (!m_logSteps) {
        QDoubleSpinBox::stepBy(steps);
        return;
    }
    setValue(std::clamp(roundToSignificant(value() * std::pow(10.0, 0.05 * steps), 3), minimum(), maximum()));
}

SliderMapping::SliderMapping(const ParamInfo &info) : m_info(info)
{
    if (info.integer) {
        m_steps = int(std::lround(info.maxValue - info.minValue));
    } else if (!info.logScale) {
        // A power-of-ten quantum: every slider value is a short decimal and defaults such as 2.0 or 35,000
        // sit exactly on a position (1,000..10,000 positions).
        const double quantum = std::pow(10.0, std::floor(std::log10((info.maxValue - info.minValue) / 1000)));
        m_quantumExponent = int(std::lround(std::log10(quantum)));
        m_steps = int(std::lround((info.maxValue - info.minValue) / quantum));
    }
}

double SliderMapping::quantumMultiple(double n) const
{
    // n / 10^k is correctly rounded, so 2.0 comes out as 2.0 and not 2.0000000000000004.
    return m_quantumExponent < 0 ? n / std::pow(10.0, -m_quantumExponent)
                                 : n * std::pow(10.0, m_quantumExponent);
}

int SliderMapping::toPosition(double value) const
{
    double fraction = 0;
    if (m_info.logScale)
        fraction = std::log(value / m_info.minValue) / std::log(m_info.maxValue / m_info.minValue);
    else
        fraction = (value - m_info.minValue) / (m_info.maxValue - m_info.minValue);
    return int(std::lround(std::clamp(fraction, 0.0, 1.0) * m_steps));
}

double SliderMapping::toValue(int position) const
{
    double value = 0;
    if (m_info.integer) {
        value = m_info.minValue + position;
    } else if (m_info.logScale) {
        // Two significant digits: the slider moves ~1.4 % per step over six decades, and the values stay
        // readable (5.0e15, not 5.035e15), so the default is reachable.
        const double fraction = double(position) / m_steps;
        value =
            roundToSignificant(m_info.minValue * std::pow(m_info.maxValue / m_info.minValue, fraction), 2);
    } else {
        const double first = std::round(quantumMultiple(1) > 0 ? m_info.minValue / quantumMultiple(1) : 0);
        value = quantumMultiple(first + position);
    }
    if (position <= 0)
        return m_info.minValue;
    if (position >= m_steps)
        return m_info.maxValue;
    return std::clamp(value, m_info.minValue, m_info.maxValue);
}

ParameterControl::ParameterControl(const ParamInfo &info, QWidget *parent)
    : QWidget(parent), m_info(info), m_mapping(info)
{
    setObjectName(QString::fromLatin1(info.key));
    m_label = new QLabel(QString::fromUtf8(info.label), this);
    // One width for all rows, so sliders line up; long labels are elided by the layout, never overlapped.
    m_label->setFixedWidth(
        m_label->fontMetrics().horizontalAdvance(QStringLiteral("Restricted chip efficiency ")));

    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(0, m_mapping.steps());
    m_slider->setSingleStep(std::max(1, m_mapping.steps() / 200));
    m_slider->setPageStep(std::max(1, m_mapping.steps() / 10));
    m_slider->setMinimumWidth(70);
    m_slider->setAccessibleName(QString::fromUtf8(info.label));
    m_label->setBuddy(m_slider);

    m_spin = new CompactSpinBox(this);
    m_spin->setRange(info.minValue, info.maxValue);
    if (info.integer) {
        m_spin->setSingleStep(1);
    } else if (info.logScale) {
        m_spin->setLogarithmicSteps(true);
    } else {
        m_spin->setSingleStep(roundToSignificant((info.maxValue - info.minValue) / 100, 1));
    }
    const QString unit = shortUnit(QString::fromUtf8(info.unit));
    if (!unit.isEmpty())
        m_spin->setSuffix(QLatin1Char(' ') + unit);
    // One width for every row, so the sliders line up.
    m_spin->setFixedWidth(m_spin->fontMetrics().horizontalAdvance(QStringLiteral("0.00 M H100e/mo")) + 26);
    m_spin->setAccessibleName(QString::fromUtf8(info.label));

    m_reset = new QToolButton(this);
    m_reset->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_reset->setAutoRaise(true);
    m_reset->setToolTip(tr("Reset to the default (%1)")
                            .arg(formatWithUnit(info.defaultValue, QString::fromUtf8(info.unit), 4)));
    m_reset->setAccessibleName(tr("Reset %1").arg(QString::fromUtf8(info.label)));
    m_reset->setFocusPolicy(Qt::TabFocus);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_label, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_spin, 0);
    layout->addWidget(m_reset, 0);

    const QString tip = toolTipText();
    for (QWidget *w :
         {static_cast<QWidget *>(m_label), static_cast<QWidget *>(m_slider), static_cast<QWidget *>(m_spin)})
        w->setToolTip(tip);

    setValue(info.defaultValue);

    connect(m_slider, &QSlider::valueChanged, this, &ParameterControl::onSliderMoved);
    connect(m_slider, &QSlider::sliderReleased, this, [this] { emit dragFinished(m_info.id); });
    connect(m_spin, &QDoubleSpinBox::valueChanged, this, &ParameterControl::onSpinEdited);
    connect(m_reset, &QToolButton::clicked, this, [this] {
        if (m_value == m_info.defaultValue)
            return;
        setValue(m_info.defaultValue);
        emit edited(m_info.id, m_value, false);
    });
}

QString ParameterControl::toolTipText() const
{
    const QString unit = QString::fromUtf8(m_info.unit);
    auto fmt = [&](double v) { return formatWithUnit(v, unit, 4); };
    return QStringLiteral("<p><b>%1</b> (<i>%2</i>, <code>%3</code>)</p><p>%4</p>"
                          "<p>Range %5 to %6%7. Default %8: %9.</p>")
        .arg(QString::fromUtf8(m_info.label).toHtmlEscaped(),
             QString::fromUtf8(m_info.symbol).toHtmlEscaped(), QString::fromLatin1(m_info.key),
             QString::fromUtf8(m_info.help).toHtmlEscaped(), fmt(m_info.minValue), fmt(m_info.maxValue),
             m_info.logScale ? tr(" (logarithmic slider)") : QString(), fmt(m_info.defaultValue),
             QString::fromUtf8(m_info.origin).toHtmlEscaped());
}

void ParameterControl::setValue(double value)
{
    m_value = value;
    m_updating = true;
    m_slider->setValue(m_mapping.toPosition(value));
    m_spin->setValue(value);
    m_updating = false;
    updateResetState();
}

void ParameterControl::onSliderMoved(int position)
{
    if (m_updating)
        return;
    const double value = m_mapping.toValue(position);
    if (value == m_value)
        return;
    m_value = value;
    m_updating = true;
    m_spin->setValue(value);
    m_updating = false;
    updateResetState();
    emit edited(m_info.id, value, m_slider->isSliderDown());
}

void ParameterControl::onSpinEdited()
{
    if (m_updating)
        return;
    const double value = m_info.integer ? std::round(m_spin->value()) : m_spin->value();
    if (value == m_value)
        return;
    m_value = value;
    m_updating = true;
    m_slider->setValue(m_mapping.toPosition(value));
    m_updating = false;
    updateResetState();
    emit edited(m_info.id, value, false);
}

void ParameterControl::updateResetState()
{
    m_reset->setEnabled(m_value != m_info.defaultValue);
    QFont font = m_label->font();
    font.setBold(m_value != m_info.defaultValue); // changed values stand out in a long list
    m_label->setFont(font);
}

} // namespace jevons::ui
