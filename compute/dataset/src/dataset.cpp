// Reading a topic's CSV into a table (size and structure first, then every cell), and writing it back.
#include "jevons/dataset/dataset.h"

#include "cells.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

namespace jevons::data {

using namespace detail;

// A cell is kept per column of every row: 14 columns of a million-row import are 14 million of these.
static_assert(sizeof(Date) <= 8 && sizeof(Value) <= 48, "keep Value small: it is the bulk of an import");

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
namespace {
// Calls the progress function about every 1/128 of the file; throws ParseCancelled when it says stop.
class ProgressTicker {
public:
    ProgressTicker(const ParseProgress &progress, std::size_t fileBytes, std::uint64_t offset)
        : m_progress(progress), m_total(2 * std::uint64_t(fileBytes)), m_offset(offset),
          m_step(std::max<std::size_t>(fileBytes / 128, 1))
    {
    }
    void at(std::size_t position)
    {
        if (m_progress && position >= m_next) {
            m_next = position + m_step;
            report(position);
        }
    }
    void report(std::size_t position) const
    {
        if (m_progress && !m_progress(m_offset + position, m_total))
            throw ParseCancelled();
    }

private:
    const ParseProgress &m_progress;
    std::uint64_t m_total, m_offset;
    std::size_t m_step, m_next = 0;
};
} // namespace

// Returns the number of data records.
static std::size_t checkStructure(std::string_view bytes, const std::string &sourceName,
                                  const ParseProgress &progress)
{
    ProgressTicker ticker(progress, bytes.size(), 0);
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
        ticker.at(reader.position());
    }
    ticker.report(bytes.size());
    return rows;
}

Table parseTopicCsv(std::string_view bytes, const TopicSchema &topic, const std::string &sourceName,
                    bool userSupplied, const ParseProgress &progress)
{
    const std::size_t records = checkStructure(bytes, sourceName, progress);
    ProgressTicker ticker(progress, bytes.size(), bytes.size());
    CsvReader reader(bytes, sourceName);
    std::size_t line = 0;
    const std::vector<Field> header = readHeader(reader, line, sourceName);
    const std::size_t ncols = checkHeader(topic, header, line, sourceName);
    const std::vector<int> keyIdx = keyIndices(topic);

    Table table;
    table.schema = &topic;
    table.rows.reserve(records); // exact: no growth, no slack
    KeyIndex seen(topic, table.rows, records);
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
        if (const std::size_t first = seen.insert(row, table.rows.size()); first != KeyIndex::npos) {
            std::string what;
            for (int i : keyIdx)
                what += (what.empty() ? "" : ", ") + topic.columns[i].name + "=" + shown(row.values[i].text);
            throw DatasetError(ErrorCode::Duplicate, sourceName, line, keyIdx.front() + 1,
                               topic.columns[keyIdx.front()].name,
                               "duplicate row: same key as line " + std::to_string(table.rows[first].line) +
                                   " (" + what + ")");
        }
        table.rows.push_back(std::move(row));
        ticker.at(reader.position());
    }
    ticker.report(bytes.size());
    return table;
}

Table parseAnyTopicCsv(std::string_view bytes, const std::string &sourceName, bool userSupplied,
                       const ParseProgress &progress)
{
    CsvReader reader(bytes, sourceName); // size and byte-order-mark errors come first
    std::size_t line = 0;
    const std::vector<Field> header = readHeader(reader, line, sourceName);
    if (const TopicSchema *exact = bestTopicFor(header, true))
        return parseTopicCsv(bytes, *exact, sourceName, userSupplied, progress);
    // No exact match: if the header starts like a topic, report that topic's precise header error.
    if (const TopicSchema *near = bestTopicFor(header, false))
        return parseTopicCsv(bytes, *near, sourceName, userSupplied, progress);
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
} // namespace jevons::data
