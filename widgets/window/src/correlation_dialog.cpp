#include "jevons/window/correlation_dialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {
constexpr int SliderScale = 100; // slider positions per unit of rank correlation
constexpr double MaxRank = 0.95; // the file allows (-1, 1); beyond 0.95 an input is nearly a copy
constexpr std::uint64_t PreviewDraws = 1500;

QString label(Param p)
{
    return QString::fromUtf8(paramInfo(p).label);
}
} // namespace

QString correlationWords(double rank)
{
    const double size = std::abs(rank);
    if (size < 0.05)
        return QObject::tr("none");
    const QString strength = size < 0.3   ? QObject::tr("weak")
                             : size < 0.6 ? QObject::tr("moderate")
                                          : QObject::tr("strong");
    return rank > 0 ? QObject::tr("%1, same direction").arg(strength)
                    : QObject::tr("%1, opposite direction").arg(strength);
}

ScatterPreview::ScatterPreview(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(220, 180);
    setAccessibleName(tr("Preview of the chosen pair's draws"));
}

void ScatterPreview::setDraws(const QString &xLabel, const QString &yLabel, std::vector<QPointF> points)
{
    m_xLabel = xLabel;
    m_yLabel = yLabel;
    m_points = std::move(points);
    m_message.clear();
    m_bounds = {};
    for (const QPointF &p : m_points)
        m_bounds = m_bounds.isNull() ? QRectF(p, QSizeF(0, 0)) : m_bounds.united(QRectF(p, QSizeF(0, 0)));
    update();
}

void ScatterPreview::setMessage(const QString &message)
{
    m_message = message;
    m_points.clear();
    update();
}

void ScatterPreview::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const QFontMetrics fm = fontMetrics();
    const QRect plot = rect().adjusted(fm.height() + 6, 6, -8, -(2 * fm.height() + 6));
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(plot);
    if (m_points.empty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(plot.adjusted(6, 6, -6, -6), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const QLocale locale;
    const double w = m_bounds.width() > 0 ? m_bounds.width() : 1;
    const double h = m_bounds.height() > 0 ? m_bounds.height() : 1;
    QColor dot = palette().color(QPalette::Highlight);
    dot.setAlpha(90);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dot);
    for (const QPointF &p : m_points) {
        const double x = plot.left() + (p.x() - m_bounds.left()) / w * plot.width();
        const double y = plot.bottom() - (p.y() - m_bounds.top()) / h * plot.height();
        painter.drawEllipse(QPointF(x, y), 1.6, 1.6);
    }
    painter.setPen(palette().color(QPalette::Text));
    // Axis ends and names: enough to read "when one is high the other is high too".
    const int below = plot.bottom() + 2;
    painter.drawText(QRect(plot.left(), below, plot.width(), fm.height()), Qt::AlignLeft,
                     locale.toString(m_bounds.left(), 'g', 3));
    painter.drawText(QRect(plot.left(), below, plot.width(), fm.height()), Qt::AlignRight,
                     locale.toString(m_bounds.right(), 'g', 3));
    painter.drawText(QRect(plot.left(), below + fm.height(), plot.width(), fm.height()), Qt::AlignHCenter,
                     fm.elidedText(m_xLabel, Qt::ElideRight, plot.width()));
    painter.save();
    painter.translate(plot.left() - 4, plot.bottom());
    painter.rotate(-90);
    const QRect vertical(0, -fm.height(), plot.height(), fm.height());
    painter.drawText(vertical, Qt::AlignLeft, locale.toString(m_bounds.top(), 'g', 3));
    painter.drawText(vertical, Qt::AlignRight, locale.toString(m_bounds.bottom(), 'g', 3));
    painter.drawText(
        vertical, Qt::AlignHCenter,
        fm.elidedText(m_yLabel, Qt::ElideRight, plot.height() - 2 * fm.horizontalAdvance("0.00e+0")));
    painter.restore();
}

CorrelationDialog::CorrelationDialog(const Scenario &scenario, const SimulationSettings &settings,
                                     QWidget *parent)
    : QDialog(parent), m_scenario(scenario), m_settings(settings), m_inputs(scenario.uncertainInputs())
{
    setWindowTitle(tr("Correlations between uncertain inputs"));
    const int n = int(m_inputs.size());
    auto *intro = new QLabel(
        tr("Do two inputs tend to be high together (same direction) or one high when the other is low "
           "(opposite direction)? Choose a cell, then set how strongly. Most pairs are best left at "
           "none."),
        this);
    intro->setWordWrap(true);

    m_table = new QTableWidget(n, n, this);
    m_table->setAccessibleName(tr("Correlation matrix"));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    QStringList names;
    for (Param p : m_inputs)
        names << label(p);
    m_table->setHorizontalHeaderLabels(names);
    m_table->setVerticalHeaderLabels(names);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            auto *item = new QTableWidgetItem;
            item->setTextAlignment(Qt::AlignCenter);
            if (r == c)
                item->setFlags(Qt::ItemIsEnabled); // an input with itself: always 1, not a choice
            m_table->setItem(r, c, item);
        }

    m_pairLabel = new QLabel(tr("Choose a cell of the matrix"), this);
    m_pairLabel->setWordWrap(true);
    m_slider = new QSlider(Qt::Horizontal, this);
    m_slider->setRange(-int(MaxRank * SliderScale), int(MaxRank * SliderScale));
    m_slider->setSingleStep(5);
    m_slider->setPageStep(25);
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_slider->setTickInterval(25);
    m_slider->setAccessibleName(tr("Strength of the chosen pair's correlation"));
    m_slider->setToolTip(tr("Left: opposite direction, middle: none, right: same direction"));
    m_number = new QDoubleSpinBox(this);
    m_number->setRange(-MaxRank, MaxRank);
    m_number->setSingleStep(0.05);
    m_number->setDecimals(2);
    m_number->setAccessibleName(tr("Rank correlation of the chosen pair"));
    m_number->setToolTip(tr("Spearman rank correlation, -0.95 to 0.95"));
    m_words = new QLabel(this);
    m_words->setMinimumWidth(fontMetrics().horizontalAdvance(tr("moderate, opposite direction")) + 8);
    auto *ends = new QHBoxLayout;
    auto *left = new QLabel(tr("opposite"), this);
    auto *middle = new QLabel(tr("none"), this);
    auto *right = new QLabel(tr("same"), this);
    middle->setAlignment(Qt::AlignCenter);
    right->setAlignment(Qt::AlignRight);
    ends->addWidget(left);
    ends->addWidget(middle, 1);
    ends->addWidget(right);

    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("correlationProblem"));
    m_problem->setStyleSheet(QStringLiteral("color: #c62828"));
    m_preview = new ScatterPreview(this);

    auto *editor = new QGridLayout;
    editor->addWidget(m_pairLabel, 0, 0, 1, 3);
    editor->addWidget(m_slider, 1, 0);
    editor->addWidget(m_number, 1, 1);
    editor->addLayout(ends, 2, 0);
    editor->addWidget(m_words, 3, 0, 1, 2); // its own line: beside the slider it squeezed the matrix
    m_slider->setMinimumWidth(180);
    editor->setColumnStretch(0, 1);

    auto *side = new QVBoxLayout;
    side->addLayout(editor);
    side->addWidget(m_preview, 1);

    auto *body = new QHBoxLayout;
    body->addWidget(m_table, 3);
    body->addLayout(side, 2);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(body, 1);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_table, &QTableWidget::currentCellChanged, this,
            [this](int row, int column) { onCellChosen(row, column); });
    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        if (!m_updating)
            applyRank(double(position) / SliderScale);
    });
    connect(m_number, &QDoubleSpinBox::valueChanged, this, [this](double rank) {
        if (!m_updating)
            applyRank(rank);
    });

    refresh();
    if (n >= 2)
        m_table->setCurrentCell(1, 0);
    else
        onCellChosen(-1, -1);
    resize(std::max(900, sizeHint().width()), std::max(460, sizeHint().height()));
}

void CorrelationDialog::selectPair(Param a, Param b)
{
    const auto ia = std::find(m_inputs.begin(), m_inputs.end(), a) - m_inputs.begin();
    const auto ib = std::find(m_inputs.begin(), m_inputs.end(), b) - m_inputs.begin();
    if (ia >= std::ssize(m_inputs) || ib >= std::ssize(m_inputs) || ia == ib)
        return;
    m_table->setCurrentCell(int(std::max(ia, ib)), int(std::min(ia, ib)));
}

void CorrelationDialog::setCorrelation(Param a, Param b, double rank)
{
    selectPair(a, b);
    applyRank(rank);
}

QString CorrelationDialog::problem() const
{
    return m_possible ? QString() : m_problem->text();
}

void CorrelationDialog::onCellChosen(int row, int column)
{
    const bool pair = row >= 0 && column >= 0 && row != column;
    m_row = pair ? row : -1;
    m_column = pair ? column : -1;
    m_slider->setEnabled(pair);
    m_number->setEnabled(pair);
    const QSignalBlocker a(m_slider), b(m_number);
    if (!pair) {
        m_pairLabel->setText(tr("Choose a cell of the matrix (not the diagonal)"));
        m_words->clear();
    } else {
        const Param first = m_inputs[std::size_t(row)], second = m_inputs[std::size_t(column)];
        const double rank = m_scenario.correlation(first, second);
        m_pairLabel->setText(
            tr("<b>%1</b> and <b>%2</b>").arg(label(first).toHtmlEscaped(), label(second).toHtmlEscaped()));
        m_slider->setValue(int(std::lround(rank * SliderScale)));
        m_number->setValue(rank);
        m_words->setText(correlationWords(rank));
    }
    refreshPreview();
}

void CorrelationDialog::applyRank(double rank)
{
    if (m_row < 0)
        return;
    rank = std::clamp(std::round(rank * SliderScale) / SliderScale, -MaxRank, MaxRank);
    const Param first = m_inputs[std::size_t(m_column)], second = m_inputs[std::size_t(m_row)];
    auto &list = m_scenario.correlations;
    std::erase_if(list, [&](const RankCorrelation &c) {
        return (c.first == first && c.second == second) || (c.first == second && c.second == first);
    });
    if (rank != 0)
        list.push_back({first, second, rank});
    m_updating = true;
    m_slider->setValue(int(std::lround(rank * SliderScale)));
    m_number->setValue(rank);
    m_updating = false;
    m_words->setText(correlationWords(rank));
    refresh();
    refreshPreview();
}

void CorrelationDialog::refresh()
{
    const CorrelationCheck check = checkCorrelations(m_scenario);
    m_possible = check.positiveDefinite;
    m_marked = check.culprit;
    const QLocale locale;
    const int n = int(m_inputs.size());
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            QTableWidgetItem *item = m_table->item(r, c);
            const Param a = m_inputs[std::size_t(r)], b = m_inputs[std::size_t(c)];
            const double rank = r == c ? 1.0 : m_scenario.correlation(a, b);
            const bool marked = m_marked && ((m_marked->first == a && m_marked->second == b) ||
                                             (m_marked->first == b && m_marked->second == a));
            QString text = r == c ? QStringLiteral("—") : locale.toString(rank, 'f', 2);
            if (r != c && rank != 0) // the words without "direction": cells stay narrow enough to fit
                text += QLatin1Char('\n') + correlationWords(rank).remove(tr(" direction"));
            if (marked)
                text = QStringLiteral("⚠ ") + text;
            item->setText(text);
            item->setData(Qt::UserRole, marked);
            item->setToolTip(r == c ? tr("%1 with itself").arg(label(a))
                                    : tr("%1 and %2: %3").arg(label(a), label(b), correlationWords(rank)));
            // Strength as colour: blue for same direction, orange for opposite; red marks the cell to
            // weaken. Light tints keep the text readable in light and dark palettes alike.
            QColor tint;
            if (marked)
                tint = QColor(239, 154, 154);
            else if (r != c && rank > 0)
                tint = QColor::fromHsvF(0.58f, float(0.15 + 0.5 * std::abs(rank)), 0.97f);
            else if (r != c && rank < 0)
                tint = QColor::fromHsvF(0.08f, float(0.15 + 0.5 * std::abs(rank)), 0.97f);
            item->setBackground(tint.isValid() ? QBrush(tint) : QBrush());
            item->setForeground(tint.isValid() ? QBrush(Qt::black) : QBrush());
        }
    if (m_possible) {
        m_problem->clear();
    } else {
        QStringList names;
        for (Param p : check.inputs)
            names << label(p);
        QString text = tr("These correlations cannot all hold together: %1. Weaken one of them")
                           .arg(names.join(tr(", ")));
        if (m_marked)
            text += tr(" (the marked cell, %1 with %2, is enough)")
                        .arg(label(m_marked->first), label(m_marked->second));
        m_problem->setText(text + QLatin1Char('.'));
    }
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_possible);
    m_table->resizeColumnsToContents();
    m_table->resizeRowsToContents();
    // The whole matrix visible where it fits (up to about five inputs), scrolling beyond.
    int width = m_table->verticalHeader()->width() + 2 * m_table->frameWidth() + 4;
    for (int c = 0; c < n; ++c)
        width += m_table->columnWidth(c);
    m_table->setMinimumWidth(std::min(width, 720));
    // Wider numbers ("-0.90") can widen the matrix while editing: grow rather than overlap.
    if (layout() && width > 0 && this->width() < minimumSizeHint().width())
        resize(minimumSizeHint().width(), height());
}

void CorrelationDialog::refreshPreview()
{
    if (m_row < 0) {
        m_preview->setMessage(tr("Choose a pair to see how its draws spread"));
        return;
    }
    if (!m_possible) {
        m_preview->setMessage(tr("No preview: the correlations are impossible together"));
        return;
    }
    try {
        const InputDraws draws = drawInputs(m_scenario, m_settings, PreviewDraws);
        const std::size_t j = draws.inputs.size();
        const auto xi =
            std::size_t(std::find(draws.inputs.begin(), draws.inputs.end(), m_inputs[std::size_t(m_column)]) -
                        draws.inputs.begin());
        const auto yi =
            std::size_t(std::find(draws.inputs.begin(), draws.inputs.end(), m_inputs[std::size_t(m_row)]) -
                        draws.inputs.begin());
        std::vector<QPointF> points;
        points.reserve(PreviewDraws);
        for (std::size_t path = 0; j > 0 && path * j < draws.values.size(); ++path)
            points.emplace_back(double(draws.values[path * j + xi]), double(draws.values[path * j + yi]));
        m_preview->setDraws(label(m_inputs[std::size_t(m_column)]), label(m_inputs[std::size_t(m_row)]),
                            std::move(points));
    } catch (const std::exception &e) {
        m_preview->setMessage(QString::fromStdString(e.what()));
    }
}

} // namespace jevons::ui
