#include "report_layout.h"

#include "jevons/export/export_figure.h"

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPen>
#include <QTextOption>

#include <algorithm>
#include <vector>

namespace jevons::ui::report_detail {

QFont reportFont(qreal points, bool bold)
{
    QFont font = QGuiApplication::font();
    font.setPointSizeF(points);
    font.setBold(bold);
    return font;
}

qreal ReportLayout::mm(qreal millimetres) const
{
    return millimetres * layoutDpi() / 25.4;
}

ReportLayout::Text ReportLayout::layoutText(const QString &text, const QFont &font, qreal width,
                                            Qt::Alignment align)
{
    Text t;
    t.layout = std::make_shared<QTextLayout>(text, font, device);
    QTextOption option(align);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    t.layout->setTextOption(option);
    t.layout->beginLayout();
    qreal h = 0;
    const qreal leading = QFontMetricsF(font, device).leading();
    for (;;) {
        QTextLine line = t.layout->createLine();
        if (!line.isValid())
            break;
        line.setLineWidth(width);
        line.setPosition(QPointF(0, h));
        h += line.height() + leading;
    }
    t.layout->endLayout();
    t.height = h;
    return t;
}

void ReportLayout::drawText(const Text &t, const QPointF &at, const QColor &colour)
{
    painter.setPen(colour);
    t.layout->draw(&painter, at);
}

void ReportLayout::startPage()
{
    if (pages > 0)
        device->newPage();
    ++pages;
    y = content.top();
    // Every page says what it is from: scenario, run and version, and its number.
    const QFont font = reportFont(7);
    painter.setFont(font);
    painter.setPen(QPen(Rule, 0.8));
    const qreal lineY = content.bottom() + mm(5);
    painter.drawLine(QPointF(content.left(), lineY), QPointF(content.right(), lineY));
    painter.setPen(Muted);
    const QRectF footer(content.left(), lineY + mm(1.2), content.width(), mm(5));
    painter.drawText(
        footer, Qt::AlignLeft | Qt::AlignTop,
        QFontMetricsF(font, device).elidedText(footerText, Qt::ElideRight, footer.width() - mm(20)));
    painter.drawText(footer, Qt::AlignRight | Qt::AlignTop, QObject::tr("page %1").arg(pages));
}

void ReportLayout::ensure(qreal height)
{
    if (y + height > content.bottom() && y > content.top())
        startPage();
}

void ReportLayout::heading(const QString &text, int level, qreal keepWithNext)
{
    const QFont font = reportFont(level == 1 ? 16 : 11, true);
    const Text t = layoutText(text, font, content.width());
    const qreal before = level == 1 ? 0 : mm(3);
    ensure(before + t.height + keepWithNext);
    if (y > content.top())
        y += before;
    drawText(t, QPointF(content.left(), y), level == 1 ? Accent : Ink);
    y += t.height;
    if (level == 1) {
        painter.setPen(QPen(Accent, 1.2));
        painter.drawLine(QPointF(content.left(), y + mm(1)), QPointF(content.right(), y + mm(1)));
        y += mm(4);
    } else {
        y += mm(1.2);
    }
}

void ReportLayout::paragraph(const QString &text, qreal points, const QColor &colour, bool bold)
{
    const Text t = layoutText(text, reportFont(points, bold), content.width());
    ensure(t.height);
    drawText(t, QPointF(content.left(), y), colour);
    y += t.height + mm(1.5);
}

void ReportLayout::table(const Table &table, qreal points)
{
    const QFont font = reportFont(points);
    const QFont bold = reportFont(points, true);
    const qreal padX = mm(1.2), padY = mm(0.7);
    std::vector<qreal> widths;
    for (qreal w : table.widths)
        widths.push_back(w * content.width());

    auto layoutRow = [&](const QStringList &cells, const QFont &f, qreal *height) {
        std::vector<Text> texts;
        qreal h = 0;
        for (int c = 0; c < int(widths.size()); ++c) {
            const Qt::Alignment align = table.rightAligned.value(c) ? Qt::AlignRight : Qt::AlignLeft;
            texts.push_back(layoutText(cells.value(c), f, widths[std::size_t(c)] - 2 * padX, align));
            h = std::max(h, texts.back().height);
        }
        *height = h + 2 * padY;
        return texts;
    };
    auto paintRow = [&](const std::vector<Text> &texts, qreal height, const QColor &fill, bool line) {
        if (fill.isValid())
            painter.fillRect(QRectF(content.left(), y, content.width(), height), fill);
        qreal x = content.left();
        for (std::size_t c = 0; c < texts.size(); ++c) {
            drawText(texts[c], QPointF(x + padX, y + padY), Ink);
            x += widths[c];
        }
        y += height;
        if (line) {
            painter.setPen(QPen(Rule, 0.5));
            painter.drawLine(QPointF(content.left(), y), QPointF(content.right(), y));
        }
    };

    qreal headerHeight = 0;
    const std::vector<Text> header = layoutRow(table.headers, bold, &headerHeight);
    auto paintHeader = [&] { paintRow(header, headerHeight, HeaderFill, true); };
    // Keep the header with at least one row.
    qreal firstRow = 0;
    if (!table.rows.isEmpty())
        layoutRow(table.rows.first(), font, &firstRow);
    ensure(headerHeight + firstRow);
    paintHeader();
    for (int r = 0; r < table.rows.size(); ++r) {
        const bool highlighted = table.highlight.value(r);
        qreal height = 0;
        const std::vector<Text> texts = layoutRow(table.rows[r], highlighted ? bold : font, &height);
        if (y + height > content.bottom()) {
            startPage();
            paintHeader();
        }
        paintRow(texts, height, highlighted ? HighlightFill : (r % 2 ? StripeFill : QColor()), false);
    }
    painter.setPen(QPen(Rule, 0.8));
    painter.drawLine(QPointF(content.left(), y), QPointF(content.right(), y));
    y += mm(3);
}

} // namespace jevons::ui::report_detail
