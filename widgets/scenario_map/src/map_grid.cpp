#include "jevons/scenario_map/map_grid.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace jevons::ui {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("jevons::ui::MapGrid", text, disambiguation, n);
}

/// The axis's own scale: a log axis is interpolated on log values, so that a point between two steps of a
/// log grid lands where the eye expects it.
double scaled(const MapAxis &axis, double v)
{
    return axis.spacing == sweep::Spacing::Log && v > 0 ? std::log(v) : v;
}

double unscaled(const MapAxis &axis, double s)
{
    return axis.spacing == sweep::Spacing::Log ? std::exp(s) : s;
}

} // namespace

double MapAxis::indexOf(double v) const
{
    const int n = size();
    if (n == 0)
        return NaN;
    if (n == 1)
        return 0;
    const double s = scaled(*this, v);
    // The segment holding v (or the end segment past either end), for increasing or decreasing values.
    const bool increasing = scaled(*this, values.back()) >= scaled(*this, values.front());
    int i = 0;
    while (i < n - 2) {
        const double next = scaled(*this, values[std::size_t(i + 1)]);
        if (increasing ? s <= next : s >= next)
            break;
        ++i;
    }
    const double a = scaled(*this, values[std::size_t(i)]);
    const double b = scaled(*this, values[std::size_t(i + 1)]);
    return b == a ? double(i) : i + (s - a) / (b - a);
}

double MapAxis::valueAt(double index) const
{
    const int n = size();
    if (n == 0)
        return NaN;
    if (n == 1)
        return values.front();
    const int i = std::clamp(int(std::floor(index)), 0, n - 2);
    const double a = scaled(*this, values[std::size_t(i)]);
    const double b = scaled(*this, values[std::size_t(i + 1)]);
    return unscaled(*this, a + (index - i) * (b - a));
}

std::pair<double, double> MapGrid::range() const
{
    double lo = NaN, hi = NaN;
    for (double v : values) {
        if (!std::isfinite(v))
            continue;
        lo = std::isnan(lo) ? v : std::min(lo, v);
        hi = std::isnan(hi) ? v : std::max(hi, v);
    }
    return {lo, hi};
}

double MapGrid::contourLevel() const
{
    if (isProbability())
        return 0.5;
    std::vector<double> finite;
    for (double v : values)
        if (std::isfinite(v))
            finite.push_back(v);
    if (finite.empty())
        return NaN;
    std::sort(finite.begin(), finite.end());
    const std::size_t n = finite.size();
    return n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
}

std::vector<QLineF> contourSegments(const MapGrid &grid, double level)
{
    std::vector<QLineF> out;
    const int nx = grid.x.size(), ny = grid.y.size();
    if (!std::isfinite(level) || nx < 2 || ny < 2)
        return out;
    for (int ix = 0; ix + 1 < nx; ++ix) {
        for (int iy = 0; iy + 1 < ny; ++iy) {
            // Corners counter-clockwise from (ix, iy): 0 (x, y), 1 (x+1, y), 2 (x+1, y+1), 3 (x, y+1).
            const double v[4] = {grid.at(ix, iy), grid.at(ix + 1, iy), grid.at(ix + 1, iy + 1),
                                 grid.at(ix, iy + 1)};
            if (!std::all_of(std::begin(v), std::end(v), [](double d) { return std::isfinite(d); }))
                continue;
            const QPointF corner[4] = {QPointF(ix, iy), QPointF(ix + 1, iy), QPointF(ix + 1, iy + 1),
                                       QPointF(ix, iy + 1)};
            int mask = 0;
            for (int c = 0; c < 4; ++c)
                if (v[c] >= level)
                    mask |= 1 << c;
            if (mask == 0 || mask == 15)
                continue;
            // The crossing on edge e (from corner e to corner e+1), linearly interpolated.
            auto cross = [&](int e) {
                const int a = e, b = (e + 1) % 4;
                const double t = (level - v[a]) / (v[b] - v[a]);
                return corner[a] + t * (corner[b] - corner[a]);
            };
            // Edges whose ends lie on different sides, in edge order: two or four of them.
            int edges[4], count = 0;
            for (int e = 0; e < 4; ++e)
                if (((mask >> e) & 1) != ((mask >> ((e + 1) % 4)) & 1))
                    edges[count++] = e;
            if (count == 2) {
                out.emplace_back(cross(edges[0]), cross(edges[1]));
            } else if (count == 4) {
                // A saddle: the mean decides whether the high corners (0 and 2, mask 5) are joined.
                const double mean = (v[0] + v[1] + v[2] + v[3]) / 4;
                const bool joinHigh = (mean >= level) == (mask == 5);
                if (joinHigh) {
                    // Corners 0 and 2 are joined: cut off corners 1 and 3.
                    out.emplace_back(cross(0), cross(1));
                    out.emplace_back(cross(2), cross(3));
                } else {
                    out.emplace_back(cross(3), cross(0));
                    out.emplace_back(cross(1), cross(2));
                }
            }
        }
    }
    return out;
}

QString outputLabel(const sweep::OutputSpec &output)
{
    if (output.probability)
        return QString::fromUtf8(probabilityTable()[std::size_t(*output.probability)].label);
    return QStringLiteral("%1, %2").arg(QString::fromUtf8(seriesInfo(output.series).label),
                                        QString::fromLatin1(statKey(output.stat)));
}

MapGrid readSweepResult(const QByteArray &json, int output, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        return MapGrid();
    };
    QJsonParseError parse;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (doc.isNull())
        return fail(tr("not JSON (%1)").arg(parse.errorString()));
    const QJsonObject root = doc.object();
    const QJsonObject sweepInfo = root.value(QStringLiteral("sweep")).toObject();
    if (sweepInfo.value(QStringLiteral("design")).toString() != QStringLiteral("grid"))
        return fail(tr("not the result of a grid sweep (\"sweep.design\" is not \"grid\")"));
    const QJsonArray axes = root.value(QStringLiteral("grid")).toArray();
    if (axes.size() != 2)
        return fail(tr("the map needs a grid of two parameters; this one has %n", "", int(axes.size())));
    MapGrid grid;
    MapAxis *targets[2] = {&grid.x, &grid.y};
    for (int a = 0; a < 2; ++a) {
        const QJsonObject axis = axes[a].toObject();
        const QString key = axis.value(QStringLiteral("parameter")).toString();
        const ParamInfo *info = findParam(key.toStdString());
        if (!info)
            return fail(tr("unknown parameter \"%1\" in \"grid\"").arg(key));
        targets[a]->param = info->id;
        targets[a]->spacing = axis.value(QStringLiteral("spacing")).toString() == QStringLiteral("log")
                                  ? sweep::Spacing::Log
                                  : sweep::Spacing::Linear;
        for (const QJsonValue v : axis.value(QStringLiteral("values")).toArray())
            targets[a]->values.push_back(v.toDouble(NaN));
        if (targets[a]->values.empty() || !std::all_of(targets[a]->values.begin(), targets[a]->values.end(),
                                                       [](double d) { return std::isfinite(d); }))
            return fail(tr("\"grid\" axis %1 has no values or a value that is not a number").arg(a + 1));
    }
    if (grid.x.param == grid.y.param)
        return fail(tr("both axes of the grid sweep the same parameter"));
    const QJsonArray outputs = root.value(QStringLiteral("outputs")).toArray();
    if (output < 0 || output >= outputs.size())
        return fail(
            tr("the result records %n output(s), not output %1", "", int(outputs.size())).arg(output + 1));
    const QJsonObject o = outputs[output].toObject();
    grid.output.month = o.value(QStringLiteral("month")).toInt(-1);
    if (grid.output.month < 0)
        return fail(tr("output %1 has no month").arg(output + 1));
    grid.monthLabel = o.value(QStringLiteral("month_label")).toString();
    if (o.contains(QStringLiteral("probability"))) {
        const ProbabilityInfo *p =
            findProbability(o.value(QStringLiteral("probability")).toString().toStdString());
        if (!p)
            return fail(tr("output %1 names an unknown probability").arg(output + 1));
        grid.output.probability = p->id;
    } else {
        const SeriesInfo *s = findSeries(o.value(QStringLiteral("series")).toString().toStdString());
        if (!s || !parseStat(o.value(QStringLiteral("stat")).toString().toStdString(), grid.output.stat))
            return fail(tr("output %1 names an unknown series or statistic").arg(output + 1));
        grid.output.series = s->id;
    }
    grid.paths = std::uint64_t(sweepInfo.value(QStringLiteral("paths")).toDouble());
    grid.seed = std::uint64_t(sweepInfo.value(QStringLiteral("seed")).toDouble());
    const QJsonArray points = root.value(QStringLiteral("points")).toArray();
    const int nx = grid.x.size(), ny = grid.y.size();
    if (points.size() != qsizetype(nx) * ny)
        return fail(tr("%1 points for a %2 × %3 grid").arg(points.size()).arg(nx).arg(ny));
    grid.values.assign(std::size_t(nx) * std::size_t(ny), NaN);
    for (int i = 0; i < int(points.size()); ++i) {
        const QJsonObject point = points[i].toObject();
        const QJsonArray values = point.value(QStringLiteral("values")).toArray();
        const int ix = i / ny, iy = i % ny;
        // Design order (the last axis fastest): a point out of place would draw in the wrong cell.
        if (values.size() != 2 || values[0].toDouble(NaN) != grid.x.values[std::size_t(ix)] ||
            values[1].toDouble(NaN) != grid.y.values[std::size_t(iy)])
            return fail(tr("point %1 is not the grid's point in design order").arg(i));
        const QJsonArray recorded = point.value(QStringLiteral("outputs")).toArray();
        if (output >= recorded.size())
            return fail(tr("point %1 lacks output %2").arg(i).arg(output + 1));
        grid.values[std::size_t(i)] = recorded[output].toDouble(NaN); // null: undefined there
    }
    return grid;
}

} // namespace jevons::ui
