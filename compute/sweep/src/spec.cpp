// The sweep file: reading with a one-line message naming the key for every violation. Like scenario files,
// sweep files are untrusted input (docs/security.md): the strict JSON reader of the engine, bounded sizes.
#include "jevons/sweep/sweep.h"

#include "jevons/engine/json.h"

#include <cmath>
#include <fstream>

namespace jevons::sweep {

namespace {

using json::Value;

[[noreturn]] void fail(const std::string &source, const Value &at, const std::string &what)
{
    throw SweepError(source + ": line " + std::to_string(at.line) + ": " + what);
}

/// Writes a parsed value back as JSON text, so that an inline scenario goes through parseScenario() and
/// gets exactly the checks and messages of a scenario file.
void appendValue(std::string &out, const Value &v)
{
    switch (v.type) {
    case Value::Type::Null:
        out += "null";
        break;
    case Value::Type::Bool:
        out += v.boolean ? "true" : "false";
        break;
    case Value::Type::Number:
        json::appendNumber(out, v.number);
        break;
    case Value::Type::String:
        json::appendString(out, v.string);
        break;
    case Value::Type::Array:
        out += '[';
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            out += i ? "," : "";
            appendValue(out, v.array[i]);
        }
        out += ']';
        break;
    case Value::Type::Object:
        out += '{';
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
            out += i ? "," : "";
            json::appendString(out, v.keys[i]);
            out += ':';
            appendValue(out, v.members[i]);
        }
        out += '}';
        break;
    }
}

std::string seriesKeys()
{
    std::string keys;
    for (const SeriesInfo &info : seriesTable()) {
        keys += (keys.empty() ? "" : ", ") + std::string(info.key);
    }
    return keys;
}

std::string probabilityKeys()
{
    std::string keys;
    for (const ProbabilityInfo &info : probabilityTable()) {
        keys += (keys.empty() ? "" : ", ") + std::string(info.key);
    }
    return keys;
}

class Reader {
public:
    Reader(std::string source, std::string baseDir)
        : m_source(std::move(source)), m_baseDir(std::move(baseDir))
    {
    }

    SweepSpec read(const Value &root)
    {
        if (root.type != Value::Type::Object) {
            fail(m_source, root,
                 std::string("the top level must be a JSON object, not ") + json::typeName(root.type));
        }
        SweepSpec spec;
        spec.sourceName = m_source;
        const Value *scenario = root.find("scenario");
        const Value *outputs = root.find("outputs");
        const Value *design = root.find("design");
        for (std::size_t i = 0; i < root.keys.size(); ++i) {
            const std::string &key = root.keys[i];
            if (key == "paths") {
                spec.paths = whole(root.members[i], key, 1, 1e10);
            } else if (key == "seed") {
                // 2^64 - 2048: the largest whole number below 2^64 that a double holds exactly.
                spec.seed = whole(root.members[i], key, 0, 18446744073709549568.0);
            } else if (key != "scenario" && key != "outputs" && key != "design") {
                fail(m_source, root.members[i],
                     "unknown key \"" + key + "\"; allowed: scenario, paths, seed, outputs, design");
            }
        }
        if (scenario == nullptr || outputs == nullptr || design == nullptr) {
            fail(m_source, root,
                 std::string("key \"") +
                     (scenario == nullptr  ? "scenario"
                      : outputs == nullptr ? "outputs"
                                           : "design") +
                     "\" is missing; a sweep file needs scenario, outputs and design");
        }
        readScenario(*scenario, spec);
        readOutputs(*outputs, spec);
        readDesign(*design, spec);
        return spec;
    }

private:
    std::uint64_t whole(const Value &v, const std::string &key, double lowest, double highest) const
    {
        if (v.type != Value::Type::Number || v.number != std::floor(v.number) || v.number < lowest ||
            v.number > highest) {
            fail(m_source, v,
                 "key \"" + key + "\" must be a whole number from " + formatNumber(lowest, 20) + " to " +
                     formatNumber(highest, 20));
        }
        return static_cast<std::uint64_t>(v.number);
    }

    double number(const Value &v, const std::string &key) const
    {
        if (v.type != Value::Type::Number) {
            fail(m_source, v, "key \"" + key + "\" must be a number, not " + json::typeName(v.type));
        }
        return v.number;
    }

    const std::string &string(const Value &v, const std::string &key) const
    {
        if (v.type != Value::Type::String) {
            fail(m_source, v, "key \"" + key + "\" must be a string, not " + json::typeName(v.type));
        }
        return v.string;
    }

    void readScenario(const Value &v, SweepSpec &spec) const
    {
        try {
            if (v.type == Value::Type::String) {
                spec.scenarioSource = v.string;
                const bool absolute = !v.string.empty() && v.string.front() == '/';
                spec.scenario =
                    loadScenarioFile(absolute || m_baseDir.empty() ? v.string : m_baseDir + "/" + v.string);
            } else if (v.type == Value::Type::Object) {
                std::string text;
                appendValue(text, v);
                spec.scenario = parseScenario(text, m_source + ": key \"scenario\"");
            } else {
                fail(m_source, v,
                     std::string(
                         "key \"scenario\" must be a scenario file's path or an inline scenario object, "
                         "not ") +
                         json::typeName(v.type));
            }
        } catch (const ScenarioError &e) {
            // Already one line naming the file (or the inline object) and the key.
            throw SweepError(e.what());
        }
    }

    void readOutputs(const Value &v, SweepSpec &spec) const
    {
        if (v.type != Value::Type::Array || v.array.empty() || v.array.size() > MaxOutputs) {
            fail(m_source, v,
                 "key \"outputs\" must be an array of 1 to " + std::to_string(MaxOutputs) + " outputs");
        }
        const int steps = spec.scenario.steps();
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const Value &item = v.array[i];
            const std::string key = "outputs[" + std::to_string(i) + "]";
            if (item.type != Value::Type::Object) {
                fail(m_source, item,
                     "key \"" + key +
                         "\" must be an object such as {\"series\": \"demand_supply_ratio\", \"stat\": "
                         "\"p50\", \"month\": 60} or {\"probability\": \"shortage_probability\", "
                         "\"month\": 60}");
            }
            OutputSpec out;
            out.month = steps;
            const Value *series = item.find("series");
            const Value *probability = item.find("probability");
            if ((series == nullptr) == (probability == nullptr)) {
                fail(m_source, item,
                     "key \"" + key + "\" needs exactly one of \"series\" and \"probability\"");
            }
            for (std::size_t m = 0; m < item.keys.size(); ++m) {
                const std::string &name = item.keys[m];
                const Value &value = item.members[m];
                const std::string full = key + "." + name;
                if (name == "series") {
                    const SeriesInfo *info = findSeries(string(value, full));
                    if (info == nullptr) {
                        fail(m_source, value,
                             "key \"" + full + "\" is \"" + value.string + "\"; allowed: " + seriesKeys());
                    }
                    out.series = info->id;
                } else if (name == "probability") {
                    const ProbabilityInfo *info = findProbability(string(value, full));
                    if (info == nullptr) {
                        fail(m_source, value,
                             "key \"" + full + "\" is \"" + value.string +
                                 "\"; allowed: " + probabilityKeys());
                    }
                    out.probability = info->id;
                } else if (name == "stat" && series != nullptr) {
                    if (!parseStat(string(value, full), out.stat)) {
                        fail(m_source, value,
                             "key \"" + full + "\" is \"" + value.string +
                                 "\"; allowed: p5, p10, p25, p50, p75, p90, p95, mean");
                    }
                } else if (name == "month") {
                    out.month = int(whole(value, full, 0, steps)); // the scenario's horizon, in months
                } else {
                    fail(m_source, value,
                         "unknown key \"" + full + "\"; allowed: " +
                             (series != nullptr ? "series, stat, month" : "probability, month"));
                }
            }
            spec.outputs.push_back(out);
        }
    }

    void readDesign(const Value &v, SweepSpec &spec) const
    {
        if (v.type != Value::Type::Object || v.keys.size() != 1 ||
            (v.keys[0] != "grid" && v.keys[0] != "sobol")) {
            fail(m_source, v, "key \"design\" must be an object with one key: \"grid\" or \"sobol\"");
        }
        if (v.keys[0] == "grid") {
            readGrid(v.members[0], spec);
        } else {
            readSobol(v.members[0], spec);
        }
    }

    void readGrid(const Value &v, SweepSpec &spec) const
    {
        if (v.type != Value::Type::Array || v.array.empty() || v.array.size() > 3) {
            fail(m_source, v, "key \"design.grid\" must be an array of 1 to 3 parameters");
        }
        double points = 1;
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const Value &item = v.array[i];
            const std::string key = "design.grid[" + std::to_string(i) + "]";
            if (item.type != Value::Type::Object) {
                fail(m_source, item,
                     "key \"" + key + "\" must be an object with parameter, from, to, steps and spacing");
            }
            GridAxis axis;
            const ParamInfo *info = nullptr;
            bool hasFrom = false, hasTo = false, hasSteps = false;
            for (std::size_t m = 0; m < item.keys.size(); ++m) {
                const std::string &name = item.keys[m];
                const Value &value = item.members[m];
                const std::string full = key + "." + name;
                if (name == "parameter") {
                    info = findParam(string(value, full));
                    if (info == nullptr) {
                        fail(m_source, value,
                             "key \"" + full + "\" is \"" + value.string +
                                 "\"; allowed: a parameter key of docs/model.md (e.g. price_elasticity)");
                    }
                    if (info->id == Param::HorizonYears) {
                        fail(m_source, value,
                             "key \"" + full +
                                 "\": horizon_years cannot be swept (the outputs name months of one "
                                 "horizon)");
                    }
                    axis.param = info->id;
                } else if (name == "from" || name == "to") {
                    (name == "from" ? axis.from : axis.to) = number(value, full);
                    (name == "from" ? hasFrom : hasTo) = true;
                } else if (name == "steps") {
                    axis.steps = int(whole(value, full, 1, 1000));
                    hasSteps = true;
                } else if (name == "spacing") {
                    const std::string &spacing = string(value, full);
                    if (spacing != "linear" && spacing != "log") {
                        fail(m_source, value,
                             "key \"" + full + "\" is \"" + spacing + "\"; allowed: linear, log");
                    }
                    axis.spacing = spacing == "log" ? Spacing::Log : Spacing::Linear;
                } else {
                    fail(m_source, value,
                         "unknown key \"" + full + "\"; allowed: parameter, from, to, steps, spacing");
                }
            }
            if (info == nullptr || !hasFrom || !hasTo || !hasSteps) {
                fail(m_source, item,
                     "key \"" + key + "." +
                         (info == nullptr ? "parameter"
                          : !hasFrom      ? "from"
                          : !hasTo        ? "to"
                                          : "steps") +
                         "\" is missing; a grid axis needs parameter, from, to and steps");
            }
            const std::string allowed = formatNumber(info->minValue) + " .. " + formatNumber(info->maxValue) +
                                        " (" + info->unit + ", the slider range of " + info->key + ")";
            for (const char *end : {"from", "to"}) {
                const double x = std::string_view(end) == "from" ? axis.from : axis.to;
                if (!(x >= info->minValue && x <= info->maxValue)) {
                    fail(m_source, item,
                         "key \"" + key + "." + end + "\" is " + formatNumber(x, 10) +
                             "; allowed: " + allowed);
                }
            }
            if (axis.spacing == Spacing::Log && !(axis.from > 0 && axis.to > 0)) {
                fail(m_source, item, "key \"" + key + ".spacing\": log spacing needs from and to above 0");
            }
            if (axis.steps == 1 && axis.from != axis.to) {
                fail(m_source, item, "key \"" + key + ".steps\" is 1: from and to must then be equal");
            }
            for (const GridAxis &other : spec.grid) {
                if (other.param == axis.param) {
                    fail(m_source, item,
                         "key \"" + key + ".parameter\": " + info->key + " is already an axis of the grid");
                }
            }
            points *= axis.steps;
            spec.grid.push_back(axis);
        }
        if (points > double(MaxPoints)) {
            fail(m_source, v,
                 "key \"design.grid\" makes " + formatNumber(points, 10) + " points; allowed: at most " +
                     std::to_string(MaxPoints));
        }
    }

    void readSobol(const Value &v, SweepSpec &spec) const
    {
        if (v.type != Value::Type::Object) {
            fail(m_source, v, "key \"design.sobol\" must be an object such as {\"base_samples\": 256}");
        }
        SobolSpec sobol;
        bool hasSamples = false;
        for (std::size_t m = 0; m < v.keys.size(); ++m) {
            const std::string full = "design.sobol." + v.keys[m];
            if (v.keys[m] == "base_samples") {
                sobol.baseSamples = whole(v.members[m], full, 2, 100'000);
                hasSamples = true;
            } else if (v.keys[m] == "bootstrap") {
                sobol.bootstrap = int(whole(v.members[m], full, 0, 100'000));
            } else {
                fail(m_source, v.members[m],
                     "unknown key \"" + full + "\"; allowed: base_samples, bootstrap");
            }
        }
        if (!hasSamples) {
            fail(m_source, v,
                 "key \"design.sobol.base_samples\" is missing (a whole number from 2 to 100000)");
        }
        const std::size_t inputs = spec.scenario.uncertainInputs().size();
        if (inputs == 0) {
            fail(m_source, v,
                 "key \"design.sobol\" needs uncertain inputs in the scenario (its \"uncertainty\" key); it "
                 "has "
                 "none");
        }
        if (double(sobol.baseSamples) * double(inputs + 2) > double(MaxPoints)) {
            fail(m_source, v,
                 "key \"design.sobol.base_samples\" makes " +
                     formatNumber(double(sobol.baseSamples) * double(inputs + 2), 10) +
                     " points (N x (inputs + 2)); allowed: at most " + std::to_string(MaxPoints));
        }
        spec.sobol = sobol;
    }

    std::string m_source;
    std::string m_baseDir;
};

} // namespace

std::string OutputSpec::key() const
{
    std::string key = probability ? probabilityTable()[std::size_t(*probability)].key
                                  : std::string(seriesInfo(series).key) + "." + statKey(stat);
    return key + "@" + std::to_string(month);
}

SweepSpec parseSweep(std::string_view text, const std::string &sourceName, const std::string &baseDir)
{
    if (text.size() > MaxSweepFileBytes) {
        throw SweepError(sourceName + ": file is larger than 1 MiB; a sweep file is a few kilobytes");
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3); // a UTF-8 byte order mark, as some editors write it
    }
    Value root;
    try {
        root = json::parse(text);
    } catch (const json::ParseError &e) {
        throw SweepError(sourceName + ": malformed JSON at " + e.what());
    }
    return Reader(sourceName, baseDir).read(root);
}

SweepSpec loadSweepFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw SweepError(path + ": cannot open the file for reading");
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) {
        throw SweepError(path + ": cannot read the file (is it a directory?)");
    }
    if (static_cast<std::size_t>(size) > MaxSweepFileBytes) {
        throw SweepError(path + ": file is larger than 1 MiB; a sweep file is a few kilobytes");
    }
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), size);
    if (!in) {
        throw SweepError(path + ": cannot read the file");
    }
    const std::size_t slash = path.find_last_of('/');
    return parseSweep(text, path, slash == std::string::npos ? std::string() : path.substr(0, slash));
}

} // namespace jevons::sweep
