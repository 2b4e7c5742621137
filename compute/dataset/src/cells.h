#pragma once
// Cell rules of the dataset library (internal to compute/dataset): how a row's key is normalised, how
// numbers, kinds and source references are read, and how a header and a row are checked against a topic.
#include "csv_reader.h"

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

namespace jevons::data::detail {

/// A key cell as compared for duplicates and merging: dates normalised, text lower-cased with runs of
/// spaces folded.
std::string normalizedKeyPart(const Value &v, ColumnType type);
/// The key of a row: its key columns' normalised parts, separated by U+001F.
std::string rowKey(const TopicSchema &schema, const std::vector<int> &keyIdx, const Row &row);
std::vector<int> keyIndices(const TopicSchema &schema);
// The same as rowKey() and normalizedKeyPart(), appended to `out` (no allocation once it has grown).
void appendRowKey(std::string &out, const TopicSchema &schema, const std::vector<int> &keyIdx,
                  const Row &row);
void appendKeyPart(std::string &out, const Value &v, ColumnType type);

// Rows of a vector by key. Stores each key's 64-bit hash, not the key (a node of 16 bytes instead of a
// string per row: a million-row import is indexed in a fraction of the time and memory); equal hashes are
// confirmed on the keys themselves, and a key whose hash collides with another key's is kept whole.
class KeyIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    KeyIndex(const TopicSchema &schema, const std::vector<Row> &rows, std::size_t expected);
    // The index of the row with the key of `row`, or npos.
    std::size_t find(const Row &row) const;
    // Records that rows[index] has the key of `row` unless a row with that key is there: returns that
    // row's index (nothing recorded), else npos.
    std::size_t insert(const Row &row, std::size_t index);

private:
    std::size_t lookup(const std::string &key, std::uint64_t hash) const;
    const TopicSchema &m_schema;
    const std::vector<Row> &m_rows;
    std::vector<int> m_keyIdx;
    std::unordered_map<std::uint64_t, std::size_t> m_byHash;
    std::unordered_map<std::string, std::size_t> m_collided;
    mutable std::string m_key, m_other; // scratch: the key looked up, and the key it is compared with
};
/// A plain decimal (no inf, nan, hex, separators or suffixes), parsed in the C locale.
bool parseNumber(std::string_view s, double *out);
bool parseInteger(std::string_view s, double *out);
bool parseKind(std::string_view s, Kind *out);
/// One reference of a source cell: a URL with a scheme, a host-like name with a dot, or a path with a slash.
bool looksLikeReference(std::string_view ref);
/// Checks the header against `schema`; returns the number of columns the file has (with or without note).
std::size_t checkHeader(const TopicSchema &schema, const std::vector<Field> &header, std::size_t line,
                        const std::string &file);
/// Validates one cell into `v` (and the row's kind from the kind column); throws DatasetError naming the
/// cell.
void parseCell(const ColumnSpec &spec, const Field &field, int column, const std::string &file, Value &v,
               Kind *kind);
/// Rules across the cells of one row (ranges, dependencies).
void checkRowRules(const TopicSchema &schema, const Row &row, std::size_t line, const std::string &file);
std::vector<Field> readHeader(CsvReader &reader, std::size_t &line, const std::string &file);
/// The topic whose columns the header starts with for the longest stretch (ties: the first), or nullptr.
const TopicSchema *bestTopicFor(const std::vector<Field> &header, bool exactOnly);

} // namespace jevons::data::detail
