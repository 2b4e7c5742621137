#include "jevons/window/parameter_control.h"

#include "jevons/market/number_format.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QStylePainter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <utility>

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

// The box shows and reads numbers in its locale (the user's: "0,25" in German); group separators are left
// out so that "35000" and "35.000" never mean different things while typing.
QString CompactSpinBox::textFromValue(double value) const
{
    QLocale shown = locale();
    shown.setNumberOptions(shown.numberOptions() | QLocale::OmitGroupSeparator);
    if (std::abs(value) >= 1e6)
        return shown.toString(value, 'g', 4);
    return shown.toString(roundToSignificant(value, 4), 'g', 6);
}

double CompactSpinBox::valueFromText(const QString &text) const
{
    QString number = text;
    number.remove(suffix()).remove(prefix());
    return locale().toDouble(number.trimmed());
}

QValidator::State CompactSpinBox::validate(QString &input, int &) const
{
    QString number = input;
    number.remove(suffix()).remove(prefix());
    number = number.trimmed();
    if (number.isEmpty() || number == QLatin1String("-") || number.endsWith(QLatin1Char('e')) ||
        number.endsWith(QLatin1String("e+")) || number.endsWith(QLatin1String("e-")) ||
        number.endsWith(locale().decimalPoint()))
        return QValidator::Intermediate;
    bool ok = false;
    const double value = locale().toDouble(number, &ok);
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
    m_stepping = true;
    if (!m_logSteps)
        QDoubleSpinBox::stepBy(steps);
    else
        setValue(
            std::clamp(roundToSignificant(value() * std::pow(10.0, 0.05 * steps), 3), minimum(), maximum()));
    m_stepping = false;
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

void IntervalSlider::setBand(std::optional<std::pair<int, int>> band)
{
    if (band == m_band)
        return;
    m_band = band;
    update();
}

void IntervalSlider::mousePressEvent(QMouseEvent *event)
{
    m_fine = false;
    QSlider::mousePressEvent(event);
}

void IntervalSlider::mouseMoveEvent(QMouseEvent *event)
{
    const bool fine = isSliderDown() && (event->modifiers() & Qt::ShiftModifier);
    if (!fine) {
        m_fine = false;
        QSlider::mouseMoveEvent(event);
        return;
    }
    if (!m_fine) {
        m_fine = true;
        m_anchorX = event->position().x();
        m_anchorValue = sliderPosition();
    }
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const double perPixel = double(maximum() - minimum()) / std::max(1, groove.width());
    const double moved = (event->position().x() - m_anchorX) * perPixel / FineDragDivisor;
    setSliderPosition(std::clamp(m_anchorValue + int(std::lround(moved)), minimum(), maximum()));
    event->accept();
}

void IntervalSlider::focusInEvent(QFocusEvent *event)
{
    QSlider::focusInEvent(event);
    update(); // the focus ring below is ours
}

void IntervalSlider::focusOutEvent(QFocusEvent *event)
{
    QSlider::focusOutEvent(event);
    update();
}

int IntervalSlider::pixelAt(int position) const
{
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
    // The handle's centre travels over the groove less one handle length: the band's ends sit where the
    // handle's centre would be at p5 and p95.
    const int span = groove.width() - handle.width();
    return groove.x() + handle.width() / 2 +
           QStyle::sliderPositionFromValue(minimum(), maximum(), position, span, opt.upsideDown);
}

QRect IntervalSlider::bandRect() const
{
    if (!m_band)
        return {};
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    const QRect groove = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderGroove, this);
    const int left = pixelAt(m_band->first);
    const int right = pixelAt(m_band->second);
    const int height = std::max(6, groove.height() + 2);
    return QRect(left, groove.center().y() - height / 2 + 1, std::max(2, right - left), height);
}

void IntervalSlider::paintEvent(QPaintEvent *)
{
    QStylePainter painter(this);
    QStyleOptionSlider opt;
    initStyleOption(&opt);
    // Groove, then the band, then the handle on top: the handle (the median) must stay visible.
    const QStyle::SubControls all = opt.subControls;
    opt.subControls = QStyle::SC_SliderGroove | (all & QStyle::SC_SliderTickmarks);
    painter.drawComplexControl(QStyle::CC_Slider, opt);
    if (m_band) {
        QColor fill = palette().color(QPalette::Highlight);
        fill.setAlpha(isEnabled() ? 120 : 50);
        QColor edge = palette().color(QPalette::Highlight).darker(130);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(QPen(edge, 1));
        painter.setBrush(fill);
        painter.drawRoundedRect(QRectF(bandRect()).adjusted(0.5, 0.5, -0.5, -0.5), 2, 2);
    }
    opt.subControls = QStyle::SC_SliderHandle;
    painter.drawComplexControl(QStyle::CC_Slider, opt);
    if (hasFocus()) {
        // The style's own focus hint is a faint dotted line: a keyboard user must see which row the
        // arrow keys move.
        QPen ring(palette().color(QPalette::Highlight), 2);
        painter.setPen(ring);
        painter.setBrush(Qt::NoBrush);
        const QRect handle = style()->subControlRect(QStyle::CC_Slider, &opt, QStyle::SC_SliderHandle, this);
        painter.drawRoundedRect(QRectF(handle).adjusted(-1, -1, 1, 1), 3, 3);
    }
}

QString intervalProblem(const ParamInfo &info, double median, const Interval &interval)
{
    const QLocale locale;
    auto num = [&](double v) { return locale.toString(v, 'g', 4); };
    if (!std::isfinite(interval.p5) || !std::isfinite(interval.p95))
        return QObject::tr("p5 and p95 must be numbers.");
    if (interval.p5 < info.minValue || interval.p95 > info.maxValue)
        return QObject::tr("p5 and p95 must lie within the range %1 to %2.")
            .arg(num(info.minValue), num(info.maxValue));
    if (!(interval.p5 < interval.p95))
        return QObject::tr("p5 (%1) must be below p95 (%2).").arg(num(interval.p5), num(interval.p95));
    if (median < interval.p5 || median > interval.p95)
        return QObject::tr("The value %1 is the median: it must lie between p5 (%2) and p95 (%3).")
            .arg(num(median), num(interval.p5), num(interval.p95));
    if (interval.scale == IntervalScale::Log && !(interval.p5 > 0))
        return QObject::tr("A log scale needs values above 0 (p5 is %1): choose the linear scale for an "
                           "interval that reaches 0.")
            .arg(num(interval.p5));
    return {};
}

ParameterControl::ParameterControl(const ParamInfo &info, QWidget *parent)
    : QWidget(parent), m_info(info), m_mapping(info)
{
    setObjectName(QString::fromLatin1(info.key));
    m_label = new QLabel(QString::fromUtf8(info.label), this);
    // One width for all rows, so sliders line up; long labels are elided by the layout, never overlapped.
    m_label->setFixedWidth(
        m_label->fontMetrics().horizontalAdvance(QStringLiteral("Restricted chip efficiency ")));

    m_slider = new IntervalSlider(this);
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

    m_uncertain = new QToolButton(this);
    m_uncertain->setText(QStringLiteral("±"));
    m_uncertain->setCheckable(true);
    m_uncertain->setAutoRaise(true);
    m_uncertain->setFocusPolicy(Qt::TabFocus);
    m_uncertain->setAccessibleName(tr("Interval of %1").arg(QString::fromUtf8(info.label)));
    m_uncertain->setToolTip(tr("How sure are you? Give a 90 % interval (p5 to p95) instead of one value"));
    // The horizon sets the number of steps: it cannot be uncertain (docs/model.md).
    m_uncertain->setVisible(info.id != Param::HorizonYears);

    auto *row = new QHBoxLayout;
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    row->addWidget(m_label, 0);
    row->addWidget(m_slider, 1);
    row->addWidget(m_spin, 0);
    row->addWidget(m_uncertain, 0);
    row->addWidget(m_reset, 0);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    layout->addLayout(row);
    layout->addWidget(buildIntervalEditor());

    // The tooltip names the parameter's row in Help > Model; a tooltip cannot be clicked, so the label's
    // right-click menu opens that row.
    auto *explain = new QAction(tr("Explain in the model (Help > Model)"), m_label);
    explain->setObjectName(QStringLiteral("explainParameterAction"));
    connect(explain, &QAction::triggered, this,
            [this] { emit helpRequested(QString::fromLatin1(m_info.key)); });
    m_label->addAction(explain);
    m_label->setContextMenuPolicy(Qt::ActionsContextMenu);

    const QString tip = toolTipText();
    for (QWidget *w :
         {static_cast<QWidget *>(m_label), static_cast<QWidget *>(m_slider), static_cast<QWidget *>(m_spin)})
        w->setToolTip(tip);

    setValue(info.defaultValue);

    connect(m_uncertain, &QToolButton::clicked, this, [this] {
        setIntervalEditorOpen(!intervalEditorOpen());
        if (intervalEditorOpen())
            m_p5->setFocus(Qt::TabFocusReason);
    });
    connect(m_slider, &QSlider::actionTriggered, this, [this](int action) {
        // Keys and the wheel trigger an action before the value changes; a drag moves without one.
        m_sliderStep = action != QAbstractSlider::SliderMove && action != QAbstractSlider::SliderNoAction &&
                       !m_slider->isSliderDown();
    });
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

QWidget *ParameterControl::buildIntervalEditor()
{
    m_editor = new QWidget(this);
    m_editor->setObjectName(QStringLiteral("intervalEditor"));
    auto makeBox = [this](const QString &name, const QString &tip) {
        auto *box = new CompactSpinBox(m_editor);
        box->setRange(m_info.minValue, m_info.maxValue);
        box->setLogarithmicSteps(m_info.logScale);
        if (!m_info.logScale)
            box->setSingleStep(m_spin->singleStep());
        box->setAccessibleName(name);
        box->setToolTip(tip);
        box->setMinimumWidth(box->fontMetrics().horizontalAdvance(QStringLiteral("0.0000e+00")) + 24);
        box->installEventFilter(this);
        return box;
    };
    const QString label = QString::fromUtf8(m_info.label);
    m_p5 = makeBox(tr("p5 of %1").arg(label),
                   tr("Low end (p5): a 1 in 20 chance that the true value is below this"));
    m_p95 = makeBox(tr("p95 of %1").arg(label),
                    tr("High end (p95): a 1 in 20 chance that the true value is above this"));
    m_scale = new QComboBox(m_editor);
    m_scale->addItem(tr("linear"), int(IntervalScale::Linear));
    m_scale->addItem(tr("log"), int(IntervalScale::Log));
    m_scale->setAccessibleName(tr("Interval scale of %1").arg(label));
    m_scale->setToolTip(tr("Linear: p5 and p95 sit the same distance below and above the value. Log: the "
                           "same factor (for growth rates and quantities that multiply)"));
    m_applyInterval = new QPushButton(tr("Apply"), m_editor);
    m_applyInterval->setAccessibleName(tr("Apply the interval of %1").arg(label));
    m_applyInterval->setToolTip(
        tr("Make %1 uncertain with this interval (Enter in a field does the same)").arg(label));
    m_certain = new QPushButton(tr("Certain"), m_editor);
    m_certain->setAccessibleName(tr("Make %1 certain").arg(label));
    m_certain->setToolTip(tr("Forget the interval: %1 takes its value on every path").arg(label));
    m_intervalMessage = new QLabel(m_editor);
    m_intervalMessage->setWordWrap(true);
    m_intervalMessage->setObjectName(QStringLiteral("intervalMessage"));
    m_intervalMessage->setStyleSheet(QStringLiteral("color: #c62828"));
    m_intervalMessage->hide();

    auto *p5Label = new QLabel(tr("p&5"), m_editor);
    p5Label->setBuddy(m_p5);
    p5Label->setToolTip(m_p5->toolTip());
    auto *p95Label = new QLabel(tr("p9&5"), m_editor);
    p95Label->setBuddy(m_p95);
    p95Label->setToolTip(m_p95->toolTip());
    auto *fields = new QHBoxLayout;
    fields->setContentsMargins(0, 0, 0, 0);
    fields->setSpacing(4);
    fields->addWidget(p5Label);
    fields->addWidget(m_p5, 1);
    fields->addWidget(p95Label);
    fields->addWidget(m_p95, 1);
    // Scale and buttons on a second line: in one line the fields got too narrow to read (screenshot).
    auto *actions = new QHBoxLayout;
    actions->setContentsMargins(0, 0, 0, 0);
    actions->setSpacing(4);
    actions->addWidget(m_scale);
    actions->addStretch(1);
    actions->addWidget(m_applyInterval);
    actions->addWidget(m_certain);
    auto *box = new QVBoxLayout(m_editor);
    // Indented under the slider: the editor reads as part of this row, not the next.
    box->setContentsMargins(m_label->width() / 3, 0, 0, 4);
    box->setSpacing(2);
    auto *caption = new QLabel(tr("90 % interval: a 1 in 20 chance below p5, 1 in 20 above p95"), m_editor);
    caption->setWordWrap(true);
    QFont small = caption->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    caption->setFont(small);
    box->addWidget(caption);
    box->addLayout(fields);
    box->addLayout(actions);
    box->addWidget(m_intervalMessage);
    m_editor->hide();

    connect(m_applyInterval, &QPushButton::clicked, this, [this] { applyIntervalEditor(); });
    connect(m_certain, &QPushButton::clicked, this, [this] {
        m_intervalMessage->hide();
        if (m_interval)
            emit intervalEdited(m_info.id, std::nullopt);
        setIntervalEditorOpen(false);
    });
    return m_editor;
}

bool ParameterControl::eventFilter(QObject *watched, QEvent *event)
{
    if ((watched == m_p5 || watched == m_p95) && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            applyIntervalEditor();
            return true;
        }
        if (key == Qt::Key_Escape) {
            setIntervalEditorOpen(false);
            m_uncertain->setFocus(Qt::OtherFocusReason);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ParameterControl::setIntervalEditorOpen(bool open)
{
    if (open && !m_editor->isVisibleTo(this))
        fillIntervalEditor();
    m_editor->setVisible(open);
    m_uncertain->setChecked(open || m_interval.has_value());
}

bool ParameterControl::intervalEditorOpen() const
{
    return m_editor->isVisibleTo(this);
}

QString ParameterControl::intervalMessage() const
{
    return m_intervalMessage->isVisibleTo(m_editor) ? m_intervalMessage->text() : QString();
}

void ParameterControl::fillIntervalEditor()
{
    m_intervalMessage->hide();
    const QSignalBlocker a(m_p5), b(m_p95), c(m_scale);
    Interval suggested;
    if (m_interval) {
        suggested = *m_interval;
    } else {
        // A starting point to edit, not a claim: a factor 1.5 either side on a log scale, a quarter of the
        // value (at least 5 % of the range) on a linear one.
        suggested.scale = m_info.intervalScale;
        if (suggested.scale == IntervalScale::Log && m_value > 0) {
            suggested.p5 = roundToSignificant(m_value / 1.5, 3);
            suggested.p95 = roundToSignificant(m_value * 1.5, 3);
        } else {
            suggested.scale = IntervalScale::Linear;
            const double half =
                std::max(std::abs(m_value) * 0.25, (m_info.maxValue - m_info.minValue) * 0.05);
            suggested.p5 = roundToSignificant(m_value - half, 3);
            suggested.p95 = roundToSignificant(m_value + half, 3);
        }
        suggested.p5 = std::clamp(std::min(suggested.p5, m_value), m_info.minValue, m_info.maxValue);
        suggested.p95 = std::clamp(std::max(suggested.p95, m_value), m_info.minValue, m_info.maxValue);
    }
    m_p5->setValue(suggested.p5);
    m_p95->setValue(suggested.p95);
    m_scale->setCurrentIndex(m_scale->findData(int(suggested.scale)));
    m_certain->setEnabled(m_interval.has_value());
}

bool ParameterControl::applyIntervalEditor()
{
    m_p5->interpretText();
    m_p95->interpretText();
    Interval edited;
    edited.p5 = m_p5->value();
    edited.p95 = m_p95->value();
    edited.scale = IntervalScale(m_scale->currentData().toInt());
    const QString problem = intervalProblem(m_info, m_value, edited);
    if (!problem.isEmpty()) {
        // Refused: the fields keep what was typed so that it can be corrected, and the document is untouched.
        m_intervalMessage->setText(problem);
        m_intervalMessage->show();
        return false;
    }
    m_intervalMessage->hide();
    if (edited != m_interval)
        emit intervalEdited(m_info.id, edited);
    return true;
}

void ParameterControl::setInterval(const std::optional<Interval> &interval)
{
    m_interval = interval;
    updateBand();
    m_uncertain->setChecked(m_interval.has_value() || intervalEditorOpen());
    m_certain->setEnabled(m_interval.has_value());
    if (intervalEditorOpen() && m_interval && !m_intervalMessage->isVisibleTo(m_editor)) {
        // Dragging the median carries the interval: the fields follow it (unless a refusal is showing,
        // whose typed values must not be overwritten).
        const QSignalBlocker a(m_p5), b(m_p95), c(m_scale);
        m_p5->setValue(m_interval->p5);
        m_p95->setValue(m_interval->p95);
        m_scale->setCurrentIndex(m_scale->findData(int(m_interval->scale)));
    }
    const QLocale locale;
    const QString unit = QString::fromUtf8(m_info.unit);
    m_uncertain->setToolTip(
        m_interval
            ? tr("Uncertain: 90 % interval %1 to %2 (%3 scale). A 1 in 20 chance below %1, 1 in 20 "
                 "above %2. Click to edit")
                  .arg(formatWithUnit(m_interval->p5, unit, 4), formatWithUnit(m_interval->p95, unit, 4),
                       m_interval->scale == IntervalScale::Log ? tr("log") : tr("linear"))
            : tr("How sure are you? Give a 90 % interval (p5 to p95) instead of one value"));
}

void ParameterControl::setBandShown(bool shown)
{
    m_bandShown = shown;
    updateBand();
}

void ParameterControl::updateBand()
{
    if (m_interval && m_bandShown)
        m_slider->setBand(
            std::pair(m_mapping.toPosition(m_interval->p5), m_mapping.toPosition(m_interval->p95)));
    else
        m_slider->setBand(std::nullopt);
}

QString ParameterControl::toolTipText() const
{
    const QString unit = QString::fromUtf8(m_info.unit);
    auto fmt = [&](double v) { return formatWithUnit(v, unit, 4); };
    return QStringLiteral("<p><b>%1</b> (<i>%2</i>, <code>%3</code>)</p><p>%4</p>"
                          "<p>Range %5 to %6%7. Default %8: %9.</p>%10"
                          "<p>In Help &gt; Model: row <code>%3</code> of “Scenario parameters” (right-click "
                          "the name to open it).</p>")
        .arg(QString::fromUtf8(m_info.label).toHtmlEscaped(),
             QString::fromUtf8(m_info.symbol).toHtmlEscaped(), QString::fromLatin1(m_info.key),
             QString::fromUtf8(m_info.help).toHtmlEscaped(), fmt(m_info.minValue), fmt(m_info.maxValue),
             m_info.logScale ? tr(" (logarithmic slider)") : QString(), fmt(m_info.defaultValue),
             QString::fromUtf8(m_info.origin).toHtmlEscaped(),
             tr("<p>Hold Shift while dragging the slider for steps a tenth as large.</p>"));
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
    const bool step = std::exchange(m_sliderStep, false);
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
    if (step)
        emit stepped(m_info.id, value);
    else
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
    if (m_spin->isStepping())
        emit stepped(m_info.id, value);
    else
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
