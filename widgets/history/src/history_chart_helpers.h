#pragma once
// Small drawing helpers shared by the history charts' sources (not part of the module's interface).

#include "jevons/charts/chart_support.h"
#include "jevons/dataset/dataset.h"
#include "jevons/market/history_selections.h"

#include <QChart>
#include <QColor>
#include <QPen>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QString>

#include <algorithm>
#include <cmath>

namespace jevons::ui::history_detail {

inline QColor withAlpha(QColor color, double alpha)
{
    color.setAlphaF(float(alpha));
    return color;
}

/// A scatter series already added to `chart` (so the theme does not restyle it afterwards).
inline QScatterSeries *addScatter(QChart *chart, const QString &name, const QColor &color, bool hollow,
                                  double size,
                                  QScatterSeries::MarkerShape shape = QScatterSeries::MarkerShapeCircle)
{
    auto *series = new QScatterSeries;
    series->setName(name);
    chart->addSeries(series);
    series->setMarkerShape(shape);
    series->setMarkerSize(size);
    if (hollow) {
        series->setBrush(Qt::NoBrush);
        QPen pen(color);
        pen.setWidthF(2);
        series->setPen(pen);
    } else {
        series->setBrush(color);
        QPen pen(color.darker(125));
        pen.setWidthF(1);
        series->setPen(pen);
    }
    return series;
}

inline QString yearText(const data::Date &d)
{
    return QString::number(d.year);
}

/// The tallest category of a bar selection (0 when there is none).
inline double maxCategoryTotal(const BarSelection &selection)
{
    double top = 0;
    for (double total : selection.categoryTotals)
        top = std::max(top, total);
    return top;
}

/// The CSV of a bar selection: its header, then a line per category (an empty field where a series has
/// no value).
inline QString barSelectionCsv(const BarSelection &selection)
{
    QString out = csvLine(selection.csvHeader + selection.csvTextHeader);
    for (std::size_t i = 0; i < selection.csvRows.size(); ++i) {
        const auto &[label, values] = selection.csvRows[i];
        QStringList row{label};
        for (double v : values)
            row << (std::isnan(v) ? QString() : csvNumber(v));
        if (i < selection.csvTextRows.size())
            row << selection.csvTextRows[i];
        out += csvLine(row);
    }
    return out;
}

/// "Q1<br>24" (two lines: quarter, fiscal year) from "FY2024-Q1"; other labels unchanged.
inline QString shortFiscalQuarter(const QString &label)
{
    static const QRegularExpression Fiscal(QStringLiteral("^FY(\\d{2})(\\d{2})-Q([1-4])$"),
                                           QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = Fiscal.match(label.trimmed());
    if (!m.hasMatch())
        return label;
    return QStringLiteral("Q%1<br>%2").arg(m.captured(3), m.captured(2));
}

} // namespace jevons::ui::history_detail
