// The backtest's JSON (the keys of issue 16) and CSV. Numbers go through jevons::json::appendNumber: C
// locale, round-trip precision, null for a missing value.
#include "jevons/backtest/backtest.h"

#include "jevons/engine/json.h"

#include <cmath>

namespace jevons::backtest {

namespace {

void appendNumber(std::string &out, double v)
{
    json::appendNumber(out, v);
}

std::string indented(const std::string &text, const std::string &pad)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && i + 1 == text.size()) {
            break; // the trailing newline
        }
        out += text[i];
        if (text[i] == '\n') {
            out += pad;
        }
    }
    return out;
}

void appendSummary(std::string &out, const ScoreSummary &s, const std::string &pad)
{
    out += "{\"points\": " + std::to_string(s.points) + ", \"coverage_50\": ";
    appendNumber(out, s.coverage50);
    out += ", \"coverage_90\": ";
    appendNumber(out, s.coverage90);
    out += ", \"crps_mean\": ";
    appendNumber(out, s.crpsMean);
    out += ", \"pit_histogram\": [";
    for (std::size_t i = 0; i < s.pitHistogram.size(); ++i) {
        out += (i ? ", " : "") + std::to_string(s.pitHistogram[i]);
    }
    out += "]";
    (void)pad;
}

void appendFullSummary(std::string &out, const ScoreSummary &all,
                       const std::map<std::string, ScoreSummary> &bySeries, const std::string &pad)
{
    appendSummary(out, all, pad);
    out += ",\n" + pad + "  \"by_series\": {";
    bool first = true;
    for (const Mapping &m : mappings()) {
        const auto it = bySeries.find(m.id);
        if (it == bySeries.end()) {
            continue;
        }
        out += std::string(first ? "" : ",") + "\n" + pad + "    ";
        json::appendString(out, m.id);
        out += ": ";
        appendSummary(out, it->second, pad);
        out += "}";
        first = false;
    }
    out += "\n" + pad + "  }}";
}

void appendRun(std::string &out, const BacktestResult &r, const std::string &pad)
{
    out += "{\n" + pad + "  \"as_of\": ";
    json::appendString(out, monthLabel(r.calibration.asOf));
    out += ",\n" + pad + "  \"scenario\": " + indented(scenarioToJson(r.calibration.scenario, 2), pad + "  ");
    out += ",\n" + pad + "  \"inputs\": [";
    for (std::size_t i = 0; i < r.calibration.inputs.size(); ++i) {
        const CalibratedInput &in = r.calibration.inputs[i];
        out += std::string(i ? "," : "") + "\n" + pad + "    {\"parameter\": ";
        json::appendString(out, paramInfo(in.param).key);
        out += ", \"value\": ";
        appendNumber(out, in.value);
        out += ", \"rows\": [";
        for (std::size_t j = 0; j < in.rows.size(); ++j) {
            out += std::string(j ? "," : "") + "\n" + pad + "      {\"file\": ";
            json::appendString(out, in.rows[j].file);
            out += ", \"key\": ";
            json::appendString(out, in.rows[j].key);
            out += ", \"as_of\": ";
            json::appendString(out, in.rows[j].asOf);
            out += "}";
        }
        out += "]}";
    }
    out += "\n" + pad + "  ],\n" + pad + "  \"points\": [";
    for (std::size_t i = 0; i < r.points.size(); ++i) {
        const PointScore &p = r.points[i];
        out += std::string(i ? "," : "") + "\n" + pad + "    {\"series\": ";
        json::appendString(out, p.series);
        out += ", \"month\": ";
        json::appendString(out, monthLabel(p.month));
        out += ", \"observed\": ";
        appendNumber(out, p.observed);
        out += ", \"scale\": ";
        appendNumber(out, p.scale);
        out += ", \"pit\": ";
        appendNumber(out, p.pit);
        out += std::string(", \"in_p25_p75\": ") + (p.inP25P75 ? "true" : "false");
        out += std::string(", \"in_p5_p95\": ") + (p.inP5P95 ? "true" : "false");
        out += ", \"source\": ";
        json::appendString(out, p.source);
        out += "}";
    }
    out += "\n" + pad + "  ],\n" + pad + "  \"summary\": ";
    appendFullSummary(out, r.summary, r.bySeries, pad);
    out += "\n" + pad + "}";
}

void appendCsvField(std::string &out, const std::string &text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

void appendCsvNumber(std::string &out, double v)
{
    if (std::isfinite(v)) {
        appendNumber(out, v);
    }
}

const char *const CsvHeader =
    "as_of,series,model_series,month,step,observed,scale,offset,model_equivalent,pit,"
    "in_p25_p75,in_p5_p95,crps_log,p5,p25,p50,p75,p95,source\n";

void appendCsvRows(std::string &out, const BacktestResult &r)
{
    for (const PointScore &p : r.points) {
        const Mapping *m = findMapping(p.series);
        out += monthLabel(r.calibration.asOf) + "," + p.series + "," + (m ? seriesInfo(m->series).key : "") +
               "," + monthLabel(p.month) + "," + std::to_string(p.step) + ",";
        for (double v : {p.observed, p.scale, p.offset, p.modelEquivalent, p.pit}) {
            appendCsvNumber(out, v);
            out += ",";
        }
        out += std::string(p.inP25P75 ? "true" : "false") + "," + (p.inP5P95 ? "true" : "false") + ",";
        appendCsvNumber(out, p.crps);
        for (std::size_t i : {0u, 2u, 3u, 4u, 6u}) { // p5, p25, p50, p75, p95 of BandStats
            out += ",";
            appendCsvNumber(out, p.band[i]);
        }
        out += ",";
        appendCsvField(out, p.source);
        out += "\n";
    }
}

} // namespace

std::string toJson(const BacktestResult &result)
{
    std::string out;
    appendRun(out, result, "");
    out += "\n";
    return out;
}

std::string toJson(const RollingResult &result)
{
    std::string out =
        "{\n  \"as_of\": \"all\",\n  \"scenario\": " + indented(scenarioToJson(result.base, 2), "  ");
    out += ",\n  \"runs\": [";
    for (std::size_t i = 0; i < result.runs.size(); ++i) {
        out += std::string(i ? "," : "") + "\n    ";
        appendRun(out, result.runs[i], "    ");
    }
    out += "\n  ],\n  \"summary\": ";
    appendFullSummary(out, result.summary, result.bySeries, "  ");
    out += "\n}\n";
    return out;
}

std::string toCsv(const BacktestResult &result)
{
    std::string out = CsvHeader;
    appendCsvRows(out, result);
    return out;
}

std::string toCsv(const RollingResult &result)
{
    std::string out = CsvHeader;
    for (const BacktestResult &r : result.runs) {
        appendCsvRows(out, r);
    }
    return out;
}

} // namespace jevons::backtest
