#pragma once
// The RFC 4180 reader of the dataset library and the small text helpers its messages use. Internal to
// compute/dataset.
//
// The reader is a single forward pass over the bytes with no recursion and no look-behind, so it is safe on
// arbitrary input (it is a fuzzing target): every index is checked against the end, a record may hold at most
// MaxFieldsPerRecord fields, and nothing is allocated beyond the fields of the current record and the rows
// kept. Encoding is checked inside the same pass so an error can name the CSV line and column of the bad
// byte.
#include "jevons/dataset/dataset.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jevons::data::detail {

// More columns than any topic has; a header beyond this is rejected before it can grow without bound.
inline constexpr std::size_t MaxFieldsPerRecord = 64;

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

inline std::string_view trim(std::string_view s)
{
    while (!s.empty() && isSpace(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && isSpace(s.back()))
        s.remove_suffix(1);
    return s;
}

inline char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool equalsIgnoreCase(std::string_view a, std::string_view b)
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
inline std::string shown(std::string_view s)
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

inline std::string formatWhat(const std::string &file, std::size_t line, int column,
                              const std::string &columnName, const std::string &message)
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

    /// Bytes consumed so far.
    std::size_t position() const { return m_pos; }

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

} // namespace jevons::data::detail
