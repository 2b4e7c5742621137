#pragma once
// A small strict JSON reader (RFC 8259) for scenario and sweep files, and helpers for writing JSON.
// Strict on purpose: scenario files are untrusted input (docs/security.md), so the reader refuses
// anything ambiguous (duplicate keys, NaN/Infinity, trailing data, invalid UTF-8) and bounds nesting.

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jevons::json {

struct Value {
    enum class Type { Null, Bool, Number, String, Array, Object };
    Type type = Type::Null;
    bool boolean = false;
    double number = 0;
    std::string string;
    std::vector<Value> array;
    /// Object members in file order; keys are unique. Two parallel vectors (not pairs): a vector of an
    /// incomplete type is allowed, a pair holding one is not.
    std::vector<std::string> keys;
    std::vector<Value> members;
    std::size_t line = 1; ///< where the value starts, for messages

    const Value *find(std::string_view key) const;
};

const char *typeName(Value::Type t);

/// Thrown with a message such as "line 3, column 14: expected ',' or '}'".
class ParseError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr int MaxDepth = 16; ///< scenario files nest 2 levels; anything deeper is refused

Value parse(std::string_view text);

/// Appends `s` as a JSON string literal (quoted, escaped).
void appendString(std::string &out, std::string_view s);
/// Appends a number with round-trip precision ("%.17g" shortened); non-finite values become null.
void appendNumber(std::string &out, double v);

} // namespace jevons::json
