// The spec's JSON output of `jevons simulate` and its CSV form.
#include "jevons/engine/engine.h"

#include "jevons/engine/json.h"

#include <cstdio>

namespace jevons {

namespace {

void appendArray(std::string &out, const std::vector<double> &values)
{
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) {
            out += ',';
        }
        json::appendNumber(out, values[i]);
    }
    out += ']';
}

template <typename T> void appendIntegers(std::string &out, const std::vector<T> &values)
{
    out += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) {
            out += ',';
        }
        out += std::to_string(values[i]);
    }
    out += ']';
}

} // namespace

std::string resultToJson(const SimulationResult &r)
{
    std::string out = "{\n  \"scenario\": ";
    std::string scenario = scenarioToJson(r.scenario, 2, true);
    // Indent the nested scenario object by two more spaces.
    for (std::size_t i = 0; i + 1 < scenario.size(); ++i) {
        out += scenario[i];
        if (scenario[i] == '\n') {
            out += "  ";
        }
    }
    out += ",\n  \"paths\": " + std::to_string(r.settings.paths);
    out += ",\n  \"seed\": " + std::to_string(r.settings.seed);
    out += ",\n  \"steps\": " + std::to_string(r.steps);
    out += ",\n  \"backend\": ";
    json::appendString(out, r.backendLabel);
    out += ",\n  \"threads\": " + std::to_string(r.threadsUsed);
    if (!r.notice.empty()) {
        out += ",\n  \"notice\": ";
        json::appendString(out, r.notice);
    }
    out += ",\n  \"months\": [";
    for (int k = 0; k <= r.steps; ++k) {
        if (k) {
            out += ',';
        }
        json::appendString(out, r.scenario.monthLabel(k));
    }
    out += "],\n  \"series\": {";
    for (int s = 0; s < SeriesCount; ++s) {
        out += s ? ",\n    " : "\n    ";
        json::appendString(out, seriesTable()[std::size_t(s)].key);
        out += ": {";
        for (int st = 0; st < StatCount; ++st) {
            out += st ? ",\n      " : "\n      ";
            json::appendString(out, statKey(static_cast<Stat>(st)));
            out += ": ";
            appendArray(out, r.series[std::size_t(s)].stats[std::size_t(st)]);
        }
        out += "\n    }";
    }
    out += "\n  }";
    for (const ProbabilityInfo &info : probabilityTable()) {
        out += ",\n  ";
        json::appendString(out, info.key);
        out += ": ";
        appendArray(out, r.probability(info.id));
    }
    if (r.varianceShares) {
        const VarianceShares &v = *r.varianceShares;
        out += ",\n  \"variance_shares\": {\"series\": ";
        json::appendString(out, seriesInfo(v.series).key);
        out += ",\n    \"shares\": {";
        for (std::size_t j = 0; j < v.inputs.size(); ++j) {
            out += j ? ",\n      " : "\n      ";
            json::appendString(out, paramInfo(v.inputs[j]).key);
            out += ": ";
            appendArray(out, v.shares[j]);
        }
        out += "},\n    \"unexplained\": ";
        appendArray(out, v.unexplained);
        out += std::string(",\n    \"correlated\": ") + (v.correlated ? "true" : "false") + "}";
    }
    out += ",\n  \"histograms\": {";
    for (int s = 0; s < SeriesCount; ++s) {
        const Histogram &h = r.finalHistograms[std::size_t(s)];
        out += s ? ",\n    " : "\n    ";
        json::appendString(out, seriesTable()[std::size_t(s)].key);
        out += ": {\"month\": ";
        json::appendString(out, r.scenario.monthLabel(r.steps));
        out += ", \"edges\": ";
        appendArray(out, h.edges);
        out += ", \"counts\": ";
        appendIntegers(out, h.counts);
        out += ", \"underflow\": " + std::to_string(h.underflow) +
               ", \"overflow\": " + std::to_string(h.overflow) + "}";
    }
    out += "\n  }\n}\n";
    return out;
}

std::string resultToCsv(const SimulationResult &r)
{
    std::string out = "month,step,series,unit";
    for (int st = 0; st < StatCount; ++st) {
        out += ',';
        out += statKey(static_cast<Stat>(st));
    }
    for (const ProbabilityInfo &info : probabilityTable()) {
        out += ',';
        out += info.key;
    }
    out += '\n';
    for (int k = 0; k <= r.steps; ++k) {
        for (int s = 0; s < SeriesCount; ++s) {
            const SeriesInfo &info = seriesTable()[std::size_t(s)];
            out += r.scenario.monthLabel(k) + "," + std::to_string(k) + "," + info.key + ",";
            json::appendString(out, info.unit); // quoted: units contain spaces
            for (int st = 0; st < StatCount; ++st) {
                out += ',';
                json::appendNumber(out, r.series[std::size_t(s)].stats[std::size_t(st)][std::size_t(k)]);
            }
            for (const ProbabilityInfo &p : probabilityTable()) {
                out += ',';
                json::appendNumber(out, r.probability(p.id)[std::size_t(k)]);
            }
            out += '\n';
        }
    }
    if (r.varianceShares) {
        // A second block, after a blank line: one row per month, one column per uncertain input.
        const VarianceShares &v = *r.varianceShares;
        out += "\nmonth,step,variance_shares_of";
        for (Param p : v.inputs) {
            out += ',';
            out += paramInfo(p).key;
        }
        out += ",unexplained\n";
        for (int k = 0; k <= r.steps; ++k) {
            out += r.scenario.monthLabel(k) + "," + std::to_string(k) + "," + seriesInfo(v.series).key;
            for (std::size_t j = 0; j < v.inputs.size(); ++j) {
                out += ',';
                json::appendNumber(out, v.shares[j][std::size_t(k)]);
            }
            out += ',';
            json::appendNumber(out, v.unexplained[std::size_t(k)]);
            out += '\n';
        }
    }
    return out;
}

} // namespace jevons
