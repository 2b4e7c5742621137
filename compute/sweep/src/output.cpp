// The result files of a sweep (JSON and CSV, in design order) and the fingerprint that ties a journal to
// its sweep. Numbers are written shortest-exact with std::to_chars, which ignores the process locale.
#include "jevons/sweep/sweep.h"

#include "jevons/engine/json.h"

#include <charconv>
#include <cmath>

namespace jevons::sweep {

namespace {

void appendExact(std::string &out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    out += formatExact(v);
}

void appendIndented(std::string &out, const std::string &block, const char *pad)
{
    for (std::size_t i = 0; i < block.size(); ++i) {
        out += block[i];
        if (block[i] == '\n') {
            out += pad;
        }
    }
}

void appendOutput(std::string &out, const Scenario &s, const OutputSpec &o)
{
    out += "{\"key\": ";
    json::appendString(out, o.key());
    if (o.probability) {
        out += ", \"probability\": ";
        json::appendString(out, probabilityTable()[std::size_t(*o.probability)].key);
    } else {
        out += ", \"series\": ";
        json::appendString(out, seriesInfo(o.series).key);
        out += ", \"stat\": ";
        json::appendString(out, statKey(o.stat));
    }
    out += ", \"month\": " + std::to_string(o.month) + ", \"month_label\": ";
    json::appendString(out, s.monthLabel(o.month));
    out += "}";
}

/// A CSV field: the key as is where it needs no quoting (keys never contain quotes).
std::string csvNumber(double v)
{
    return std::isfinite(v) ? formatExact(v) : std::string();
}

} // namespace

std::string formatExact(double v)
{
    char buf[32];
    const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
}

std::string resultsToJson(const SweepSpec &spec, const Design &design,
                          const std::vector<std::vector<double>> &results)
{
    std::string out = "{\n  \"sweep\": {\n    \"scenario\": ";
    appendIndented(out, scenarioToJson(spec.scenario, 2, true), "    ");
    if (!spec.scenarioSource.empty()) {
        out += ",\n    \"scenario_file\": ";
        json::appendString(out, spec.scenarioSource);
    }
    out +=
        ",\n    \"paths\": " + std::to_string(spec.paths) + ",\n    \"seed\": " + std::to_string(spec.seed);
    out += std::string(",\n    \"design\": \"") + (spec.sobol ? "sobol" : "grid") +
           "\",\n    \"points\": " + std::to_string(design.size()) + "\n  },\n  \"parameters\": [";
    for (std::size_t c = 0; c < design.parameters.size(); ++c) {
        out += c ? ", " : "";
        json::appendString(out, paramInfo(design.parameters[c]).key);
    }
    out += "],\n";
    if (!spec.sobol) {
        out += "  \"grid\": [";
        for (std::size_t a = 0; a < spec.grid.size(); ++a) {
            const GridAxis &axis = spec.grid[a];
            out += a ? ",\n    {\"parameter\": " : "\n    {\"parameter\": ";
            json::appendString(out, paramInfo(axis.param).key);
            out += std::string(", \"spacing\": \"") + (axis.spacing == Spacing::Log ? "log" : "linear") +
                   "\", \"values\": [";
            const std::vector<double> values = axis.values();
            for (std::size_t i = 0; i < values.size(); ++i) {
                out += i ? ", " : "";
                appendExact(out, values[i]);
            }
            out += "]}";
        }
        out += "\n  ],\n";
    }
    out += "  \"outputs\": [";
    for (std::size_t o = 0; o < spec.outputs.size(); ++o) {
        out += o ? ",\n    " : "\n    ";
        appendOutput(out, spec.scenario, spec.outputs[o]);
    }
    out += "\n  ],\n  \"points\": [";
    for (std::size_t i = 0; i < design.size(); ++i) {
        out += i ? ",\n    {\"index\": " : "\n    {\"index\": ";
        out += std::to_string(i) + ", \"values\": [";
        for (std::size_t c = 0; c < design.parameters.size(); ++c) {
            out += c ? ", " : "";
            appendExact(out, design.points[i][c]);
        }
        out += "], \"outputs\": [";
        for (std::size_t o = 0; o < results[i].size(); ++o) {
            out += o ? ", " : "";
            appendExact(out, results[i][o]);
        }
        out += "]}";
    }
    out += "\n  ]";
    if (spec.sobol) {
        const auto indices = sobolIndices(spec, design, results);
        out += ",\n  \"sobol\": {\n    \"base_samples\": " + std::to_string(spec.sobol->baseSamples) +
               ",\n    \"bootstrap\": " + std::to_string(spec.sobol->bootstrap) +
               ",\n    \"interval\": 0.9,\n    \"estimators\": \"jansen\",\n    \"indices\": {";
        for (std::size_t o = 0; o < indices.size(); ++o) {
            out += o ? ",\n      " : "\n      ";
            json::appendString(out, spec.outputs[o].key());
            out += ": {";
            for (std::size_t j = 0; j < indices[o].size(); ++j) {
                const SobolIndex &x = indices[o][j];
                out += j ? ",\n        " : "\n        ";
                json::appendString(out, paramInfo(x.input).key);
                out += ": {\"first\": ";
                appendExact(out, x.first);
                out += ", \"first_p5\": ";
                appendExact(out, x.firstLow);
                out += ", \"first_p95\": ";
                appendExact(out, x.firstHigh);
                out += ", \"total\": ";
                appendExact(out, x.total);
                out += ", \"total_p5\": ";
                appendExact(out, x.totalLow);
                out += ", \"total_p95\": ";
                appendExact(out, x.totalHigh);
                out += "}";
            }
            out += "\n      }";
        }
        out += "\n    }\n  }";
    }
    out += "\n}\n";
    return out;
}

std::string resultsToCsv(const SweepSpec &spec, const Design &design,
                         const std::vector<std::vector<double>> &results)
{
    std::string out = "index";
    for (Param p : design.parameters) {
        out += std::string(",") + paramInfo(p).key;
    }
    for (const OutputSpec &o : spec.outputs) {
        out += "," + o.key();
    }
    out += "\n";
    for (std::size_t i = 0; i < design.size(); ++i) {
        out += std::to_string(i);
        for (double v : design.points[i]) {
            out += "," + csvNumber(v);
        }
        for (double v : results[i]) {
            out += "," + csvNumber(v);
        }
        out += "\n";
    }
    if (spec.sobol) {
        out += "\n# Sobol indices (Jansen estimators), bootstrap 90 % intervals\n"
               "output,input,first,first_p5,first_p95,total,total_p5,total_p95\n";
        const auto indices = sobolIndices(spec, design, results);
        for (std::size_t o = 0; o < indices.size(); ++o) {
            for (const SobolIndex &x : indices[o]) {
                out += spec.outputs[o].key() + "," + paramInfo(x.input).key + "," + csvNumber(x.first) + "," +
                       csvNumber(x.firstLow) + "," + csvNumber(x.firstHigh) + "," + csvNumber(x.total) + "," +
                       csvNumber(x.totalLow) + "," + csvNumber(x.totalHigh) + "\n";
            }
        }
    }
    return out;
}

std::uint64_t fingerprint(const SweepSpec &spec)
{
    // Everything that decides a point's numbers, but not the bootstrap (it only reads the results): a
    // journal stays usable when only the bootstrap count changes.
    std::string text = scenarioToJson(spec.scenario, 0, true);
    text += "|paths=" + std::to_string(spec.paths) + "|seed=" + std::to_string(spec.seed);
    for (const OutputSpec &o : spec.outputs) {
        text += "|" + o.key();
    }
    for (const GridAxis &a : spec.grid) {
        text += std::string("|grid:") + paramInfo(a.param).key + "," + formatExact(a.from) + "," +
                formatExact(a.to) + "," + std::to_string(a.steps) +
                (a.spacing == Spacing::Log ? ",log" : ",linear");
    }
    if (spec.sobol) {
        text += "|sobol:" + std::to_string(spec.sobol->baseSamples);
    }
    std::uint64_t hash = 0xCBF29CE484222325ull; // FNV-1a, 64 bits
    for (unsigned char c : text) {
        hash = (hash ^ c) * 0x100000001B3ull;
    }
    return hash;
}

} // namespace jevons::sweep
