// Cell rules of the dataset: keys, numbers, kinds, source references, header and row checks, and topic
// detection from a header.
#include "cells.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace jevons::data::detail {

std::string normalizedKeyPart(const Value &v, ColumnType type)
{
    std::string out;
    appendKeyPart(out, v, type);
    return out;
}

void appendKeyPart(std::string &out, const Value &v, ColumnType type)
{
    if (type == ColumnType::Date && !v.empty()) {
        out += v.date.toString();
        return;
    }
    const std::size_t start = out.size();
    bool space = false;
    for (char c : v.text) {
        if (isSpace(c) || c == '\n' || c == '\r') {
            space = out.size() > start;
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(lower(c));
    }
}

std::string rowKey(const TopicSchema &schema, const std::vector<int> &keyIdx, const Row &row)
{
    std::string key;
    appendRowKey(key, schema, keyIdx, row);
    return key;
}

void appendRowKey(std::string &key, const TopicSchema &schema, const std::vector<int> &keyIdx, const Row &row)
{
    for (int i : keyIdx) {
        appendKeyPart(key, row.values[i], schema.columns[i].type);
        key.push_back('\x1f');
    }
}

KeyIndex::KeyIndex(const TopicSchema &schema, const std::vector<Row> &rows, std::size_t expected)
    : m_schema(schema), m_rows(rows), m_keyIdx(keyIndices(schema))
{
    m_byHash.reserve(expected);
}

std::size_t KeyIndex::lookup(const std::string &key, std::uint64_t hash) const
{
    const auto it = m_byHash.find(hash);
    if (it == m_byHash.end())
        return npos;
    m_other.clear();
    appendRowKey(m_other, m_schema, m_keyIdx, m_rows[it->second]);
    if (m_other == key)
        return it->second;
    const auto c = m_collided.find(key);
    return c == m_collided.end() ? npos : c->second;
}

std::size_t KeyIndex::find(const Row &row) const
{
    m_key.clear();
    appendRowKey(m_key, m_schema, m_keyIdx, row);
    return lookup(m_key, std::hash<std::string>{}(m_key));
}

std::size_t KeyIndex::insert(const Row &row, std::size_t index)
{
    m_key.clear();
    appendRowKey(m_key, m_schema, m_keyIdx, row);
    const std::uint64_t hash = std::hash<std::string>{}(m_key);
    if (const std::size_t found = lookup(m_key, hash); found != npos)
        return found;
    if (!m_byHash.emplace(hash, index).second)
        m_collided.emplace(m_key, index); // another key has this hash
    return npos;
}

std::vector<int> keyIndices(const TopicSchema &schema)
{
    std::vector<int> idx;
    for (const std::string &k : schema.keyColumns)
        idx.push_back(schema.columnIndex(k));
    return idx;
}

bool parseNumber(std::string_view s, double *out)
{
    if (s.empty() || s.size() > 64)
        return false;
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
            return false; // rejects inf, nan, hex, thousands separators, currency signs, suffixes
    }
    if (s.front() == '+')
        s.remove_prefix(1);
    if (s.empty() || s.front() == '+')
        return false;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v))
        return false;
    *out = v;
    return true;
}

bool parseInteger(std::string_view s, double *out)
{
    std::string_view digits = s;
    if (!digits.empty() && digits.front() == '-')
        digits.remove_prefix(1);
    if (digits.empty() || digits.size() > 15)
        return false;
    for (char c : digits) {
        if (c < '0' || c > '9')
            return false;
    }
    long long v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return false;
    *out = static_cast<double>(v);
    return true;
}

bool parseKind(std::string_view s, Kind *out)
{
    for (Kind k : {Kind::Reported, Kind::Estimate, Kind::Derived, Kind::Guidance, Kind::Assumption}) {
        if (equalsIgnoreCase(s, kindName(k))) {
            *out = k;
            return true;
        }
    }
    return false;
}

// One reference of a source cell: a URL with a scheme, a host-like name with a dot, or a path with a slash.
bool looksLikeReference(std::string_view ref)
{
    if (ref.empty())
        return false;
    for (char c : ref) {
        if (isSpace(c) || c == '\n' || c == '\r')
            return false;
    }
    return ref.find("://") != std::string_view::npos || ref.find('/') != std::string_view::npos ||
           (ref.find('.') != std::string_view::npos && ref.front() != '.' && ref.back() != '.');
}

// Parses the header against `schema`; returns the number of columns the file has (with or without note).
std::size_t checkHeader(const TopicSchema &schema, const std::vector<Field> &header, std::size_t line,
                        const std::string &file)
{
    const std::size_t full = schema.columns.size();
    const std::size_t minimal = full - 1; // note is optional
    auto fail = [&](int column, const std::string &columnName, const std::string &message) {
        throw DatasetError(ErrorCode::Header, file, line, column, columnName, message);
    };
    for (std::size_t i = 0; i < header.size(); ++i) {
        const std::string_view got = trim(header[i].text);
        if (i >= full)
            fail(static_cast<int>(i + 1), "",
                 "unexpected extra column " + shown(got) + " (topic " + schema.id + " has " +
                     std::to_string(full) + " columns)");
        const std::string &want = schema.columns[i].name;
        if (equalsIgnoreCase(got, want))
            continue;
        const int elsewhere = [&] {
            for (std::size_t j = 0; j < full; ++j) {
                if (equalsIgnoreCase(got, schema.columns[j].name))
                    return static_cast<int>(j);
            }
            return -1;
        }();
        if (elsewhere >= 0)
            fail(static_cast<int>(i + 1), want,
                 "column " + shown(got) + " is out of order: expected \"" + want + "\" here");
        fail(static_cast<int>(i + 1), want, "unknown column " + shown(got) + ": expected \"" + want + "\"");
    }
    if (header.size() < minimal)
        fail(static_cast<int>(header.size() + 1), schema.columns[header.size()].name,
             "missing column \"" + schema.columns[header.size()].name + "\" (topic " + schema.id + " needs " +
                 std::to_string(minimal) + " columns, plus an optional note)");
    return header.size();
}

// Validates one cell into `v`; throws DatasetError naming the cell.
void parseCell(const ColumnSpec &spec, const Field &field, int column, const std::string &file, Value &v,
               Kind *kind)
{
    const std::string_view s = trim(field.text);
    v.text.assign(s);
    auto fail = [&](ErrorCode code, const std::string &message) {
        throw DatasetError(code, file, field.line, column, spec.name, message);
    };
    if (s.empty()) {
        if (spec.required)
            fail(ErrorCode::Missing, "required value is empty");
        return;
    }
    switch (spec.type) {
    case ColumnType::Text:
        return;
    case ColumnType::Number:
    case ColumnType::Integer: {
        const bool integer = spec.type == ColumnType::Integer;
        if (!(integer ? parseInteger(s, &v.number) : parseNumber(s, &v.number)))
            fail(ErrorCode::Number,
                 "not " + std::string(integer ? "a whole number: " : "a number: ") + shown(s) +
                     " (plain decimals only, e.g. 1234.5; no separators, units or symbols)");
        if (v.number < spec.minValue || v.number > spec.maxValue) {
            std::string range;
            char buf[64];
            const auto fmt = [&](double x) {
                const auto r = std::to_chars(buf, buf + sizeof buf, x);
                return std::string(buf, r.ptr);
            };
            if (std::isfinite(spec.minValue) && std::isfinite(spec.maxValue))
                range = "between " + fmt(spec.minValue) + " and " + fmt(spec.maxValue);
            else if (std::isfinite(spec.minValue))
                range = "at least " + fmt(spec.minValue);
            else
                range = "at most " + fmt(spec.maxValue);
            fail(ErrorCode::OutOfRange, "value " + shown(s) + " out of range: must be " + range);
        }
        return;
    }
    case ColumnType::Date:
        if (!Date::parse(s, &v.date))
            fail(ErrorCode::Date,
                 "not a date: " + shown(s) +
                     " (expected YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY, a real calendar date)");
        return;
    case ColumnType::Kind:
        if (!parseKind(s, kind))
            fail(ErrorCode::Kind, "unknown kind " + shown(s) +
                                      " (expected reported, estimate, derived, guidance or assumption)");
        v.text = kindName(*kind);
        return;
    case ColumnType::Url: {
        std::string_view rest = s;
        for (;;) {
            const std::size_t semi = rest.find(';');
            const std::string_view ref = trim(rest.substr(0, semi));
            if (!looksLikeReference(ref))
                fail(ErrorCode::Url, "not a URL or repository path: " + shown(ref) +
                                         " (separate references with ';', encode spaces as %20)");
            if (semi == std::string_view::npos)
                break;
            rest.remove_prefix(semi + 1);
        }
        return;
    }
    }
}

void checkRowRules(const TopicSchema &schema, const Row &row, std::size_t line, const std::string &file)
{
    auto col = [&](const std::string &name) { return schema.columnIndex(name); };
    auto fail = [&](ErrorCode code, int index, const std::string &message) {
        throw DatasetError(code, file, line, index + 1, schema.columns[index].name, message);
    };
    for (const auto &group : schema.anyOf) {
        const bool any = std::any_of(group.begin(), group.end(),
                                     [&](const std::string &c) { return !row.values[col(c)].empty(); });
        if (!any) {
            std::string names;
            for (const std::string &c : group)
                names += (names.empty() ? "" : ", ") + c;
            fail(ErrorCode::Missing, col(group.front()), "give at least one of " + names);
        }
    }
    for (const RangeRule &r : schema.ranges) {
        const int ip = col(r.point), il = col(r.low), ih = col(r.high);
        const Value &p = row.values[ip], &l = row.values[il], &h = row.values[ih];
        if (!l.empty() && !h.empty() && l.number > h.number)
            fail(ErrorCode::OutOfRange, il,
                 r.low + " " + shown(l.text) + " is above " + r.high + " " + shown(h.text));
        if (!p.empty() && !l.empty() && p.number < l.number)
            fail(ErrorCode::OutOfRange, ip,
                 r.point + " " + shown(p.text) + " is below " + r.low + " " + shown(l.text));
        if (!p.empty() && !h.empty() && p.number > h.number)
            fail(ErrorCode::OutOfRange, ip,
                 r.point + " " + shown(p.text) + " is above " + r.high + " " + shown(h.text));
    }
    for (const auto &[given, needed] : schema.dependencies) {
        if (!row.values[col(given)].empty() && row.values[col(needed)].empty())
            fail(ErrorCode::Missing, col(needed), needed + " is required when " + given + " is given");
    }
}

std::vector<Field> readHeader(CsvReader &reader, std::size_t &line, const std::string &file)
{
    std::vector<Field> header;
    const bool found = reader.next(header, line, MaxFieldsPerRecord, [&](std::size_t l) {
        throw DatasetError(ErrorCode::Header, file, l, static_cast<int>(MaxFieldsPerRecord + 1), "",
                           "more than " + std::to_string(MaxFieldsPerRecord) + " columns in the header");
    });
    if (!found)
        throw DatasetError(ErrorCode::Header, file, 1, 0, "", "empty file: no header row");
    return header;
}

// The topic whose columns the header starts with for the longest stretch (ties: the first), or nullptr.
const TopicSchema *bestTopicFor(const std::vector<Field> &header, bool exactOnly)
{
    const TopicSchema *best = nullptr;
    std::size_t bestPrefix = 0;
    for (const TopicSchema &t : topics()) {
        std::size_t prefix = 0;
        while (prefix < header.size() && prefix < t.columns.size() &&
               equalsIgnoreCase(trim(header[prefix].text), t.columns[prefix].name))
            ++prefix;
        const bool exact = prefix == header.size() &&
                           (header.size() == t.columns.size() || header.size() + 1 == t.columns.size());
        if (exact)
            return &t;
        if (!exactOnly && prefix > bestPrefix) {
            best = &t;
            bestPrefix = prefix;
        }
    }
    return best;
}

} // namespace jevons::data::detail
