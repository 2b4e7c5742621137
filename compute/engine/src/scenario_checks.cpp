// Validation of a scenario: ranges, uncertain inputs and their correlations (docs/model.md, "Uncertain
// inputs"), and the start's power. Every message is one line naming the key and what is allowed.
#include "jevons/engine/scenario.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace jevons {

namespace {

[[noreturn]] void fail(const std::string &source, const std::string &what)
{
    throw ScenarioError(source + ": " + what);
}

/// Checks one number against a parameter's slider range; `integer` demands a whole number.
void checkValue(const ParamInfo &info, bool integer, double v, const std::string &key,
                const std::string &source)
{
    const std::string allowed = std::string("a ") + (integer ? "whole number" : "number") + " from " +
                                formatNumber(info.minValue) + " to " + formatNumber(info.maxValue) +
                                (*info.unit ? " " : "") + info.unit;
    if (!std::isfinite(v)) {
        fail(source, "key \"" + key + "\" is not a finite number; allowed: " + allowed);
    }
    if (v < info.minValue || v > info.maxValue || (integer && v != std::floor(v))) {
        fail(source, "key \"" + key + "\" is " + formatNumber(v, 10) + "; allowed: " + allowed);
    }
}

void checkInterval(const Scenario &s, const ParamInfo &info, const Interval &interval,
                   const std::string &source)
{
    const std::string key = std::string("uncertainty.") + info.key;
    if (info.id == Param::HorizonYears) {
        fail(source, "key \"" + key +
                         "\": the horizon cannot be uncertain; allowed: an interval on any other parameter");
    }
    // An end must lie in the slider range; it need not be whole for an integer (draws are rounded).
    checkValue(info, false, interval.p5, key + ".p5", source);
    checkValue(info, false, interval.p95, key + ".p95", source);
    if (!(interval.p5 < interval.p95)) {
        fail(source, "key \"" + key + "\": p5 (" + formatNumber(interval.p5) + ") must be below p95 (" +
                         formatNumber(interval.p95) + ")");
    }
    const double value = s[info.id];
    if (value < interval.p5 || value > interval.p95) {
        fail(source, "key \"" + key + "\": the point value " + formatNumber(value) + " of \"" +
                         qualifiedKey(info) + "\" is its median, so it must lie between p5 (" +
                         formatNumber(interval.p5) + ") and p95 (" + formatNumber(interval.p95) + ")");
    }
    if (interval.scale == IntervalScale::Log && !(interval.p5 > 0)) {
        fail(source, "key \"" + key +
                         ".scale\": a log scale needs p5, p95 and the value above 0; allowed: "
                         "\"linear\" for an interval that reaches 0");
    }
}

std::string nameList(const std::vector<Param> &inputs)
{
    std::string out;
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == inputs.size() ? " and " : ", ");
        out += paramInfo(inputs[i]).key;
    }
    return out;
}

/// Cholesky of a symmetric n x n matrix (row-major) in place of `l`. Returns the first pivot that is not
/// positive, or -1 when the matrix is positive definite.
int cholesky(std::vector<double> matrix, int n, std::vector<double> &l)
{
    l.assign(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), 0.0);
    auto at = [n](std::vector<double> &m, int i, int j) -> double & {
        return m[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)];
    };
    for (int j = 0; j < n; ++j) {
        double d = at(matrix, j, j);
        for (int k = 0; k < j; ++k) {
            d -= at(l, j, k) * at(l, j, k);
        }
        // A pivot this small means a correlation of (numerically) 1 between combinations of inputs.
        if (!(d > 1e-10)) {
            return j;
        }
        at(l, j, j) = std::sqrt(d);
        for (int i = j + 1; i < n; ++i) {
            double v = at(matrix, i, j);
            for (int k = 0; k < j; ++k) {
                v -= at(l, i, k) * at(l, j, k);
            }
            at(l, i, j) = v / at(l, j, j);
        }
    }
    return -1;
}

std::vector<double> copulaMatrix(const Scenario &s, const std::vector<Param> &inputs)
{
    const int n = static_cast<int>(inputs.size());
    std::vector<double> r(static_cast<std::size_t>(n) * static_cast<std::size_t>(n), 0.0);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            r[static_cast<std::size_t>(i * n + j)] =
                i == j ? 1.0
                       : copulaCorrelation(s.correlation(inputs[std::size_t(i)], inputs[std::size_t(j)]));
        }
    }
    return r;
}

} // namespace

double copulaCorrelation(double rank)
{
    return 2.0 * std::sin(std::numbers::pi * rank / 6.0);
}

std::vector<double> copulaCholesky(const Scenario &s)
{
    const std::vector<Param> inputs = s.uncertainInputs();
    std::vector<double> l;
    if (cholesky(copulaMatrix(s, inputs), static_cast<int>(inputs.size()), l) >= 0) {
        return {};
    }
    return l;
}

CorrelationCheck checkCorrelations(const Scenario &s)
{
    CorrelationCheck out;
    const std::vector<Param> inputs = s.uncertainInputs();
    const int n = static_cast<int>(inputs.size());
    std::vector<double> l;
    const int pivot = cholesky(copulaMatrix(s, inputs), n, l);
    if (pivot < 0) {
        return out;
    }
    out.positiveDefinite = false;
    // The inputs involved: those linked to the failing pivot's input through given correlations.
    std::vector<bool> linked(static_cast<std::size_t>(n), false);
    linked[static_cast<std::size_t>(pivot)] = true;
    for (bool grew = true; grew;) {
        grew = false;
        for (const RankCorrelation &c : s.correlations) {
            const auto a = std::find(inputs.begin(), inputs.end(), c.first) - inputs.begin();
            const auto b = std::find(inputs.begin(), inputs.end(), c.second) - inputs.begin();
            if (a < n && b < n && linked[std::size_t(a)] != linked[std::size_t(b)]) {
                linked[std::size_t(a)] = linked[std::size_t(b)] = true;
                grew = true;
            }
        }
    }
    for (int i = 0; i < n; ++i) {
        if (linked[std::size_t(i)]) {
            out.inputs.push_back(inputs[std::size_t(i)]);
        }
    }
    // The cell to mark: among the correlations between the inputs involved, the strongest whose removal
    // makes the matrix possible.
    for (std::size_t k = 0; k < s.correlations.size(); ++k) {
        const RankCorrelation &c = s.correlations[k];
        if (std::find(out.inputs.begin(), out.inputs.end(), c.first) == out.inputs.end()) {
            continue;
        }
        Scenario without = s;
        without.correlations.erase(without.correlations.begin() + static_cast<std::ptrdiff_t>(k));
        if (cholesky(copulaMatrix(without, inputs), n, l) < 0 &&
            (!out.culprit || std::abs(c.rank) > std::abs(out.culprit->rank))) {
            out.culprit = c;
        }
    }
    out.message = "the rank correlations between " + nameList(out.inputs) +
                  " are not possible together (the correlation matrix is not positive definite)";
    if (out.culprit) {
        out.message += std::string("; weaken one, e.g. ") + paramInfo(out.culprit->first).key + " with " +
                       paramInfo(out.culprit->second).key;
    }
    return out;
}

void validateScenario(const Scenario &s, const std::string &sourceName)
{
    for (const auto &info : paramTable()) {
        checkValue(info, info.integer, s[info.id], qualifiedKey(info), sourceName);
    }
    if (s.startMonth < 1 || s.startMonth > 12 || s.startYear < 1900 || s.startYear > 2200) {
        fail(sourceName, "key \"start\" must be a month \"YYYY-MM\" between 1900-01 and 2200-12");
    }
    if (s.name.size() > 200) {
        fail(sourceName, "key \"name\" is longer than 200 characters");
    }
    if (s.notes.size() > 20000) {
        fail(sourceName, "key \"notes\" is longer than 20000 characters");
    }
    for (const auto &info : paramTable()) {
        if (const auto &interval = s.intervals[static_cast<std::size_t>(info.id)]) {
            checkInterval(s, info, *interval, sourceName);
        }
    }
    for (std::size_t i = 0; i < s.correlations.size(); ++i) {
        const RankCorrelation &c = s.correlations[i];
        const std::string key = "correlation[" + std::to_string(i) + "]";
        for (Param p : {c.first, c.second}) {
            if (!s.isUncertain(p)) {
                fail(sourceName, "key \"" + key + ".between\": " + paramInfo(p).key +
                                     " has no interval; allowed: inputs named in \"uncertainty\"");
            }
        }
        if (c.first == c.second) {
            fail(sourceName, "key \"" + key + ".between\" names " + paramInfo(c.first).key +
                                 " twice; allowed: two different uncertain inputs");
        }
        for (std::size_t j = 0; j < i; ++j) {
            const RankCorrelation &o = s.correlations[j];
            if ((o.first == c.first && o.second == c.second) ||
                (o.first == c.second && o.second == c.first)) {
                fail(sourceName, "key \"" + key + ".between\": the pair " + paramInfo(c.first).key + ", " +
                                     paramInfo(c.second).key + " is given twice (also correlation[" +
                                     std::to_string(j) + "]); allowed: each pair once");
            }
        }
        if (!std::isfinite(c.rank) || c.rank <= -1 || c.rank >= 1) {
            fail(sourceName, "key \"" + key + ".rank\" is " + formatNumber(c.rank) +
                                 "; allowed: a rank correlation between -1 and 1, both excluded");
        }
    }
    const CorrelationCheck correlations = checkCorrelations(s);
    if (!correlations.positiveDefinite) {
        fail(sourceName, "key \"correlation\": " + correlations.message);
    }
    // The start's draw, S0 * w0 (million H100e x kW = GW), against the power available (docs/model.md step
    // 10).
    const double drawGw = s[Param::InstalledBase] * s[Param::KwPerH100e];
    if (drawGw > s[Param::PowerGw]) {
        fail(sourceName, "key \"power.power_gw\" is " + formatNumber(s[Param::PowerGw]) +
                             " GW, but the start's installed base draws " + formatNumber(drawGw) + " GW (" +
                             formatNumber(s[Param::InstalledBase]) + " million H100e x " +
                             formatNumber(s[Param::KwPerH100e]) + " kW); allowed: at least " +
                             formatNumber(drawGw) + " GW, or leave power_gw out for 1.25 x the draw");
    }
}

std::string describeDifferences(const Scenario &s)
{
    const Scenario base;
    std::string out;
    for (const auto &info : paramTable()) {
        if (s[info.id] != base[info.id]) {
            out += out.empty() ? "" : ", ";
            out += std::string(info.key) + "=" + formatNumber(s[info.id]);
        }
        if (const auto &interval = s.intervals[static_cast<std::size_t>(info.id)]) {
            out += out.empty() ? "" : ", ";
            out += std::string(info.key) + " in [" + formatNumber(interval->p5) + ", " +
                   formatNumber(interval->p95) + "]" +
                   (interval->scale == IntervalScale::Log ? " (log)" : "");
        }
    }
    for (const RankCorrelation &c : s.correlations) {
        out += out.empty() ? "" : ", ";
        out += std::string("rank(") + paramInfo(c.first).key + ", " + paramInfo(c.second).key +
               ")=" + formatNumber(c.rank);
    }
    return out;
}

} // namespace jevons
