#include "jevons/engine/json.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace jevons::json {

const Value *Value::find(std::string_view key) const
{
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (keys[i] == key) {
            return &members[i];
        }
    }
    return nullptr;
}

const char *typeName(Value::Type t)
{
    switch (t) {
    case Value::Type::Null:
        return "null";
    case Value::Type::Bool:
        return "a boolean";
    case Value::Type::Number:
        return "a number";
    case Value::Type::String:
        return "a string";
    case Value::Type::Array:
        return "an array";
    case Value::Type::Object:
        return "an object";
    }
    return "?";
}

namespace {

class Parser {
public:
    explicit Parser(std::string_view text) : m_text(text) {}

    Value parseDocument()
    {
        skipSpace();
        if (m_pos == m_text.size()) {
            fail("the file is empty");
        }
        Value v = parseValue(0);
        skipSpace();
        if (m_pos != m_text.size()) {
            fail("unexpected data after the end of the JSON document");
        }
        return v;
    }

private:
    [[noreturn]] void fail(const std::string &what) const
    {
        std::size_t line = 1, column = 1;
        for (std::size_t i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
        }
        throw ParseError("line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
    }

    /// The line of m_pos. The reader only moves forward, so lines are counted from where the last call
    /// stopped: counting from the start for every value made a 1 MiB file take seconds.
    std::size_t currentLine()
    {
        for (; m_linePos < m_pos && m_linePos < m_text.size(); ++m_linePos) {
            m_line += m_text[m_linePos] == '\n';
        }
        return m_line;
    }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++m_pos;
            } else {
                break;
            }
        }
    }

    bool consume(char c)
    {
        if (m_pos < m_text.size() && m_text[m_pos] == c) {
            ++m_pos;
            return true;
        }
        return false;
    }

    Value parseValue(int depth)
    {
        if (depth > MaxDepth) {
            fail("nesting deeper than " + std::to_string(MaxDepth) + " levels");
        }
        skipSpace();
        if (m_pos >= m_text.size()) {
            fail("unexpected end of file (the JSON is truncated)");
        }
        Value v;
        v.line = currentLine();
        const char c = m_text[m_pos];
        if (c == '{') {
            ++m_pos;
            v.type = Value::Type::Object;
            skipSpace();
            if (consume('}')) {
                return v;
            }
            for (;;) {
                skipSpace();
                if (m_pos >= m_text.size()) {
                    fail("unexpected end of file inside an object (the JSON is truncated)");
                }
                if (m_text[m_pos] != '"') {
                    fail("expected a quoted key");
                }
                std::string key = parseString();
                if (v.find(key) != nullptr) {
                    fail("duplicate key \"" + key + "\"");
                }
                skipSpace();
                if (!consume(':')) {
                    fail("expected ':' after key \"" + key + "\"");
                }
                Value item = parseValue(depth + 1);
                v.keys.push_back(std::move(key));
                v.members.push_back(std::move(item));
                skipSpace();
                if (consume(',')) {
                    continue;
                }
                if (consume('}')) {
                    return v;
                }
                fail(m_pos >= m_text.size()
                         ? "unexpected end of file inside an object (the JSON is truncated)"
                         : "expected ',' or '}'");
            }
        }
        if (c == '[') {
            ++m_pos;
            v.type = Value::Type::Array;
            skipSpace();
            if (consume(']')) {
                return v;
            }
            for (;;) {
                v.array.push_back(parseValue(depth + 1));
                skipSpace();
                if (consume(',')) {
                    continue;
                }
                if (consume(']')) {
                    return v;
                }
                fail(m_pos >= m_text.size() ? "unexpected end of file inside an array (the JSON is truncated)"
                                            : "expected ',' or ']'");
            }
        }
        if (c == '"') {
            v.type = Value::Type::String;
            v.string = parseString();
            return v;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            v.type = Value::Type::Number;
            v.number = parseNumber();
            return v;
        }
        if (matchWord("true")) {
            v.type = Value::Type::Bool;
            v.boolean = true;
            return v;
        }
        if (matchWord("false")) {
            v.type = Value::Type::Bool;
            return v;
        }
        if (matchWord("null")) {
            return v;
        }
        if (matchWord("NaN") || matchWord("Infinity") || matchWord("-Infinity") || matchWord("nan") ||
            matchWord("inf")) {
            fail("NaN and Infinity are not numbers in JSON; give a finite value");
        }
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
            fail("unexpected byte 0x" + hexByte(static_cast<unsigned char>(c)) +
                 " (is this a JSON text file?)");
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    static std::string hexByte(unsigned char b)
    {
        char buf[3];
        std::snprintf(buf, sizeof buf, "%02x", b);
        return buf;
    }

    bool matchWord(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) == word) {
            m_pos += word.size();
            return true;
        }
        return false;
    }

    double parseNumber()
    {
        const std::size_t start = m_pos;
        consume('-');
        if (consume('0')) {
            // no leading zeros
        } else if (m_pos < m_text.size() && m_text[m_pos] >= '1' && m_text[m_pos] <= '9') {
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                ++m_pos;
            }
        } else {
            fail("invalid number");
        }
        if (consume('.')) {
            if (m_pos >= m_text.size() || !std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                fail("invalid number: digits expected after '.'");
            }
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                ++m_pos;
            }
        }
        if (m_pos < m_text.size() && (m_text[m_pos] == 'e' || m_text[m_pos] == 'E')) {
            ++m_pos;
            if (!consume('+')) {
                consume('-');
            }
            if (m_pos >= m_text.size() || !std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                fail("invalid number: digits expected in the exponent");
            }
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos]))) {
                ++m_pos;
            }
        }
        if (m_pos - start > 64) {
            fail("number literal too long");
        }
        const std::string_view literal = m_text.substr(start, m_pos - start);
        // from_chars reads in the C locale whatever the process locale is (a German desktop writes 0,3).
        double v = 0;
        const auto [end, error] = std::from_chars(literal.data(), literal.data() + literal.size(), v);
        if (error == std::errc::result_out_of_range && end == literal.data() + literal.size()) {
            // Underflow (1e-400) reads as zero, as strtod did; overflow is refused below.
            const bool overflow = literal.find_first_of("eE") != std::string_view::npos &&
                                  literal[literal.find_first_of("eE") + 1] != '-';
            v = overflow ? HUGE_VAL : 0.0;
        } else if (error != std::errc() || end != literal.data() + literal.size()) {
            m_pos = start;
            fail("invalid number " + std::string(literal));
        }
        if (!std::isfinite(v)) {
            m_pos = start;
            fail("number " + std::string(literal) + " is too large to represent");
        }
        return v;
    }

    unsigned parseHex4()
    {
        if (m_pos + 4 > m_text.size()) {
            fail("truncated \\u escape");
        }
        unsigned value = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            value <<= 4;
            if (h >= '0' && h <= '9') {
                value |= unsigned(h - '0');
            } else if (h >= 'a' && h <= 'f') {
                value |= unsigned(h - 'a' + 10);
            } else if (h >= 'A' && h <= 'F') {
                value |= unsigned(h - 'A' + 10);
            } else {
                fail("invalid \\u escape");
            }
        }
        return value;
    }

    static void appendUtf8(std::string &out, unsigned cp)
    {
        if (cp < 0x80) {
            out += char(cp);
        } else if (cp < 0x800) {
            out += char(0xC0 | (cp >> 6));
            out += char(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += char(0xE0 | (cp >> 12));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        } else {
            out += char(0xF0 | (cp >> 18));
            out += char(0x80 | ((cp >> 12) & 0x3F));
            out += char(0x80 | ((cp >> 6) & 0x3F));
            out += char(0x80 | (cp & 0x3F));
        }
    }

    // Validates one UTF-8 sequence starting at m_pos (RFC 3629: no overlongs, no surrogates).
    void copyUtf8Sequence(std::string &out)
    {
        const auto lead = static_cast<unsigned char>(m_text[m_pos]);
        int length = 0;
        unsigned cp = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            cp = lead & 0x1F;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            cp = lead & 0x0F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            cp = lead & 0x07;
        } else {
            fail("invalid UTF-8 byte 0x" + hexByte(lead) + " in a string (the file must be UTF-8)");
        }
        if (m_pos + std::size_t(length) > m_text.size()) {
            fail("truncated UTF-8 sequence");
        }
        for (int i = 1; i < length; ++i) {
            const auto b = static_cast<unsigned char>(m_text[m_pos + std::size_t(i)]);
            if ((b & 0xC0) != 0x80) {
                fail("invalid UTF-8 sequence in a string (the file must be UTF-8)");
            }
            cp = (cp << 6) | (b & 0x3F);
        }
        if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
            fail("invalid UTF-8 sequence in a string (the file must be UTF-8)");
        }
        out.append(m_text.substr(m_pos, std::size_t(length)));
        m_pos += std::size_t(length);
    }

    std::string parseString()
    {
        ++m_pos; // opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size()) {
                fail("unterminated string (the JSON is truncated)");
            }
            const auto c = static_cast<unsigned char>(m_text[m_pos]);
            if (c == '"') {
                ++m_pos;
                return out;
            }
            if (c < 0x20) {
                fail("control character in a string");
            }
            if (c >= 0x80) {
                copyUtf8Sequence(out);
                continue;
            }
            if (c != '\\') {
                out += char(c);
                ++m_pos;
                continue;
            }
            ++m_pos;
            if (m_pos >= m_text.size()) {
                fail("unterminated string (the JSON is truncated)");
            }
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                unsigned cp = parseHex4();
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (!matchWord("\\u")) {
                        fail("unpaired surrogate in \\u escape");
                    }
                    const unsigned low = parseHex4();
                    if (low < 0xDC00 || low > 0xDFFF) {
                        fail("unpaired surrogate in \\u escape");
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail("unpaired surrogate in \\u escape");
                }
                if (cp == 0) {
                    fail("NUL character in a string");
                }
                appendUtf8(out, cp);
                break;
            }
            default:
                fail(std::string("invalid escape '\\") + e + "'");
            }
        }
    }

    std::string_view m_text;
    std::size_t m_pos = 0;
    std::size_t m_linePos = 0; ///< currentLine() has counted the lines up to here
    std::size_t m_line = 1;
};

} // namespace

Value parse(std::string_view text)
{
    return Parser(text).parseDocument();
}

void appendString(std::string &out, std::string_view s)
{
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void appendNumber(std::string &out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    // %.15g, or %.17g where that does not read back exactly: files stay readable and lossless. to_chars
    // and from_chars work in the C locale whatever the process locale is.
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15).ptr;
    double back = 0;
    std::from_chars(buf, end, back);
    if (back != v) {
        end = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17).ptr;
    }
    out.append(buf, end);
}

} // namespace jevons::json
