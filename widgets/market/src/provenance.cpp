#include "jevons/market/provenance.h"

#include <QDateTime>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>
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

} // namespace jevons::ui
