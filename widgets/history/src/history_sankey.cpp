#include "jevons/history/history_sankey.h"
#include "jevons/charts/theme.h"

#include "jevons/charts/chart_support.h"
#include "jevons/market/data_store.h"
#include "jevons/market/number_format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QResizeEvent>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace jevons::ui {

namespace {
using Role = MoneyFlowNode::Role;

QColor roleColor(Role role, const ChartPalette &palette)
{
    switch (role) {
    case Role::Investor:
    case Role::Lab:
        return palette.series(0);
    case Role::Hyperscaler:
    case Role::Suppliers:
        return palette.series(1);
    case Role::Customers:
    case Role::ChipVendor:
        return palette.series(2);
    }
    return palette.muted;
}
} // namespace

// ---------------------------------------------------------------------------------------------------------

namespace {
/// The drawing surface: paints the diagram and shows a tooltip for the flow or node under the mouse.
class SankeyCanvas : public QWidget {
public:
    explicit SankeyCanvas(MoneyFlowSankey *owner) : QWidget(owner), m_owner(owner)
    {
        setMouseTracking(true);
        setMinimumSize(420, 300);
        setFocusPolicy(Qt::StrongFocus);
        setAccessibleName(owner->title());
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QWidget::resizeEvent(event);
        if (event->size().width() != event->oldSize().width())
            m_owner->updateCanvasHeight();
    }
    void paintEvent(QPaintEvent *) override
    {
        QPainter painter(this);
        painter.setRenderHint(QPainter::Antialiasing);
        m_owner->paintDiagram(&painter, rect());
    }
    void mouseMoveEvent(QMouseEvent *event) override
    {
        const QString html = m_owner->tooltipAt(rect(), event->position());
        if (html.isEmpty()) {
            QToolTip::hideText();
            setToolTip(QString());
        } else {
            setToolTip(html); // kept while the mouse rests, replaced when it moves to another flow
            QToolTip::showText(event->globalPosition().toPoint(), html, this);
        }
        QWidget::mouseMoveEvent(event);
    }

private:
    MoneyFlowSankey *m_owner;
};
} // namespace

namespace {
/// `text` broken at spaces into lines no wider than `width` (a word wider than that alone is elided).
QStringList wrapWords(const QFontMetricsF &metrics, const QString &text, double width)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + QLatin1Char(' ') + word;
        if (line.isEmpty() || metrics.horizontalAdvance(longer) <= width) {
            line = longer;
        } else {
            lines << line;
            line = word;
        }
    }
    if (!line.isEmpty())
        lines << line;
    for (QString &l : lines)
        l = metrics.elidedText(l, Qt::ElideRight, width);
    return lines;
}

QFont noteFont()
{
    QFont font;
    return scaledFont(7.5, font);
}
} // namespace

MoneyFlowSankey::MoneyFlowSankey(DataStore *store, QWidget *parent) : HistoryChart(store, parent)
{
    setObjectName(chartId());
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(6, 2, 6, 0);
    auto *label = new QLabel(tr("&Year:"), this);
    m_yearBox = new QComboBox(this);
    m_yearBox->setObjectName(QStringLiteral("yearBox"));
    m_yearBox->setAccessibleName(tr("Year of the money flows"));
    label->setBuddy(m_yearBox);
    connect(m_yearBox, &QComboBox::currentIndexChanged, this,
            [this] { setYear(m_yearBox->currentData().toInt()); });
    toolbar->addWidget(label);
    toolbar->addWidget(m_yearBox);
    toolbar->addWidget(createSourcesButton());
    toolbar->addStretch(1);
    layout->addLayout(toolbar);
    m_canvas = new SankeyCanvas(this);
    layout->addWidget(m_canvas, 1);
    dataChanged();
}

void MoneyFlowSankey::dataChanged()
{
    m_years = moneyFlowYears(m_store->dataset());
    const int previous = m_year;
    const QSignalBlocker block(m_yearBox);
    m_yearBox->clear();
    for (int year : m_years)
        m_yearBox->addItem(QString::number(year), year);
    m_year = m_years.contains(previous) ? previous : defaultMoneyFlowYear(m_store->dataset());
    m_yearBox->setCurrentIndex(std::max(0, int(m_yearBox->findData(m_year))));
}

void MoneyFlowSankey::setYear(int year)
{
    if (m_year == year)
        return;
    m_year = year;
    const QSignalBlocker block(m_yearBox);
    m_yearBox->setCurrentIndex(std::max(0, int(m_yearBox->findData(year))));
    markDirty();
}

const MoneyFlowModel &MoneyFlowSankey::model() const
{
    const_cast<MoneyFlowSankey *>(this)->ensureUpToDate();
    return m_model;
}

void MoneyFlowSankey::redraw()
{
    resetChart();
    m_model = buildMoneyFlows(m_store->dataset(), m_year);
    for (const MoneyFlow &f : m_model.flows) {
        addPlotted(f.provenance);
        m_sources.add(*f.table, *f.row);
    }
    m_caption = m_model.caption;
    m_csv = csvLine(m_model.csvHeader);
    for (const MoneyFlow &f : m_model.flows)
        m_csv += csvLine({QString::number(m_year), m_model.nodes[f.from].name, m_model.nodes[f.to].name,
                          csvNumber(f.usd), f.provenance.label, f.provenance.kind, f.provenance.date,
                          f.provenance.source, f.userSupplied ? QStringLiteral("1") : QStringLiteral("0")});
    if (m_canvas) {
        updateCanvasHeight();
        m_canvas->update();
    }
}

void MoneyFlowSankey::updateCanvasHeight()
{
    // The minimum height depends only on the width (label wrapping), so this settles at once.
    const double width = std::max(420, m_canvas->width());
    const double needed = layout(QRectF(0, 0, width, 300)).neededHeight;
    m_canvas->setMinimumHeight(std::max(300, int(std::ceil(needed))));
}

QStringList MoneyFlowSankey::noteLines(double width) const
{
    const QFontMetricsF metrics(noteFont());
    QStringList lines;
    QStringList notes = m_model.notes;
    notes.prepend(tr("Dashed: guidance. Hatched: user-supplied. Hover a band for its row and source."));
    for (const QString &note : notes)
        lines << wrapWords(metrics, note, width);
    return lines;
}

QRectF MoneyFlowSankey::diagramArea(const QRectF &area) const
{
    // Title above, notes below (wrapped, one 15-pixel line each).
    return area.adjusted(8, 34, -8, -16 - 15.0 * double(noteLines(area.width() - 16).size()));
}

MoneyFlowSankey::Geometry MoneyFlowSankey::layout(const QRectF &area) const
{
    Geometry g;
    const QRectF plot = diagramArea(area);
    g.plot = plot;
    const int n = int(m_model.nodes.size());
    g.nodes.resize(n);
    g.nodeNames.resize(n);
    g.nodeLabels.resize(n);
    g.flows.resize(m_model.flows.size());
    if (n == 0 || plot.height() < 40 || plot.width() < 120)
        return g;
    QFont font;
    font = scaledFont(8.5, font);
    const QFontMetricsF metrics(font);
    const double lineHeight = metrics.height();
    // Each column gets the room of its widest name or amount, up to a third of the width; longer names wrap
    // at words instead of being cut.
    double labelWidth[2] = {0, 0};
    QList<int> columns[2];
    for (int i = 0; i < n; ++i) {
        const MoneyFlowNode &node = m_model.nodes[i];
        columns[node.column] << i;
        labelWidth[node.column] =
            std::max({labelWidth[node.column], metrics.horizontalAdvance(node.name),
                      metrics.horizontalAdvance(formatWithUnit(node.usd, QStringLiteral("USD")))});
    }
    for (double &w : labelWidth)
        w = std::min(w + 8, plot.width() * 0.34);
    std::vector<double> labelHeight(std::size_t(n), 0);
    for (int i = 0; i < n; ++i) {
        g.nodeNames[i] = wrapWords(metrics, m_model.nodes[i].name, labelWidth[m_model.nodes[i].column] - 8);
        labelHeight[std::size_t(i)] =
            lineHeight * double(g.nodeNames[i].size() + 1) + 2; // name lines, amount
    }
    // Biggest first within each role, roles in a fixed order: fewer crossings.
    for (QList<int> &column : columns)
        std::stable_sort(column.begin(), column.end(), [&](int a, int b) {
            const MoneyFlowNode &na = m_model.nodes[a], &nb = m_model.nodes[b];
            if (na.role != nb.role)
                return int(na.role) < int(nb.role);
            return na.usd > nb.usd;
        });
    const double nodeWidth = 12;
    const double x0 = plot.left() + labelWidth[0];
    const double x1 = plot.right() - labelWidth[1] - nodeWidth;
    // One scale (pixels per USD) for both columns; a node takes at least the height of its label.
    const double gap = 6;
    double labelsHeight = 0; // the taller column of labels alone
    for (const QList<int> &column : columns) {
        double h = 0;
        for (int i : column)
            h += labelHeight[std::size_t(i)] + gap;
        labelsHeight = std::max(labelsHeight, h - gap);
    }
    g.neededHeight = area.height() - plot.height() + labelsHeight + 2 * gap;
    double scale = HUGE_VAL;
    for (const QList<int> &column : columns) {
        if (column.isEmpty())
            continue;
        const double available = plot.height() - gap * double(column.size() - 1);
        double s = 0;
        double total = 0;
        for (int i : column)
            total += m_model.nodes[i].usd;
        s = available / total;
        for (int iteration = 0; iteration < 8; ++iteration) {
            double fixed = 0, variable = 0;
            for (int i : column) {
                if (m_model.nodes[i].usd * s < labelHeight[std::size_t(i)])
                    fixed += labelHeight[std::size_t(i)];
                else
                    variable += m_model.nodes[i].usd;
            }
            if (variable <= 0 || available - fixed <= 0)
                break;
            s = (available - fixed) / variable;
        }
        scale = std::min(scale, s);
    }
    if (!std::isfinite(scale) || scale <= 0)
        scale = 1e-12; // no room: nodes at their labels' height (the canvas asks for neededHeight)
    for (int c = 0; c < 2; ++c) {
        double height = 0;
        for (int i : columns[c])
            height += std::max(m_model.nodes[i].usd * scale, labelHeight[std::size_t(i)]) + gap;
        height -= gap;
        double y = plot.top() + std::max(0.0, (plot.height() - height) / 2);
        for (int i : columns[c]) {
            const double slot = std::max(m_model.nodes[i].usd * scale, labelHeight[std::size_t(i)]);
            const double h = std::max(m_model.nodes[i].usd * scale, 1.5);
            g.nodes[i] = QRectF(c == 0 ? x0 : x1, y + (slot - h) / 2, nodeWidth, h);
            const double labelTop = g.nodes[i].center().y() - (labelHeight[std::size_t(i)] - 2) / 2;
            const QRectF nodeRect = g.nodes[i];
            g.nodeLabels[i] =
                c == 0 ? QRectF(plot.left(), labelTop, nodeRect.left() - 6 - plot.left(),
                                labelHeight[std::size_t(i)] - 2)
                       : QRectF(nodeRect.right() + 6, labelTop, plot.right() - nodeRect.right() - 6,
                                labelHeight[std::size_t(i)] - 2);
            y += slot + gap;
        }
    }
    // Bands: leave each source in the order of their targets, arrive in the order of their sources.
    QList<int> order(m_model.flows.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<double> outOffset(std::size_t(n), 0), inOffset(std::size_t(n), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return g.nodes[m_model.flows[a].to].top() < g.nodes[m_model.flows[b].to].top();
    });
    std::vector<double> top0(std::size_t(m_model.flows.size())), top1(std::size_t(m_model.flows.size()));
    for (int f : order) {
        const MoneyFlow &flow = m_model.flows[f];
        top0[std::size_t(f)] = g.nodes[flow.from].top() + outOffset[std::size_t(flow.from)];
        outOffset[std::size_t(flow.from)] += flow.usd * scale;
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        return g.nodes[m_model.flows[a].from].top() < g.nodes[m_model.flows[b].from].top();
    });
    for (int f : order) {
        const MoneyFlow &flow = m_model.flows[f];
        top1[std::size_t(f)] = g.nodes[flow.to].top() + inOffset[std::size_t(flow.to)];
        inOffset[std::size_t(flow.to)] += flow.usd * scale;
    }
    for (int f = 0; f < m_model.flows.size(); ++f) {
        const MoneyFlow &flow = m_model.flows[f];
        const double h = std::max(flow.usd * scale, 1.0);
        const double xa = g.nodes[flow.from].right();
        const double xb = g.nodes[flow.to].left();
        const double ya = top0[std::size_t(f)], yb = top1[std::size_t(f)];
        const double mid = (xa + xb) / 2;
        QPainterPath path(QPointF(xa, ya));
        path.cubicTo(QPointF(mid, ya), QPointF(mid, yb), QPointF(xb, yb));
        path.lineTo(xb, yb + h);
        path.cubicTo(QPointF(mid, yb + h), QPointF(mid, ya + h), QPointF(xa, ya + h));
        path.closeSubpath();
        g.flows[f] = path;
    }
    return g;
}

void MoneyFlowSankey::paintDiagram(QPainter *painter, const QRectF &area) const
{
    const_cast<MoneyFlowSankey *>(this)->ensureUpToDate();
    painter->save();
    painter->fillRect(area, m_palette.background);
    QFont titleFont;
    titleFont = scaledFont(10, titleFont);
    titleFont.setBold(true);
    painter->setFont(titleFont);
    painter->setPen(m_palette.ink);
    painter->drawText(QRectF(area.left(), area.top() + 4, area.width(), 24),
                      Qt::AlignHCenter | Qt::AlignVCenter, tr("Money flows in %1 (USD)").arg(m_year));
    QFont font;
    font = scaledFont(8.5, font);
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    if (m_model.flows.isEmpty()) {
        painter->setPen(m_palette.muted);
        painter->drawText(area, Qt::AlignCenter, tr("No flows in the dataset for %1").arg(m_year));
        painter->restore();
        return;
    }
    const Geometry g = layout(area);
    for (int f = 0; f < m_model.flows.size(); ++f) {
        const MoneyFlow &flow = m_model.flows[f];
        const QColor base = roleColor(m_model.nodes[flow.from].role, m_palette);
        QColor fill = base;
        fill.setAlphaF(flow.guidance ? 0.18f : 0.38f);
        painter->setPen(Qt::NoPen);
        painter->setBrush(fill);
        painter->drawPath(g.flows[f]);
        if (flow.userSupplied || flow.guidance) {
            painter->setBrush(QBrush(base, flow.userSupplied ? Qt::BDiagPattern : Qt::NoBrush));
            QPen edge(base, 1.2, flow.guidance ? Qt::DashLine : Qt::SolidLine);
            painter->setPen(edge);
            painter->drawPath(g.flows[f]);
        }
    }
    for (int i = 0; i < m_model.nodes.size(); ++i) {
        const MoneyFlowNode &node = m_model.nodes[i];
        const QRectF r = g.nodes[i];
        painter->setPen(Qt::NoPen);
        painter->setBrush(roleColor(node.role, m_palette).darker(m_palette.dark ? 80 : 120));
        painter->drawRect(r);
        painter->setPen(m_palette.ink);
        const QString amount = formatWithUnit(node.usd, QStringLiteral("USD"));
        const double lineHeight = metrics.height();
        const Qt::Alignment align = (node.column == 0 ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter;
        QRectF line = g.nodeLabels[i];
        line.setHeight(lineHeight);
        for (const QString &part : g.nodeNames[i]) {
            painter->drawText(line, align, part);
            line.translate(0, lineHeight);
        }
        painter->setPen(m_palette.muted);
        painter->drawText(line, align, amount);
    }
    // Notes under the diagram.
    painter->setPen(m_palette.muted);
    painter->setFont(noteFont());
    double y = g.plot.bottom() + 10;
    for (const QString &line : noteLines(area.width() - 16)) {
        painter->drawText(QRectF(area.left() + 8, y, area.width() - 16, 15), Qt::AlignLeft | Qt::AlignVCenter,
                          line);
        y += 15;
    }
    painter->restore();
}

QString MoneyFlowSankey::tooltipAt(const QRectF &area, const QPointF &pos) const
{
    const Geometry g = layout(area);
    for (int i = 0; i < g.nodes.size(); ++i) {
        if (g.nodes[i].adjusted(-2, -2, 2, 2).contains(pos)) {
            const MoneyFlowNode &node = m_model.nodes[i];
            return QStringLiteral("<b>%1</b><br>%2 %3")
                .arg(node.name.toHtmlEscaped(), formatWithUnit(node.usd, QStringLiteral("USD")),
                     node.column == 0 ? tr("out") : tr("in"));
        }
    }
    // Topmost (last drawn) first.
    for (int f = int(g.flows.size()) - 1; f >= 0; --f)
        if (g.flows[f].contains(pos))
            return provenanceHtml(m_model.flows[f].provenance);
    return {};
}

void MoneyFlowSankey::renderTo(QPainter *painter, const QRectF &target)
{
    ensureUpToDate();
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(target);
    paintDiagram(painter, target);
    painter->restore();
}

} // namespace jevons::ui
