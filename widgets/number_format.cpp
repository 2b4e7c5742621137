#include "number_format.h"

#include <QDate>
#include <QLocale>

#include <QHash>

#include <algorithm>
#include <cmath>

namespace jevons::ui {

namespace {
bool isMoney(const QString &unit)
{
    return unit.startsWith(QLatin1String("USD"));
}
bool isRatio(const QString &unit)
{
    return unit == QLatin1String("ratio") || unit.isEmpty();
}

QString trimmedNumber(double value, int significant)
{
    // %g would switch to exponent form for tiny values; fixed decimals keep "0.0123" readable.
    const double magnitude = value == 0 ? 0 : std::floor(std::log10(std::abs(value)));
    const int decimals = std::clamp(significant - 1 - int(magnitude), 0, 6);
    QString text = QString::number(value, 'f', decimals);
    if (text.contains(QLatin1Char('.'))) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
    }
    return text == QLatin1String("-0") ? QStringLiteral("0") : text;
}
} // namespace

QString formatCompact(double value, int significant)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    static const struct {
        double divisor;
        const char *suffix;
    } Steps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    const double magnitude = std::abs(value);
    for (const auto &step : Steps) {
        // 999.6k would print as "1000k": move to the next suffix a little early.
        if (magnitude >= step.divisor * 0.9995)
            return trimmedNumber(value / step.divisor, significant) + QLatin1String(step.suffix);
    }
    if (magnitude >= 1e15)
        return QString::number(value, 'e', significant - 1);
    return trimmedNumber(value, significant);
}

QString formatWithUnit(double value, const QString &unit, int significant)
{
    if (isMoney(unit)) {
        const QString sign = value < 0 ? QStringLiteral("−") : QString();
        QString rest = unit.mid(3).trimmed();
        QString text = sign + QLatin1Char('$') + formatCompact(std::abs(value), significant);
        if (!rest.isEmpty())
            text += QLatin1Char(' ') + rest;
        return text;
    }
    if (isRatio(unit))
        return formatCompact(value, significant);
    return formatCompact(value, significant) + QLatin1Char(' ') + shortUnit(unit);
}

QString shortUnit(const QString &unit)
{
    static const QHash<QString, QString> Short = {
        {QStringLiteral("million H100e"), QStringLiteral("M H100e")},
        {QStringLiteral("million H100e / month"), QStringLiteral("M H100e/mo")},
        {QStringLiteral("USD per million tokens"), QStringLiteral("$/Mtok")},
        {QStringLiteral("USD per H100e-hour"), QStringLiteral("$/h")},
        {QStringLiteral("USD"), QStringLiteral("$")},
        {QStringLiteral("x/yr"), QStringLiteral("×/yr")},
        {QStringLiteral("x"), QStringLiteral("×")},
        {QStringLiteral("events/yr"), QStringLiteral("/yr")},
        {QStringLiteral("1/yr"), QStringLiteral("/yr")},
        {QStringLiteral("months (integer)"), QStringLiteral("mo")},
        {QStringLiteral("months"), QStringLiteral("mo")},
        {QStringLiteral("years"), QStringLiteral("yr")},
        {QStringLiteral("ratio"), QString()},
    };
    return Short.value(unit, unit);
}

AxisScale chooseAxisScale(double maxAbsValue)
{
    if (!std::isfinite(maxAbsValue))
        return {};
    if (maxAbsValue >= 1e12)
        return {1e12, QStringLiteral("T")};
    if (maxAbsValue >= 1e9)
        return {1e9, QStringLiteral("B")};
    if (maxAbsValue >= 1e6)
        return {1e6, QStringLiteral("M")};
    if (maxAbsValue >= 1e4) // 1,000..9,999 reads fine as is
        return {1e3, QStringLiteral("k")};
    return {};
}

QString axisTitle(const QString &quantity, const QString &unit, const AxisScale &scale)
{
    QString unitText;
    if (isMoney(unit)) {
        QString rest = unit.mid(3).trimmed(); // "per million tokens", "per H100e-hour"
        unitText = QLatin1Char('$') + scale.prefix;
        if (rest.startsWith(QLatin1String("per ")))
            unitText += QLatin1String(" / ") + rest.mid(4);
        else if (!rest.isEmpty())
            unitText += QLatin1Char(' ') + rest;
    } else if (isRatio(unit)) {
        unitText = scale.prefix.isEmpty() ? QStringLiteral("ratio") : scale.prefix;
    } else {
        unitText = scale.prefix.isEmpty() ? unit : scale.prefix + QLatin1Char(' ') + unit;
    }
    return QStringLiteral("%1 (%2)").arg(quantity, unitText);
}

QString monthName(const Scenario &scenario, int step)
{
    const int index = scenario.startYear * 12 + (scenario.startMonth - 1) + step;
    const QDate date(index / 12, index % 12 + 1, 1);
    return QLocale::c().toString(date, QStringLiteral("MMM yyyy"));
}

QString stepOffset(int step)
{
    return QStringLiteral("+%1 mo").arg(step);
}

} // namespace jevons::ui
