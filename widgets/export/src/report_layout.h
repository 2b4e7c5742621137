#pragma once
// The PDF report's page layout: pages with a footer, headings, paragraphs and tables that break across
// pages, on any paged device (the PDF writer, or a printer). The report's sections (export_report.cpp)
// are written with these.

#include <QColor>
#include <QFont>
#include <QList>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QRectF>
#include <QString>
#include <QStringList>
#include <QTextLayout>

#include <memory>

namespace jevons::ui::report_detail {

inline const QColor Ink(0x20, 0x20, 0x20);
inline const QColor Muted(0x60, 0x60, 0x60);
inline const QColor Rule(0xC8, 0xC8, 0xC8);
inline const QColor HeaderFill(0xEC, 0xEF, 0xF3);
inline const QColor StripeFill(0xF8, 0xF9, 0xFA);
inline const QColor HighlightFill(0xFF, 0xEF, 0xB0);
inline const QColor Accent(0x00, 0x72, 0xB2);

/// The application font at a point size (the report's text scales with it).
QFont reportFont(qreal points, bool bold = false);

/// A table to paint: column titles, relative widths, alignment, rows, and rows to highlight.
struct Table {
    QStringList headers;
    QList<qreal> widths; ///< fractions of the text width, summing to 1
    QList<bool> rightAligned;
    QList<QStringList> rows;
    QList<bool> highlight;
};

/// The page being written and where the next block goes.
struct ReportLayout {
    QPagedPaintDevice *device = nullptr; ///< where the pages go: the PDF writer, or the caller's printer
    QPainter painter;
    QRectF page;    ///< whole page, device units (pixels at layoutDpi())
    QRectF content; ///< inside the margins, above the footer
    qreal y = 0;
    int pages = 0;
    QString footerText;

    qreal mm(qreal millimetres) const;
    /// Text laid out for `width` on the device; long words (URLs) break anywhere.
    struct Text {
        std::shared_ptr<QTextLayout> layout;
        qreal height = 0;
    };
    Text layoutText(const QString &text, const QFont &font, qreal width, Qt::Alignment align = Qt::AlignLeft);
    void drawText(const Text &t, const QPointF &at, const QColor &colour);
    /// A new page with its footer (scenario, run, version, page number).
    void startPage();
    /// Starts a new page unless `height` still fits on this one.
    void ensure(qreal height);
    void heading(const QString &text, int level, qreal keepWithNext = 0);
    void paragraph(const QString &text, qreal points = 9, const QColor &colour = Ink, bool bold = false);
    /// A table whose header repeats on every page it runs onto.
    void table(const Table &table, qreal points = 8);
};

} // namespace jevons::ui::report_detail
