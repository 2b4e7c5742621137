// CSV reading and validation for the dataset (see jevons/dataset.h for the format).
//
// The reader is a single forward pass over the bytes with no recursion and no look-behind, so it is safe on
// arbitrary input (it is a fuzzing target): every index is checked against the end, a record may hold at most
// MaxFieldsPerRecord fields, and nothing is allocated beyond the fields of the current record and the rows
// kept. Encoding is checked inside the same pass so an error can name the CSV line and column of the bad
// byte.
#include "jevons/dataset.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_map>
#include <utility>

namespace jevons::data {
namespace {

// More columns than any topic has; a header beyond this is rejected before it can grow without bound.
constexpr std::size_t MaxFieldsPerRecord = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// Quotes a value for an error message, shortened so one bad 10 MB cell gives a one-line message.
std::string shown(std::string_view s)
{
    constexpr std::size_t Max = 40;
    std::string out = "\"";
    if (s.size() <= Max) {
        out += s;
    } else {
        std::size_t cut = Max;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80)
            --cut; // do not split a UTF-8 sequence
        out += s.substr(0, cut);
        out += "...";
    }
    for (char &c : out) {
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    }
    return out + "\"";
}

std::string formatWhat(const std::string &file, std::size_t line, int column, const std::string &columnName,
                       const std::string &message)
{
    std::string s = file.empty() ? std::string("(unnamed)") : file;
    if (line > 0)
        s += ", line " + std::to_string(line);
    if (column > 0) {
        s += ", column " + std::to_string(column);
        if (!columnName.empty())
            s += " (" + columnName + ")";
    }
    return s + ": " + message;
}

struct Field {
    std::string text;
    std::size_t line = 0; // line where the field starts
    bool quoted = false;
};

// Streams RFC 4180 records out of the bytes. Throws DatasetError for malformed quoting and encoding.
class CsvReader {
public:
    CsvReader(std::string_view data, const std::string &file) : m_data(data), m_file(file)
    {
        checkFileSize(data.size(), file);
        if (m_data.size() >= 4 && static_cast<unsigned char>(m_data[0]) == 0x00 &&
            static_cast<unsigned char>(m_data[1]) == 0x00 && static_cast<unsigned char>(m_data[2]) == 0xFE &&
            static_cast<unsigned char>(m_data[3]) == 0xFF)
            fail(ErrorCode::Encoding, 1, 0, "UTF-32 byte-order mark: the file must be UTF-8");
        if (m_data.size() >= 2) {
            const auto b0 = static_cast<unsigned char>(m_data[0]), b1 = static_cast<unsigned char>(m_data[1]);
            if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF))
                fail(ErrorCode::Encoding, 1, 0,
                     "UTF-16 byte-order mark: the file must be UTF-8 (save it as "
                     "\"CSV UTF-8\")");
        }
        if (m_data.size() >= 3 && static_cast<unsigned char>(m_data[0]) == 0xEF &&
            static_cast<unsigned char>(m_data[1]) == 0xBB && static_cast<unsigned char>(m_data[2]) == 0xBF)
            m_pos = 3; // UTF-8 byte-order mark, as Excel writes it
    }

    // Reads the next non-blank record into `fields`; false at the end. At most `maxFields` fields are kept:
    // one more makes it call onTooMany(recordLine) (which must throw).
    template <typename TooMany>
    bool next(std::vector<Field> &fields, std::size_t &recordLine, std::size_t maxFields, TooMany onTooMany)
    {
        while (m_pos < m_data.size()) {
            fields.clear();
            recordLine = m_line;
            readRecord(fields, maxFields, onTooMany, recordLine);
            const bool blank = fields.size() == 1 && !fields[0].quoted && trim(fields[0].text).empty();
            if (!blank)
                return true;
        }
        return false;
    }

    [[noreturn]] void fail(ErrorCode code, std::size_t line, int column, const std::string &message) const
    {
        throw DatasetError(code, m_file, line, column, "", message);
    }

private:
    template <typename TooMany>
    void readRecord(std::vector<Field> &fields, std::size_t maxFields, TooMany &onTooMany,
                    std::size_t recordLine)
    {
        for (;;) {
            if (fields.size() == maxFields) {
                onTooMany(recordLine); // expected to throw; the fail() below keeps the cap if it does not
                fail(ErrorCode::FieldCount, recordLine, static_cast<int>(maxFields + 1), "too many fields");
            }
            fields.emplace_back();
            Field &f = fields.back();
            f.line = m_line;
            const int column = static_cast<int>(fields.size());
            // A quoted field: only spaces may precede the opening quote.
            std::size_t p = m_pos;
            while (p < m_data.size() && isSpace(m_data[p]))
                ++p;
            if (p < m_data.size() && m_data[p] == '"') {
                f.quoted = true;
                m_pos = p + 1;
                readQuoted(f, column);
            } else {
                readUnquoted(f, column);
            }
            // Now at a separator, a line end or the end of the data.
            if (m_pos >= m_data.size())
                return;
            const char c = m_data[m_pos];
            if (c == ',') {
                ++m_pos;
                continue;
            }
            consumeLineEnd();
            return;
        }
    }

    void consumeLineEnd()
    {
        if (m_data[m_pos] == '\r' && m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
    }

    void readUnquoted(Field &f, int column)
    {
        const std::size_t start = m_pos;
        while (m_pos < m_data.size()) {
            const char c = m_data[m_pos];
            if (c == ',' || c == '\n' || c == '\r')
                break;
            if (c == '"')
                fail(ErrorCode::Csv, m_line, column,
                     "quote character inside an unquoted field (quote the whole field and double inner "
                     "quotes)");
            checkByte(column, false);
        }
        f.text.assign(m_data.substr(start, m_pos - start));
    }

    void readQuoted(Field &f, int column)
    {
        const std::size_t openLine = m_line;
        for (;;) {
            if (m_pos >= m_data.size())
                fail(ErrorCode::Csv, openLine, column,
                     "unterminated quoted field (the quote opened here is never closed)");
            const char c = m_data[m_pos];
            if (c == '"') {
                if (m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '"') {
                    f.text.push_back('"');
                    m_pos += 2;
                    continue;
                }
                ++m_pos; // closing quote; only spaces may follow before the separator
                while (m_pos < m_data.size() && isSpace(m_data[m_pos]))
                    ++m_pos;
                if (m_pos < m_data.size() && m_data[m_pos] != ',' && m_data[m_pos] != '\n' &&
                    m_data[m_pos] != '\r')
                    fail(ErrorCode::Csv, m_line, column, "text after the closing quote of a quoted field");
                return;
            }
            const std::size_t start = m_pos;
            checkByte(column, true);
            f.text.append(m_data.substr(start, m_pos - start));
        }
    }

    // Validates the character at m_pos (one UTF-8 sequence) and advances past it. Line ends are allowed only
    // inside quotes (the caller stops at them otherwise); they advance the line count.
    void checkByte(int column, bool inQuotes)
    {
        const auto b = static_cast<unsigned char>(m_data[m_pos]);
        if (b < 0x80) {
            if (b == '\n' || b == '\r') {
                if (inQuotes) {
                    if (b == '\r' && m_pos + 1 < m_data.size() && m_data[m_pos + 1] == '\n')
                        ++m_pos; // a CRLF inside a quoted field is one line end
                    ++m_line;
                }
            } else if (b == 0) {
                fail(ErrorCode::Encoding, m_line, column,
                     "NUL byte: the file is not UTF-8 (UTF-16 without a byte-order mark?)");
            } else if (b < 0x20 && b != '\t') {
                fail(ErrorCode::Encoding, m_line, column,
                     "control character 0x" + hex(b) + " (the file must be UTF-8 text)");
            }
            ++m_pos;
            return;
        }
        // Multi-byte sequence: lengths, continuation bytes, overlong forms, surrogates and the U+10FFFF limit
        // as in RFC 3629 section 4.
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (b >= 0xC2 && b <= 0xDF) {
            len = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            len = 3;
            if (b == 0xE0)
                lo = 0xA0;
            else if (b == 0xED)
                hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            len = 4;
            if (b == 0xF0)
                lo = 0x90;
            else if (b == 0xF4)
                hi = 0x8F;
        } else {
            invalidUtf8(column, b);
        }
        if (m_pos + len > m_data.size())
            invalidUtf8(column, b);
        const auto b1 = static_cast<unsigned char>(m_data[m_pos + 1]);
        if (b1 < lo || b1 > hi)
            invalidUtf8(column, b);
        for (std::size_t i = 2; i < len; ++i) {
            const auto bi = static_cast<unsigned char>(m_data[m_pos + i]);
            if (bi < 0x80 || bi > 0xBF)
                invalidUtf8(column, b);
        }
        m_pos += len;
    }

    [[noreturn]] void invalidUtf8(int column, unsigned char b) const
    {
        fail(ErrorCode::Encoding, m_line, column,
             "invalid UTF-8 at byte 0x" + hex(b) + " (offset " + std::to_string(m_pos) +
                 "): the file must be UTF-8 (Latin-1 or Windows-1252 files need converting)");
    }

    static std::string hex(unsigned char b)
    {
        const char *digits = "0123456789ABCDEF";
        return {digits[b >> 4], digits[b & 0xF]};
    }

    std::string_view m_data;
    const std::string &m_file;
    std::size_t m_pos = 0;
    std::size_t m_line = 1;
};

std::string normalizedKeyPart(const Value &v, ColumnType type)
{
    if (type == ColumnType::Date && !v.empty())
        return v.date.toString();
    std::string out;
    bool space = false;
    for (char c : v.text) {
        if (isSpace(c) || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space)
            out.push_back(' ');
        space = false;
        out.push_back(lower(c));
    }
    return out;
}

std::string rowKey(const TopicSchema &schema, const std::vector<int> &keyIdx, const Row &row)
{
    std::string key;
    for (int i : keyIdx) {
        key += normalizedKeyPart(row.values[i], schema.columns[i].type);
        key.push_back('\x1f');
    }
    return key;
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

} // namespace

// ---------------------------------------------------------------------------------------------------------

namespace {

bool isLeap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : days[m - 1];
}

int dayOfYear(int y, int m, int d)
{
    int n = d;
    for (int i = 1; i < m; ++i)
        n += daysInMonth(y, i);
    return n;
}

// Exactly `n` ASCII digits at s[pos..]; false otherwise.
bool digits(std::string_view s, std::size_t pos, std::size_t n, int *out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

} // namespace

bool Date::parse(std::string_view text, Date *out)
{
    Date d;
    if (!digits(text, 0, 4, &d.year) || d.year < 1900 || d.year > 2100)
        return false;
    if (text.size() == 4) {
        d.precision = DatePrecision::Year;
    } else if (text.size() == 7 && text[4] == '-' && (text[5] == 'Q' || text[5] == 'q')) {
        if (!digits(text, 6, 1, &d.quarter) || d.quarter < 1 || d.quarter > 4)
            return false;
        d.precision = DatePrecision::Quarter;
    } else if (text.size() == 7 && text[4] == '-') {
        if (!digits(text, 5, 2, &d.month) || d.month < 1 || d.month > 12)
            return false;
        d.precision = DatePrecision::Month;
    } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
        if (!digits(text, 5, 2, &d.month) || d.month < 1 || d.month > 12 || !digits(text, 8, 2, &d.day) ||
            d.day < 1 || d.day > daysInMonth(d.year, d.month))
            return false;
        d.precision = DatePrecision::Day;
    } else {
        return false;
    }
    *out = d;
    return true;
}

std::string Date::toString() const
{
    auto two = [](int v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
    std::string s = std::to_string(year);
    switch (precision) {
    case DatePrecision::Day:
        return s + "-" + two(month) + "-" + two(day);
    case DatePrecision::Month:
        return s + "-" + two(month);
    case DatePrecision::Quarter:
        return s + "-Q" + std::to_string(quarter);
    case DatePrecision::Year:
        break;
    }
    return s;
}

double Date::startYear() const
{
    const double diy = isLeap(year) ? 366.0 : 365.0;
    switch (precision) {
    case DatePrecision::Day:
        return year + (dayOfYear(year, month, day) - 1) / diy;
    case DatePrecision::Month:
        return year + (dayOfYear(year, month, 1) - 1) / diy;
    case DatePrecision::Quarter:
        return year + (dayOfYear(year, 3 * quarter - 2, 1) - 1) / diy;
    case DatePrecision::Year:
        break;
    }
    return year;
}

double Date::midYear() const
{
    const double diy = isLeap(year) ? 366.0 : 365.0;
    switch (precision) {
    case DatePrecision::Day:
        return startYear() + 0.5 / diy;
    case DatePrecision::Month:
        return startYear() + 0.5 * daysInMonth(year, month) / diy;
    case DatePrecision::Quarter: {
        const int first = 3 * quarter - 2;
        const int days =
            daysInMonth(year, first) + daysInMonth(year, first + 1) + daysInMonth(year, first + 2);
        return startYear() + 0.5 * days / diy;
    }
    case DatePrecision::Year:
        break;
    }
    return year + 0.5;
}

std::string_view kindName(Kind k)
{
    switch (k) {
    case Kind::Reported:
        return "reported";
    case Kind::Estimate:
        return "estimate";
    case Kind::Derived:
        return "derived";
    case Kind::Guidance:
        return "guidance";
    case Kind::Assumption:
        return "assumption";
    }
    return "reported";
}

DatasetError::DatasetError(ErrorCode code, std::string file, std::size_t line, int column,
                           std::string columnName, std::string message)
    : std::runtime_error(formatWhat(file, line, column, columnName, message)), m_code(code),
      m_file(std::move(file)), m_line(line), m_column(column), m_columnName(std::move(columnName)),
      m_message(std::move(message))
{
}

const Value &Table::value(const Row &row, std::string_view column) const
{
    const int i = schema ? schema->columnIndex(column) : -1;
    if (i < 0 || static_cast<std::size_t>(i) >= row.values.size())
        throw std::out_of_range("no column \"" + std::string(column) + "\" in topic " +
                                (schema ? schema->id : std::string("(none)")));
    return row.values[i];
}

std::size_t Table::userRowCount() const
{
    return static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const Row &r) { return r.userSupplied; }));
}

void checkFileSize(std::uint64_t bytes, const std::string &sourceName)
{
    if (bytes > MaxFileBytes)
        throw DatasetError(ErrorCode::TooLarge, sourceName, 0, 0, "",
                           "file too large: " + std::to_string(bytes) + " bytes, the limit is " +
                               std::to_string(MaxFileBytes) + " bytes (50 MiB)");
}

const TopicSchema *detectTopic(std::string_view bytes)
{
    try {
        const std::string name;
        CsvReader reader(bytes, name);
        std::size_t line = 0;
        const std::vector<Field> header = readHeader(reader, line, name);
        return bestTopicFor(header, true);
    } catch (const DatasetError &) {
        return nullptr;
    }
}

// First pass: encoding, quoting and the number of records, without keeping any of them, so that a file
// with too many rows is refused in constant memory.
void checkStructure(std::string_view bytes, const std::string &sourceName)
{
    CsvReader reader(bytes, sourceName);
    std::size_t line = 0;
    readHeader(reader, line, sourceName);
    std::vector<Field> fields;
    std::size_t rows = 0;
    // Exact field counts are checked, in file order, by the second pass; this only caps a record's size.
    auto tooManyFields = [&](std::size_t l) {
        throw DatasetError(ErrorCode::FieldCount, sourceName, l, static_cast<int>(MaxFieldsPerRecord + 1), "",
                           "too many fields: more than " + std::to_string(MaxFieldsPerRecord));
    };
    while (reader.next(fields, line, MaxFieldsPerRecord, tooManyFields)) {
        if (++rows > MaxRows)
            throw DatasetError(ErrorCode::TooManyRows, sourceName, line, 0, "",
                               "too many rows: the limit is " + std::to_string(MaxRows) + " data rows");
    }
}

Table parseTopicCsv(std::string_view bytes, const TopicSchema &topic, const std::string &sourceName,
                    bool userSupplied)
{
    checkStructure(bytes, sourceName);
    CsvReader reader(bytes, sourceName);
    std::size_t line = 0;
    const std::vector<Field> header = readHeader(reader, line, sourceName);
    const std::size_t ncols = checkHeader(topic, header, line, sourceName);
    const std::vector<int> keyIdx = keyIndices(topic);

    Table table;
    table.schema = &topic;
    std::unordered_map<std::string, std::size_t> seen; // key -> line of its first row
    std::vector<Field> fields;
    fields.reserve(ncols + 1);
    auto tooMany = [&](std::size_t l) {
        throw DatasetError(ErrorCode::FieldCount, sourceName, l, static_cast<int>(ncols + 1), "",
                           "too many fields: expected " + std::to_string(ncols) +
                               " (a comma inside a value "
                               "needs quotes)");
    };
    while (reader.next(fields, line, ncols, tooMany)) {
        if (fields.size() < ncols) {
            const std::size_t missing = fields.size();
            throw DatasetError(ErrorCode::FieldCount, sourceName, line, static_cast<int>(missing + 1),
                               topic.columns[missing].name,
                               "too few fields: expected " + std::to_string(ncols) + ", found " +
                                   std::to_string(fields.size()));
        }
        Row row;
        row.line = line;
        row.userSupplied = userSupplied;
        row.origin = sourceName;
        row.values.resize(topic.columns.size());
        for (std::size_t i = 0; i < ncols; ++i)
            parseCell(topic.columns[i], fields[i], static_cast<int>(i + 1), sourceName, row.values[i],
                      &row.kind);
        checkRowRules(topic, row, line, sourceName);
        std::string key = rowKey(topic, keyIdx, row);
        const auto [it, inserted] = seen.emplace(std::move(key), line);
        if (!inserted) {
            std::string what;
            for (int i : keyIdx)
                what += (what.empty() ? "" : ", ") + topic.columns[i].name + "=" + shown(row.values[i].text);
            throw DatasetError(ErrorCode::Duplicate, sourceName, line, keyIdx.front() + 1,
                               topic.columns[keyIdx.front()].name,
                               "duplicate row: same key as line " + std::to_string(it->second) + " (" + what +
                                   ")");
        }
        table.rows.push_back(std::move(row));
    }
    return table;
}

Table parseAnyTopicCsv(std::string_view bytes, const std::string &sourceName, bool userSupplied)
{
    CsvReader reader(bytes, sourceName); // size and byte-order-mark errors come first
    std::size_t line = 0;
    const std::vector<Field> header = readHeader(reader, line, sourceName);
    if (const TopicSchema *exact = bestTopicFor(header, true))
        return parseTopicCsv(bytes, *exact, sourceName, userSupplied);
    // No exact match: if the header starts like a topic, report that topic's precise header error.
    if (const TopicSchema *near = bestTopicFor(header, false))
        return parseTopicCsv(bytes, *near, sourceName, userSupplied);
    std::string known;
    for (const TopicSchema &t : topics())
        known += (known.empty() ? "" : ", ") + t.columns.front().name + " (" + t.id + ")";
    throw DatasetError(ErrorCode::Header, sourceName, line, 1, "",
                       "header matches no topic: the first column " + shown(trim(header.front().text)) +
                           " should be one of " + known);
}

std::string toCsv(const Table &table, bool onlyUserSupplied)
{
    if (!table.schema)
        return {};
    auto put = [](std::string &out, std::string_view v) {
        const bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos ||
                           (!v.empty() && (isSpace(v.front()) || isSpace(v.back())));
        if (!quote) {
            out += v;
            return;
        }
        out.push_back('"');
        for (char c : v) {
            if (c == '"')
                out.push_back('"');
            out.push_back(c);
        }
        out.push_back('"');
    };
    std::string out;
    for (std::size_t i = 0; i < table.schema->columns.size(); ++i) {
        if (i)
            out.push_back(',');
        out += table.schema->columns[i].name;
    }
    out.push_back('\n');
    for (const Row &row : table.rows) {
        if (onlyUserSupplied && !row.userSupplied)
            continue;
        for (std::size_t i = 0; i < row.values.size(); ++i) {
            if (i)
                out.push_back(',');
            put(out, row.values[i].text);
        }
        out.push_back('\n');
    }
    return out;
}

Table mergeTables(const Table &base, const Table &imported, MergeMode mode, MergeStats *stats)
{
    if (!base.schema || base.schema != imported.schema)
        throw DatasetError(ErrorCode::SchemaMismatch,
                           imported.rows.empty() ? std::string() : imported.rows[0].origin, 0, 0, "",
                           "cannot merge topic " +
                               (imported.schema ? imported.schema->id : std::string("(none)")) +
                               " into topic " + (base.schema ? base.schema->id : std::string("(none)")));
    // Imported rows are the user's wherever they show, whatever the parser was told.
    std::vector<Row> incoming = imported.rows;
    for (Row &row : incoming)
        row.userSupplied = true;

    MergeStats s;
    Table out;
    out.schema = base.schema;
    if (mode == MergeMode::Replace) {
        s.removed = base.rows.size();
        s.added = incoming.size();
        out.rows = std::move(incoming);
    } else {
        const std::vector<int> keyIdx = keyIndices(*base.schema);
        std::unordered_map<std::string, std::size_t> incomingByKey;
        for (std::size_t i = 0; i < incoming.size(); ++i)
            incomingByKey.emplace(rowKey(*base.schema, keyIdx, incoming[i]), i);
        std::vector<bool> used(incoming.size(), false);
        out.rows.reserve(base.rows.size() + incoming.size());
        for (const Row &row : base.rows) {
            const auto it = incomingByKey.find(rowKey(*base.schema, keyIdx, row));
            if (it == incomingByKey.end()) {
                out.rows.push_back(row);
            } else if (!used[it->second]) { // replaced in place, so the row keeps its position
                out.rows.push_back(incoming[it->second]);
                used[it->second] = true;
                ++s.replaced;
            } else {
                ++s.replaced; // a second base row with the same key (only possible in hand-built tables)
            }
        }
        for (std::size_t i = 0; i < incoming.size(); ++i) {
            if (!used[i]) {
                out.rows.push_back(std::move(incoming[i]));
                ++s.added;
            }
        }
    }
    if (stats)
        *stats = s;
    return out;
}

const Table *Dataset::find(std::string_view topicId) const
{
    for (const Table &t : tables) {
        if (t.schema && t.schema->id == topicId)
            return &t;
    }
    return nullptr;
}

Table *Dataset::find(std::string_view topicId)
{
    return const_cast<Table *>(std::as_const(*this).find(topicId));
}

const TopicSchema &Dataset::importCsv(std::string_view bytes, const std::string &sourceName, MergeMode mode,
                                      MergeStats *stats)
{
    Table imported = parseAnyTopicCsv(bytes, sourceName, true);
    Table *current = find(imported.schema->id);
    if (!current)
        throw DatasetError(ErrorCode::SchemaMismatch, sourceName, 0, 0, "",
                           "the dataset has no table for topic " + imported.schema->id);
    Table merged = mergeTables(*current, imported, mode, stats);
    *current = std::move(merged); // only now, after everything that can throw
    return *imported.schema;
}

Dataset loadBundled(const std::function<std::string(const std::string &fileName)> &readFile)
{
    Dataset d;
    d.tables.reserve(topics().size());
    for (const TopicSchema &t : topics()) {
        const std::string bytes = readFile(t.fileName);
        d.tables.push_back(parseTopicCsv(bytes, t, t.fileName, false));
    }
    return d;
}

} // namespace jevons::data
