#pragma once
// Cell rules of the dataset library (internal to compute/dataset): how a row's key is normalised, how
// numbers, kinds and source references are read, and how a header and a row are checked against a topic.
#include "csv_reader.h"

#include <cstddef>
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
