#include "history_support.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QChart>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFont>
#include <QFontMetricsF>
#include <QGraphicsLineItem>
#include <QGraphicsSimpleTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QLogValueAxis>
#include <QPen>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

namespace jevons::ui {

QString cellText(const data::Table &table, const data::Row &row, std::string_view column)
{
    return QString::fromStdString(table.text(row, column));
}

QString countText(qsizetype n, const QString &singular, const QString &plural)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? singular : plural);
}

bool sameText(const QString &a, const QString &b)
{
    return a.simplified().compare(b.simplified(), Qt::CaseInsensitive) == 0;
}

Provenance rowProvenance(const data::Table &table, const data::Row &row)
{
    Provenance p;
    p.kind = QString::fromUtf8(data::kindName(row.kind).data(), qsizetype(data::kindName(row.kind).size()));
    p.source = cellText(table, row, "source");
    p.asOf = cellText(table, row, "as_of");
    p.confidence = cellText(table, row, "confidence");
    p.note = cellText(table, row, "note");
    p.topicTitle = QString::fromStdString(table.schema->title);
    p.userSupplied = row.userSupplied;
    if (row.userSupplied)
        p.origin = QString::fromStdString(row.origin);
    return p;
}

Provenance combinedProvenance(const data::Table &table, const std::vector<const data::Row *> &rows)
{
    if (rows.size() == 1)
        return rowProvenance(table, *rows.front());
    Provenance p;
    p.topicTitle = QString::fromStdString(table.schema->title);
    QStringList kinds, sources, asOf, origins;
    for (const data::Row *row : rows) {
        const Provenance one = rowProvenance(table, *row);
        if (!kinds.contains(one.kind))
            kinds << one.kind;
        for (const QString &ref : one.source.split(QLatin1Char(';'), Qt::SkipEmptyParts))
            if (!sources.contains(ref))
                sources << ref;
        if (!asOf.contains(one.asOf))
            asOf << one.asOf;
        if (one.userSupplied) {
            p.userSupplied = true;
            if (!origins.contains(one.origin))
                origins << one.origin;
        }
    }
    asOf.sort();
    p.kind = kinds.join(QStringLiteral(", "));
    p.source = sources.join(QLatin1Char(';'));
    p.asOf = asOf.join(QStringLiteral(", "));
    p.origin = origins.join(QStringLiteral(", "));
    return p;
}

QString provenanceHtml(const Provenance &p)
{
    QString html = QStringLiteral("<b>%1</b>").arg(p.label.toHtmlEscaped());
    html += QStringLiteral("<br>%1").arg(p.valueText.toHtmlEscaped());
    if (!p.date.isEmpty())
        html += QObject::tr("<br>Date: %1").arg(p.date.toHtmlEscaped());
    html += QObject::tr("<br>Kind: %1").arg(p.kind.toHtmlEscaped());
    if (!p.confidence.isEmpty())
        html += QObject::tr(" (%1)").arg(p.confidence.toHtmlEscaped());
    QStringList refs = p.source.split(QLatin1Char(';'), Qt::SkipEmptyParts);
    for (QString &ref : refs)
        ref = ref.toHtmlEscaped();
    html += QObject::tr("<br>Source: %1").arg(refs.join(QStringLiteral("<br>&nbsp;&nbsp;")));
    html += QObject::tr("<br>As of: %1").arg(p.asOf.toHtmlEscaped());
    if (p.userSupplied)
        html += QObject::tr("<br><b>User-supplied</b> (imported from %1)").arg(p.origin.toHtmlEscaped());
    if (!p.note.isEmpty()) {
        QString note = p.note;
        if (note.size() > 220)
            note = note.left(217) + QStringLiteral("…");
        html += QObject::tr("<br><i>Note: %1</i>").arg(note.toHtmlEscaped());
    }
    if (!p.detail.isEmpty())
        html += QStringLiteral("<br>") + p.detail;
    return QStringLiteral("<div style='white-space:pre-wrap'>%1</div>").arg(html);
}

QString provenanceText(const Provenance &p)
{
    QStringList lines{p.label, p.valueText};
    if (!p.date.isEmpty())
        lines << QObject::tr("Date: %1").arg(p.date);
    lines << QObject::tr("Kind: %1").arg(p.kind) << QObject::tr("Source: %1").arg(p.source)
          << QObject::tr("As of: %1").arg(p.asOf);
    if (p.userSupplied)
        lines << QObject::tr("User-supplied (imported from %1)").arg(p.origin);
    return lines.join(QLatin1Char('\n'));
}

void SourceCollector::add(const data::Table &table, const data::Row &row)
{
    const Provenance p = rowProvenance(table, row);
    for (const QString &ref : p.source.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const SourceEntry &e) {
            return e.reference == ref && e.topicTitle == p.topicTitle && e.userSupplied == p.userSupplied &&
                   e.origin == p.origin;
        });
        if (it == m_entries.end()) {
            SourceEntry entry;
            entry.reference = ref;
            entry.topicTitle = p.topicTitle;
            entry.userSupplied = p.userSupplied;
            entry.origin = p.origin;
            m_entries.append(entry);
            it = m_entries.end() - 1;
        }
        ++it->rows;
        if (!it->asOf.contains(p.asOf)) {
            it->asOf << p.asOf;
            it->asOf.sort();
        }
        if (!it->kinds.contains(p.kind))
            it->kinds << p.kind;
    }
}

void SourceCollector::add(const data::Table &table, const std::vector<const data::Row *> &rows)
{
    for (const data::Row *row : rows)
        add(table, *row);
}

QStringList SourceCollector::lines() const
{
    QStringList out;
    for (const SourceEntry &e : m_entries) {
        QString line = QStringLiteral("%1 — %2; as of %3; %4 (%5)")
                           .arg(e.reference, e.topicTitle, e.asOf.join(QStringLiteral(", ")),
                                countText(e.rows, QObject::tr("row"), QObject::tr("rows")),
                                e.kinds.join(QStringLiteral(", ")));
        if (e.userSupplied)
            line += QObject::tr("; user-supplied, imported from %1").arg(e.origin);
        out << line;
    }
    return out;
}

QDialog *createSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                             const QString &caption)
{
    auto *dialogPtr = new QDialog(parent);
    QDialog &dialog = *dialogPtr;
    dialog.setObjectName(QStringLiteral("sourcesDialog"));
    dialog.setWindowTitle(QObject::tr("Sources: %1").arg(chartTitle));
    dialog.resize(1000, 460);
    auto *layout = new QVBoxLayout(&dialog);
    auto *intro = new QLabel(caption, &dialog);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(intro);
    auto *tree = new QTreeWidget(&dialog);
    tree->setObjectName(QStringLiteral("sourcesTree"));
    tree->setRootIsDecorated(false);
    tree->setAlternatingRowColors(true);
    tree->setHeaderLabels({QObject::tr("Source"), QObject::tr("Data"), QObject::tr("As of"),
                           QObject::tr("Rows"), QObject::tr("Kind"), QObject::tr("Supplied by")});
    for (const SourceEntry &e : entries) {
        auto *item = new QTreeWidgetItem(tree);
        item->setText(0, e.reference);
        item->setToolTip(0, e.reference);
        item->setText(1, e.topicTitle);
        // Many dates (one price page cited for many models): the span, all of them in the tooltip.
        item->setText(
            2, e.asOf.size() > 3
                   ? QObject::tr("%1 … %2 (%3 dates)").arg(e.asOf.front(), e.asOf.back()).arg(e.asOf.size())
                   : e.asOf.join(QStringLiteral(", ")));
        item->setToolTip(2, e.asOf.join(QStringLiteral(", ")));
        item->setText(3, QString::number(e.rows));
        item->setText(4, e.kinds.join(QStringLiteral(", ")));
        item->setText(5, e.userSupplied ? QObject::tr("you (%1)").arg(e.origin) : QObject::tr("bundled"));
        if (e.userSupplied) {
            QFont font = item->font(0);
            font.setItalic(true);
            for (int c = 0; c < 6; ++c)
                item->setFont(c, font);
        }
    }
    tree->header()->setStretchLastSection(false);
    for (int c = 1; c < 6; ++c)
        tree->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->header()->setMinimumSectionSize(60);
    layout->addWidget(tree, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    tree->setFocus();
    return dialogPtr;
}

void showSourcesDialog(QWidget *parent, const QString &chartTitle, const QList<SourceEntry> &entries,
                       const QString &caption)
{
    std::unique_ptr<QDialog> dialog(createSourcesDialog(parent, chartTitle, entries, caption));
    dialog->exec();
}

double yearToMsecs(double fractionalYear)
{
    const int year = int(std::floor(fractionalYear));
    const QDateTime start(QDate(year, 1, 1), QTime(0, 0));
    const QDateTime end(QDate(year + 1, 1, 1), QTime(0, 0));
    const double span = double(end.toMSecsSinceEpoch() - start.toMSecsSinceEpoch());
    return double(start.toMSecsSinceEpoch()) + (fractionalYear - year) * span;
}

double msecsToYear(double msecs)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(qint64(msecs));
    const int year = t.date().year();
    const double start = yearToMsecs(year);
    const double end = yearToMsecs(year + 1);
    return year + (msecs - start) / (end - start);
}

double dateToMsecs(const data::Date &date)
{
    return yearToMsecs(date.midYear());
}

// ---------------------------------------------------------------------------------------------------------

ChartLabelLayer::ChartLabelLayer(QChart *chart) : QObject(chart), m_chart(chart)
{
    connect(chart, &QChart::plotAreaChanged, this, &ChartLabelLayer::relayout);
}

// The items are children of the chart, which deletes them (as a QGraphicsItem) before its QObject children.
ChartLabelLayer::~ChartLabelLayer() = default;

void ChartLabelLayer::clear()
{
    for (Label &l : m_labels)
        delete l.item;
    for (Range &r : m_ranges)
        delete r.item;
    m_labels.clear();
    m_ranges.clear();
}

void ChartLabelLayer::addLabel(QAbstractSeries *series, const QPointF &value, const QString &text,
                               const QColor &color, bool above, double gap)
{
    m_labels.append({series, value, text, color, above, gap, nullptr});
}

void ChartLabelLayer::addRange(QAbstractSeries *series, double x, double low, double high,
                               const QColor &color)
{
    m_ranges.append({series, x, low, high, color, nullptr});
}

int ChartLabelLayer::visibleLabelCount() const
{
    return int(std::count_if(m_labels.begin(), m_labels.end(),
                             [](const Label &l) { return l.item && l.item->isVisible(); }));
}

void ChartLabelLayer::watchAxes()
{
    for (const QMetaObject::Connection &c : m_axisConnections)
        disconnect(c);
    m_axisConnections.clear();
    // Queued: the chart moves its series after the axis signal, so map positions once it has.
    for (QAbstractAxis *axis : m_chart->axes()) {
        if (auto *value = qobject_cast<QValueAxis *>(axis))
            m_axisConnections << connect(value, &QValueAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
        else if (auto *log = qobject_cast<QLogValueAxis *>(axis))
            m_axisConnections << connect(log, &QLogValueAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
        else if (auto *time = qobject_cast<QDateTimeAxis *>(axis))
            m_axisConnections << connect(time, &QDateTimeAxis::rangeChanged, this, &ChartLabelLayer::relayout,
                                         Qt::QueuedConnection);
    }
}

void ChartLabelLayer::relayout()
{
    const QRectF plot = m_chart->plotArea();
    QFont font = m_chart->font();
    font.setPointSizeF(m_fontPoints);
    const QFontMetricsF metrics(font);
    for (Range &r : m_ranges) {
        if (!r.item) {
            r.item = new QGraphicsLineItem(m_chart);
            r.item->setZValue(490); // above the series, below the crosshair (1000)
        }
        auto *line = static_cast<QGraphicsLineItem *>(r.item);
        QPen pen(r.color);
        pen.setWidthF(2);
        pen.setCapStyle(Qt::FlatCap);
        line->setPen(pen);
        const QPointF a = m_chart->mapToPosition(QPointF(r.x, r.low), r.series);
        const QPointF b = m_chart->mapToPosition(QPointF(r.x, r.high), r.series);
        line->setLine(QLineF(a, b));
        line->setVisible(r.series->isVisible() && plot.contains(QPointF(a.x(), plot.center().y())));
    }
    QList<QRectF> placed;
    for (Label &l : m_labels) {
        if (!l.item) {
            auto *text = new QGraphicsSimpleTextItem(l.text, m_chart);
            text->setZValue(500);
            l.item = text;
        }
        auto *text = static_cast<QGraphicsSimpleTextItem *>(l.item);
        text->setFont(font);
        text->setBrush(l.color);
        const QPointF anchor = m_chart->mapToPosition(l.value, l.series);
        const QSizeF size = metrics.size(Qt::TextSingleLine, l.text);
        const double gap = l.gap;
        const QPointF right(anchor.x() + gap, anchor.y() - size.height() / 2);
        const QPointF left(anchor.x() - gap - size.width(), anchor.y() - size.height() / 2);
        const QPointF top(anchor.x() - size.width() / 2, anchor.y() - 2 - size.height());
        const QPointF bottom(anchor.x() - size.width() / 2, anchor.y() + gap);
        const QList<QPointF> candidates =
            l.above ? QList<QPointF>{top} : QList<QPointF>{right, left, top, bottom};
        bool shown = false;
        if (l.series->isVisible() && plot.contains(anchor)) {
            for (const QPointF &topLeft : candidates) {
                const QRectF rect(topLeft, size);
                if (!plot.contains(rect))
                    continue;
                const bool clash = std::any_of(placed.begin(), placed.end(), [&](const QRectF &other) {
                    return other.adjusted(-2, -1, 2, 1).intersects(rect);
                });
                if (clash)
                    continue;
                text->setPos(topLeft);
                placed << rect;
                shown = true;
                break;
            }
        }
        text->setVisible(shown);
    }
}

} // namespace jevons::ui
