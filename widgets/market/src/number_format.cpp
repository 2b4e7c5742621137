#include "jevons/market/number_format.h"

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
    // The window shows numbers as the user's locale writes them ("1,23M" on a German desktop); below 1000
    // no group separator can appear, and files never go through here.
    const QLocale locale;
    QString text = locale.toString(value, 'f', decimals);
    const QString point = locale.decimalPoint();
    if (text.contains(point)) {
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(point))
            text.chop(point.size());
    }
    return text == locale.negativeSign() + QLatin1Char('0') ? locale.toString(0) : text;
}
} // namespace

QString formatCompact(double value, int significant)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const double magnitude = std::abs(value);
    if (magnitude >= 1e15) // beyond T: scientific reads better than "5000T"
        return QLocale().toString(value, 'g', significant).replace(QLatin1String("e+"), QLatin1String("e"));
    static const struct {
        double divisor;
        const char *suffix;
    } Steps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    for (const auto &step : Steps) {
        // 999.6k would print as "1000k": move to the next suffix a little early.
        if (magnitude >= step.divisor * 0.9995)
            return trimmedNumber(value / step.divisor, significant) + QLatin1String(step.suffix);
    }
    return trimmedNumber(value, significant);
}

namespace {
/// "USD / million tokens" and "USD per million tokens" -> "million tokens"; "" for plain "USD".
QString moneyDenominator(const QString &unit)
{
    QString rest = unit.mid(3).trimmed();
    if (rest.startsWith(QLatin1String("per ")))
        return rest.mid(4);
    if (rest.startsWith(QLatin1String("/ ")))
        return rest.mid(2);
    return rest;
}

QString shortDenominator(const QString &denominator)
{
    static const QHash<QString, QString> Short = {
        {QStringLiteral("H100e-hour"), QStringLiteral("h")},
        {QStringLiteral("million tokens"), QStringLiteral("Mtok")},
        {QStringLiteral("month"), QStringLiteral("mo")},
        {QStringLiteral("year"), QStringLiteral("yr")},
    };
    return Short.value(denominator, denominator);
}
} // namespace

QString formatWithUnit(double value, const QString &unit, int significant)
{
    if (isMoney(unit)) {
        const QString sign = value < 0 ? QStringLiteral("−") : QString();
        const QString denominator = moneyDenominator(unit);
        QString text = sign + QLatin1Char('$') + formatCompact(std::abs(value), significant);
        if (!denominator.isEmpty())
            text += QLatin1Char('/') + shortDenominator(denominator);
        return text;
    }
    if (isRatio(unit))
        return formatCompact(value, significant);
    return formatCompact(value, significant) + QLatin1Char(' ') + shortUnit(unit);
}

namespace {
QString figures(double value, int significant)
{
    const QLocale locale;
    if (value == 0)
        return locale.toString(0.0, 'f', std::max(0, significant - 1));
    double magnitude = std::floor(std::log10(std::abs(value)));
    // Rounding may carry into the next power of ten (9.996 -> 10.0): count the figures on the rounded value.
    const double rounded = std::round(value / std::pow(10.0, magnitude - (significant - 1))) *
                           std::pow(10.0, magnitude - (significant - 1));
    if (rounded != 0)
        magnitude = std::floor(std::log10(std::abs(rounded)));
    const int decimals = std::max(0, significant - 1 - int(magnitude));
    return locale.toString(value, 'f', decimals);
}

QString compactFigures(double value, int significant)
{
    if (!std::isfinite(value))
        return QStringLiteral("–");
    const double magnitude = std::abs(value);
    if (magnitude >= 1e15)
        return QLocale().toString(value, 'e', significant - 1);
    static const struct {
        double divisor;
        const char *suffix;
    } Steps[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
    const double roundUp = 1 - 0.5 * std::pow(10.0, -significant); // 999.96k is "1.00M", not "1000k"
    for (const auto &step : Steps)
        if (magnitude >= step.divisor * roundUp)
            return figures(value / step.divisor, significant) + QLatin1String(step.suffix);
    return figures(value, significant);
}
} // namespace

QString formatFigures(double value, const QString &unit, int significant)
{
    significant = std::clamp(significant, 1, 15);
    if (isMoney(unit)) {
        const QString denominator = moneyDenominator(unit);
        QString text = (value < 0 ? QStringLiteral("−") : QString()) + QLatin1Char('$') +
                       compactFigures(std::abs(value), significant);
        if (!denominator.isEmpty())
            text += QLatin1Char('/') + shortDenominator(denominator);
        return text;
    }
    if (isRatio(unit))
        return compactFigures(value, significant);
    return compactFigures(value, significant) + QLatin1Char(' ') + shortUnit(unit);
}

QString shortUnit(const QString &unit)
{
    static const QHash<QString, QString> Short = {
        {QStringLiteral("million H100e"), QStringLiteral("M H100e")},
        {QStringLiteral("million H100e / month"), QStringLiteral("M H100e/mo")},
        {QStringLiteral("tokens / month"), QStringLiteral("tok/mo")},
        {QStringLiteral("x / year"), QStringLiteral("×/yr")},
        {QStringLiteral("x/yr"), QStringLiteral("×/yr")},
        {QStringLiteral("x"), QStringLiteral("×")},
        {QStringLiteral("events / year"), QStringLiteral("/yr")},
        {QStringLiteral("per year"), QStringLiteral("/yr")},
        {QStringLiteral("per sqrt(year)"), QStringLiteral("/√yr")},
        {QStringLiteral("months"), QStringLiteral("mo")},
        {QStringLiteral("years"), QStringLiteral("yr")},
        {QStringLiteral("ratio"), QString()},
    };
    if (isMoney(unit)) {
        const QString denominator = moneyDenominator(unit);
        return denominator.isEmpty() ? QStringLiteral("$")
                                     : QStringLiteral("$/") + shortDenominator(denominator);
    }
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
        const QString denominator = moneyDenominator(unit);
        unitText = QLatin1Char('$') + scale.prefix;
        if (!denominator.isEmpty())
            unitText += QLatin1String(" / ") + denominator;
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
    return step < 0 ? QStringLiteral("−%1 mo").arg(-step) : QStringLiteral("+%1 mo").arg(step);
}

} // namespace jevons::ui
