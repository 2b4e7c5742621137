// The scenario file (docs/model.md, "File formats"): reading with a message for every violation, and
// writing. Files are untrusted input (docs/security.md): the JSON reader is strict and bounded.
#include "jevons/engine/scenario.h"

#include "jevons/engine/json.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace jevons {

namespace {

using json::Value;

[[noreturn]] void fail(const std::string &source, const std::string &what)
{
    throw ScenarioError(source + ": " + what);
}

std::string at(const Value &v)
{
    return "line " + std::to_string(v.line) + ": ";
}

bool parseMonth(const std::string &text, int &year, int &month)
{
    if (text.size() != 7 || text[4] != '-') {
        return false;
    }
    for (int i : {0, 1, 2, 3, 5, 6}) {
        if (text[std::size_t(i)] < '0' || text[std::size_t(i)] > '9') {
            return false;
        }
    }
    year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    month = (text[5] - '0') * 10 + (text[6] - '0');
    return year >= 1900 && year <= 2200 && month >= 1 && month <= 12;
}

std::string allowedKeysOf(std::string_view group)
{
    std::string allowed;
    for (const auto &candidate : paramTable()) {
        if (group == candidate.group) {
            allowed += allowed.empty() ? "" : ", ";
            allowed += candidate.key;
        }
    }
    return allowed;
}

std::string uncertainKeys()
{
    return "any parameter key of docs/model.md but horizon_years (e.g. price_elasticity)";
}

class Reader {
public:
    Reader(const std::string &source) : m_source(source) {}

    Scenario read(const Value &root)
    {
        if (root.type != Value::Type::Object) {
            fail(m_source,
                 std::string("the top level must be a JSON object, not ") + json::typeName(root.type));
        }
        Scenario s;
        bool powerGiven = false;
        const Value *uncertainty = nullptr, *correlation = nullptr;
        for (std::size_t member = 0; member < root.keys.size(); ++member) {
            const std::string &key = root.keys[member];
            const Value &value = root.members[member];
            if (key == "name" || key == "notes") {
                (key == "name" ? s.name : s.notes) = string(value, key);
            } else if (key == "start") {
                if (value.type != Value::Type::String ||
                    !parseMonth(value.string, s.startYear, s.startMonth)) {
                    fail(m_source,
                         at(value) + "key \"start\" must be a month \"YYYY-MM\" between 1900-01 and 2200-12");
                }
            } else if (key == "uncertainty") {
                uncertainty = &object(value, key, "an object of intervals");
            } else if (key == "correlation") {
                correlation = &value;
            } else if (key == "run") {
                s.run = readRun(value);
            } else if (std::find(ParamGroups.begin(), ParamGroups.end(), key) != ParamGroups.end()) {
                object(value, key, "an object of parameters");
                for (std::size_t inner = 0; inner < value.keys.size(); ++inner) {
                    const std::string &innerKey = value.keys[inner];
                    const Value &innerValue = value.members[inner];
                    const ParamInfo *info = findParam(innerKey);
                    if (info == nullptr || key != info->group) {
                        fail(m_source, at(innerValue) + "unknown key \"" + key + "." + innerKey +
                                           "\"; allowed in \"" + key + "\": " + allowedKeysOf(key));
                    }
                    s[info->id] = number(innerValue, qualifiedKey(*info));
                    powerGiven = powerGiven || info->id == Param::PowerGw;
                }
            } else if (const ParamInfo *info = findParam(key); info != nullptr && *info->group == '\0') {
                s[info->id] = number(value, key);
            } else {
                fail(m_source,
                     at(value) + "unknown key \"" + key +
                         "\"; allowed at the top level: name, notes, start, horizon_years, initial, "
                         "demand, efficiency, supply, power, market, uncertainty, correlation, run");
            }
        }
        s.powerFollowsStart = !powerGiven;
        s.updateDerivedDefaults();
        if (uncertainty != nullptr) {
            readUncertainty(*uncertainty, s);
        }
        if (correlation != nullptr) {
            readCorrelation(*correlation, s);
        }
        return s;
    }

private:
    const Value &object(const Value &v, const std::string &key, const char *allowed) const
    {
        if (v.type != Value::Type::Object) {
            fail(m_source,
                 at(v) + "key \"" + key + "\" is " + json::typeName(v.type) + "; allowed: " + allowed);
        }
        return v;
    }

    double number(const Value &v, const std::string &key) const
    {
        if (v.type != Value::Type::Number) {
            std::string allowed = "a number";
            if (const ParamInfo *info = findParam(key.substr(key.find('.') + 1))) {
                allowed += " from " + formatNumber(info->minValue) + " to " + formatNumber(info->maxValue);
            }
            fail(m_source,
                 at(v) + "key \"" + key + "\" is " + json::typeName(v.type) + "; allowed: " + allowed);
        }
        return v.number;
    }

    std::string string(const Value &v, const std::string &key) const
    {
        if (v.type != Value::Type::String) {
            fail(m_source,
                 at(v) + "key \"" + key + "\" is " + json::typeName(v.type) + "; allowed: a string");
        }
        return v.string;
    }

    RunRecord readRun(const Value &v) const
    {
        object(v, "run", "an object with paths and seed");
        RunRecord run;
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
            const std::string &key = v.keys[i];
            const Value &value = v.members[i];
            if (key == "about") {
                string(value, "run.about");
                continue;
            }
            if (key != "paths" && key != "seed") {
                fail(m_source,
                     at(value) + "unknown key \"run." + key + "\"; allowed in \"run\": paths, seed, about");
            }
            const double n = number(value, "run." + key);
            const double limit =
                key == "paths" ? 1e10 : 18446744073709549568.0; // 2^64 - 2048: exact in double
            const double lowest = key == "paths" ? 1 : 0;
            if (!(n >= lowest && n <= limit && n == std::floor(n))) {
                fail(m_source, at(value) + "key \"run." + key + "\" is " + formatNumber(n, 17) +
                                   "; allowed: " +
                                   (key == "paths" ? "a whole number from 1 to 10000000000"
                                                   : "a whole number from 0 to 2^64 - 1"));
            }
            (key == "paths" ? run.paths : run.seed) = static_cast<std::uint64_t>(n);
        }
        return run;
    }

    void readUncertainty(const Value &v, Scenario &s) const
    {
        for (std::size_t i = 0; i < v.keys.size(); ++i) {
            const std::string &name = v.keys[i];
            const Value &entry = v.members[i];
            const std::string key = "uncertainty." + name;
            const ParamInfo *info = findParam(name);
            if (info == nullptr) {
                fail(m_source, at(entry) + "unknown input \"" + key + "\"; allowed: " + uncertainKeys());
            }
            object(entry, key, "an object with p5, p95 and an optional scale");
            Interval interval;
            bool hasP5 = false, hasP95 = false;
            for (std::size_t f = 0; f < entry.keys.size(); ++f) {
                const std::string &field = entry.keys[f];
                const Value &value = entry.members[f];
                if (field == "p5" || field == "p95") {
                    (field == "p5" ? interval.p5 : interval.p95) = number(value, key + "." + field);
                    (field == "p5" ? hasP5 : hasP95) = true;
                } else if (field == "scale") {
                    const std::string scale = string(value, key + ".scale");
                    if (scale != "linear" && scale != "log") {
                        fail(m_source, at(value) + "key \"" + key + ".scale\" is \"" + scale +
                                           "\"; allowed: \"linear\" or \"log\"");
                    }
                    interval.scale = scale == "log" ? IntervalScale::Log : IntervalScale::Linear;
                } else {
                    fail(m_source, at(value) + "unknown key \"" + key + "." + field +
                                       "\"; allowed in an interval: p5, p95, scale");
                }
            }
            if (!hasP5 || !hasP95) {
                fail(m_source, at(entry) + "key \"" + key + "\" has no " + (hasP5 ? "p95" : "p5") +
                                   "; allowed: an object with both p5 and p95");
            }
            s.intervals[static_cast<std::size_t>(info->id)] = interval;
        }
    }

    void readCorrelation(const Value &v, Scenario &s) const
    {
        if (v.type != Value::Type::Array) {
            fail(m_source, at(v) + "key \"correlation\" is " + json::typeName(v.type) +
                               "; allowed: an array of {\"between\": [input, input], \"rank\": number}");
        }
        for (std::size_t i = 0; i < v.array.size(); ++i) {
            const Value &entry = v.array[i];
            const std::string key = "correlation[" + std::to_string(i) + "]";
            object(entry, key, "an object {\"between\": [input, input], \"rank\": number}");
            RankCorrelation c;
            bool hasBetween = false, hasRank = false;
            for (std::size_t f = 0; f < entry.keys.size(); ++f) {
                const std::string &field = entry.keys[f];
                const Value &value = entry.members[f];
                if (field == "rank") {
                    c.rank = number(value, key + ".rank");
                    hasRank = true;
                } else if (field == "between") {
                    if (value.type != Value::Type::Array || value.array.size() != 2 ||
                        value.array[0].type != Value::Type::String ||
                        value.array[1].type != Value::Type::String) {
                        fail(m_source, at(value) + "key \"" + key +
                                           ".between\" must be an array of two input names (strings)");
                    }
                    for (int side = 0; side < 2; ++side) {
                        const std::string &name = value.array[std::size_t(side)].string;
                        const ParamInfo *info = findParam(name);
                        if (info == nullptr || info->id == Param::HorizonYears) {
                            fail(m_source, at(value) + "key \"" + key + ".between\" names \"" + name +
                                               "\"; allowed: " + uncertainKeys());
                        }
                        (side == 0 ? c.first : c.second) = info->id;
                    }
                    hasBetween = true;
                } else {
                    fail(m_source, at(value) + "unknown key \"" + key + "." + field +
                                       "\"; allowed in a correlation: between, rank");
                }
            }
            if (!hasBetween || !hasRank) {
                fail(m_source, at(entry) + "key \"" + key + "\" has no " + (hasBetween ? "rank" : "between") +
                                   "; allowed: an object with both between and rank");
            }
            s.correlations.push_back(c);
        }
    }

    const std::string &m_source;
};

} // namespace

Scenario parseScenario(std::string_view text, const std::string &sourceName)
{
    if (text.size() > MaxScenarioFileBytes) {
        fail(sourceName, "file is larger than 1 MiB; a scenario file is a few kilobytes");
    }
    if (text.size() >= 2 &&
        ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
        fail(sourceName, "file is UTF-16 encoded; save it as UTF-8 JSON");
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3); // tolerate a UTF-8 byte order mark written by some editors
    }
    Value root;
    try {
        root = json::parse(text);
    } catch (const json::ParseError &e) {
        fail(sourceName, std::string("malformed JSON at ") + e.what());
    }
    Scenario s = Reader(sourceName).read(root);
    validateScenario(s, sourceName);
    return s;
}

Scenario loadScenarioFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        fail(path, "cannot open the file for reading");
    }
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) {
        fail(path, "cannot read the file (is it a directory?)");
    }
    if (static_cast<std::size_t>(size) > MaxScenarioFileBytes) {
        fail(path, "file is larger than 1 MiB; a scenario file is a few kilobytes");
    }
    in.seekg(0, std::ios::beg);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), size);
    if (!in) {
        fail(path, "cannot read the file");
    }
    return parseScenario(text, path);
}

std::string scenarioToJson(const Scenario &s, int indent, bool fillDerivedDefaults)
{
    const std::string pad(std::size_t(indent), ' ');
    auto key = [&](std::string &out, const char *name, int level) {
        out += ",\n";
        for (int i = 0; i < level; ++i) {
            out += pad;
        }
        json::appendString(out, name);
        out += ": ";
    };
    std::string out = "{\n" + pad;
    json::appendString(out, "name");
    out += ": ";
    json::appendString(out, s.name);
    if (!s.notes.empty()) {
        key(out, "notes", 1);
        json::appendString(out, s.notes);
    }
    key(out, "start", 1);
    json::appendString(out, s.monthLabel(0));
    key(out, "horizon_years", 1);
    json::appendNumber(out, s[Param::HorizonYears]);
    for (const char *group : ParamGroups) {
        key(out, group, 1);
        out += "{";
        bool first = true;
        for (const auto &info : paramTable()) {
            if (std::string_view(info.group) != group ||
                (info.id == Param::PowerGw && s.powerFollowsStart && !fillDerivedDefaults)) {
                continue;
            }
            out += first ? "\n" : ",\n";
            first = false;
            out += pad + pad;
            json::appendString(out, info.key);
            out += ": ";
            json::appendNumber(out, s[info.id]);
        }
        out += "\n" + pad + "}";
    }
    if (s.hasUncertainty()) {
        key(out, "uncertainty", 1);
        out += "{";
        bool first = true;
        for (const auto &info : paramTable()) {
            const auto &interval = s.intervals[static_cast<std::size_t>(info.id)];
            if (!interval) {
                continue;
            }
            out += first ? "\n" : ",\n";
            first = false;
            out += pad + pad;
            json::appendString(out, info.key);
            out += ": {\"p5\": ";
            json::appendNumber(out, interval->p5);
            out += ", \"p95\": ";
            json::appendNumber(out, interval->p95);
            out +=
                interval->scale == IntervalScale::Log ? ", \"scale\": \"log\"}" : ", \"scale\": \"linear\"}";
        }
        out += "\n" + pad + "}";
    }
    if (!s.correlations.empty()) {
        key(out, "correlation", 1);
        out += "[";
        for (std::size_t i = 0; i < s.correlations.size(); ++i) {
            const RankCorrelation &c = s.correlations[i];
            out += i ? ",\n" : "\n";
            out += pad + pad + "{\"between\": [";
            json::appendString(out, paramInfo(c.first).key);
            out += ", ";
            json::appendString(out, paramInfo(c.second).key);
            out += "], \"rank\": ";
            json::appendNumber(out, c.rank);
            out += "}";
        }
        out += "\n" + pad + "]";
    }
    if (s.run) {
        key(out, "run", 1);
        out += "{\"paths\": " + std::to_string(s.run->paths) + ", \"seed\": " + std::to_string(s.run->seed) +
               ", \"about\": \"How the saved results were computed: paths and seed change only the random "
               "draws, not the economics.\"}";
    }
    out += "\n}\n";
    return out;
}

} // namespace jevons
