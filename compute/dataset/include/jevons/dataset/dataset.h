#pragma once
// The bundled dataset (resources/data/*.csv): topic schemas, a strict CSV loader with validation,
// merging of user imports, and the exponential trend fit used for price declines.
// Plain C++20 (no Qt): the dashboard reads the bytes (Qt resources, the user's files) and hands them here.
//
// File format (documented for users in resources/data/README.md):
// - UTF-8 (an optional UTF-8 byte-order mark is skipped), RFC 4180 quoting, comma separated, one header row,
//   LF or CRLF line ends. Blank lines are ignored.
// - The header must list the topic's columns by name, in the schema's order: the topic's own columns, then
//   `confidence,source,as_of,kind`, then optionally `note` (confidence cells may be empty).
// - Dates are `YYYY-MM-DD`, `YYYY-MM`, `YYYY-Qn` or `YYYY` (the precision of the fact).
// - Numbers are plain decimals (`1234.5`, `-3`, `5e15`): no thousands separators, currency signs or suffixes.
// - `kind` is one of reported, estimate, derived, guidance, assumption.
// - `source` is one or more URLs or repository paths separated by `;` (no spaces inside one reference).
// A file with any error is rejected whole: every function below either returns a complete result or throws.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <utility>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace jevons::data {

/// Largest CSV file accepted, in bytes (50 MiB).
inline constexpr std::uint64_t MaxFileBytes = 50ull * 1024 * 1024;
/// Largest number of data rows (excluding the header) accepted in one CSV file.
inline constexpr std::size_t MaxRows = 1'000'000;

/// What a column holds; decides how a cell is parsed and validated.
enum class ColumnType {
    Text,    ///< UTF-8 text without control characters other than tab (and line breaks in quoted cells)
    Number,  ///< finite decimal number, parsed to double
    Integer, ///< whole number (digits with an optional leading minus), parsed to double
    Date,    ///< YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY
    Kind,    ///< one of the Kind values, by name (case-insensitive)
    Url      ///< one or more URLs / repository paths separated by ';'
};

/// The nature of a figure (column `kind`).
enum class Kind {
    Reported,  ///< stated by the company or body it is about (filings, releases, price pages, calls)
    Estimate,  ///< a third party's or analyst's estimate, or a forecast
    Derived,   ///< arithmetic on other cited figures (the row's note says how)
    Guidance,  ///< a company's own outlook for a future period
    Assumption ///< a modelling choice, not a measurement: ours where no source gives a figure, or a source's
               ///< own stated assumption (the note says whose, and the reasoning)
};
/// Lower-case name of a kind ("reported", ...).
std::string_view kindName(Kind k);

/// Precision of a Date, i.e. which of its fields are set.
enum class DatePrecision : std::uint8_t { Day, Month, Quarter, Year };

/// A calendar date or period at the precision the source gives it.
struct Date {
    // Small fields: a Date is part of every cell (Value), and an import can have millions of cells.
    std::int16_t year = 0;   ///< 1900..2100
    std::int8_t month = 0;   ///< 1..12 for Day and Month precision, else 0
    std::int8_t day = 0;     ///< 1..31 for Day precision, else 0
    std::int8_t quarter = 0; ///< 1..4 for Quarter precision, else 0
    DatePrecision precision = DatePrecision::Year;

    /// Parses "YYYY-MM-DD", "YYYY-MM", "YYYY-Qn" (n = 1..4) or "YYYY"; checks the calendar (leap years).
    /// Returns false (and leaves *out unchanged) on anything else.
    static bool parse(std::string_view text, Date *out);
    /// The canonical text form, as parse() reads it.
    std::string toString() const;
    /// Start of the period as a fractional year: year + (day of year - 1) / days in year, so 2024-07-01,
    /// 2024-07 and 2024-Q3 all give 2024 + 182/366 = 2024.497.
    double startYear() const;
    /// Midpoint of the period as a fractional year, the x used by the trend fit: a day counts as its
    /// middle, a month/quarter/year as the middle of that span (2024 -> 2024.5, 2024-01 -> ~2024.042).
    double midYear() const;
    bool operator==(const Date &) const = default;
};

/// One column of a topic's schema.
struct ColumnSpec {
    std::string name;      ///< header name, e.g. "revenue_usd_bn"
    ColumnType type;       ///< how cells are parsed
    std::string unit;      ///< unit as shown to users ("USD billions", "units", "" for text)
    bool required = false; ///< empty cells are an error
    double minValue = -std::numeric_limits<double>::infinity(); ///< Number/Integer: smallest allowed
    double maxValue = std::numeric_limits<double>::infinity();  ///< Number/Integer: largest allowed
    std::string help;                                           ///< one sentence for the README and tooltips
};

/// A point value with an optional range (e.g. guidance "60-65"): if both bounds are given, low <= high; if
/// the point and a bound are given, the point lies within. Whether any of them must be given is up to anyOf.
struct RangeRule {
    std::string point; ///< column name of the point value
    std::string low;   ///< column name of the lower bound
    std::string high;  ///< column name of the upper bound
};

/// The schema of one topic (one CSV file).
struct TopicSchema {
    std::string id;                      ///< stable identifier, e.g. "api_prices"
    std::string fileName;                ///< bundled file, e.g. "api_prices.csv" (under ":/data/")
    std::string title;                   ///< human title for menus and charts
    std::vector<ColumnSpec> columns;     ///< in file order; ends with confidence, source, as_of, kind, note
    std::vector<std::string> keyColumns; ///< columns that identify a row; duplicates are rejected, and
                                         ///< a merged import replaces the row with the same key
    std::vector<RangeRule> ranges;       ///< point / low / high groups (see RangeRule)
    std::vector<std::vector<std::string>> anyOf; ///< each group: at least one of these cells is non-empty
    std::vector<std::pair<std::string, std::string>>
        dependencies; ///< {a, b}: if cell a is given, b must be too

    /// Index of a column by name, or -1.
    int columnIndex(std::string_view name) const;
};

/// All topics, in the order the dashboard lists them.
const std::vector<TopicSchema> &topics();
/// A topic by id; nullptr if unknown.
const TopicSchema *findTopic(std::string_view id);
/// The topic whose header matches the first line of `bytes` (the note column may be absent); nullptr if
/// none does. Only the header is read; use it to pick the topic of a user's file before parseTopicCsv().
const TopicSchema *detectTopic(std::string_view bytes);

/// Why a file was rejected; one value per kind of bad input.
enum class ErrorCode {
    TooLarge,      ///< file over MaxFileBytes
    TooManyRows,   ///< more than MaxRows data rows
    Encoding,      ///< not UTF-8: UTF-16/32 byte-order mark, NUL byte, invalid UTF-8, control character
    Csv,           ///< malformed quoting (unterminated quote, stray quote, text after a closing quote)
    Header,        ///< missing header, unknown/missing/extra/misordered column, or unknown topic
    FieldCount,    ///< a row with more or fewer fields than the header
    Missing,       ///< a required cell is empty, or none of an anyOf group is given
    Number,        ///< a Number/Integer cell that does not parse
    OutOfRange,    ///< a number outside its column's range, or a RangeRule violated
    Date,          ///< a Date cell that does not parse or is not a calendar date
    Kind,          ///< a kind cell that is not one of the five kinds
    Url,           ///< a source cell with an empty reference, whitespace, or no URL/path shape
    Duplicate,     ///< two rows with the same key
    SchemaMismatch ///< merging tables of different topics
};

/// The one exception type of this library. what() is one line:
/// "FILE, line L, column C (NAME): MESSAGE" (line and column are 1-based; omitted when 0, e.g. for size).
class DatasetError : public std::runtime_error {
public:
    DatasetError(ErrorCode code, std::string file, std::size_t line, int column, std::string columnName,
                 std::string message);
    ErrorCode code() const { return m_code; }
    const std::string &file() const { return m_file; }
    std::size_t line() const { return m_line; } ///< 1-based physical line in the file; 0 = whole file
    int column() const { return m_column; }     ///< 1-based CSV column (field number); 0 = whole row/file
    const std::string &columnName() const { return m_columnName; } ///< header name of that column, or ""
    const std::string &message() const { return m_message; }       ///< the reason alone, without position

private:
    ErrorCode m_code;
    std::string m_file;
    std::size_t m_line;
    int m_column;
    std::string m_columnName;
    std::string m_message;
};

/// One parsed cell. `text` is always the cell as written (trimmed of surrounding spaces and tabs);
/// `number` is set for Number/Integer cells (NaN when empty); `date` for Date cells.
struct Value {
    std::string text;
    double number = std::numeric_limits<double>::quiet_NaN();
    Date date;
    bool empty() const { return text.empty(); }
};

/// One data row.
struct Row {
    std::vector<Value> values; ///< one per schema column, in schema order (note is "" when absent)
    Kind kind = Kind::Reported;
    std::size_t line = 0;      ///< line in the file it came from
    bool userSupplied = false; ///< true for rows from a user's import (show them as such everywhere)
    std::string origin;        ///< name of the file it came from (as given to the parser)
};

/// The rows of one topic.
struct Table {
    const TopicSchema *schema = nullptr;
    std::vector<Row> rows;

    /// Cell by column name; throws std::out_of_range for an unknown column.
    const Value &value(const Row &row, std::string_view column) const;
    /// Shorthands: the cell's text / number (NaN if empty) / date.
    const std::string &text(const Row &row, std::string_view column) const { return value(row, column).text; }
    double number(const Row &row, std::string_view column) const { return value(row, column).number; }
    const Date &date(const Row &row, std::string_view column) const { return value(row, column).date; }
    /// Number of rows marked userSupplied.
    std::size_t userRowCount() const;
};

/// Refuses sizes over MaxFileBytes with ErrorCode::TooLarge. Call it with the file size before reading a
/// user's file into memory; parseTopicCsv() checks again.
void checkFileSize(std::uint64_t bytes, const std::string &sourceName);

/// Progress of a parse: called every so often (about every 1/128 of the file, and at the end of each pass)
/// with the bytes of the file consumed so far over both passes and the total (twice the file size: the
/// structure pass, then the cell pass). Returning false stops the parse with ParseCancelled. Called on the
/// parsing thread.
using ParseProgress = std::function<bool(std::uint64_t done, std::uint64_t total)>;

/// Thrown by a parse whose ParseProgress returned false. Not a DatasetError: nothing was wrong with the file.
class ParseCancelled : public std::runtime_error {
public:
    ParseCancelled() : std::runtime_error("parse cancelled") {}
};

/// Parses and validates one CSV file of `topic`. `sourceName` names the file in errors and in Row::origin.
/// Rows get userSupplied = `userSupplied`.
/// Throws DatasetError (see ErrorCode) and never returns a partial table. A first pass checks size,
/// encoding, quoting and the row count over the whole file (so an oversized file is refused without
/// building any rows); a second pass checks the header and then each row's cells in file order, reporting
/// the first problem. Memory use is proportional to the input (at most MaxFileBytes, MaxRows rows).
Table parseTopicCsv(std::string_view bytes, const TopicSchema &topic, const std::string &sourceName,
                    bool userSupplied = false, const ParseProgress &progress = {});
/// As above, picking the topic with detectTopic(); throws DatasetError(Header) naming the known topics if
/// the header matches none.
Table parseAnyTopicCsv(std::string_view bytes, const std::string &sourceName, bool userSupplied = false,
                       const ParseProgress &progress = {});

/// Writes a table back in its schema (header with note, RFC 4180 quoting, LF line ends). With
/// `onlyUserSupplied`, writes only the user's rows. parseTopicCsv(toCsv(t)) gives back the same cells.
std::string toCsv(const Table &table, bool onlyUserSupplied = false);

/// How an import combines with the rows already there.
enum class MergeMode {
    Merge,  ///< imported rows replace rows with the same key; other rows are kept; new keys are appended
    Replace ///< the topic's rows become exactly the imported rows
};

/// What a merge did.
struct MergeStats {
    std::size_t added = 0;    ///< imported rows with a new key
    std::size_t replaced = 0; ///< existing rows replaced by an imported row with the same key
    std::size_t removed = 0;  ///< existing rows dropped by MergeMode::Replace
};

/// Combines `imported` into a copy of `base`; every imported row is marked userSupplied.
/// Throws DatasetError(SchemaMismatch) if the tables are of different topics. `base` is never modified.
Table mergeTables(const Table &base, const Table &imported, MergeMode mode, MergeStats *stats = nullptr);
/// What mergeTables() would do, without building the merged table: its stats, its row count and how many of
/// its rows would be user-supplied.
struct MergeCounts {
    MergeStats stats;
    std::size_t rowsAfter = 0;
    std::size_t userRowsAfter = 0;
};
MergeCounts mergeCounts(const Table &base, const Table &imported, MergeMode mode);
/// The same, moving the imported rows instead of copying them (an import's parsed table is used once).
Table mergeTables(const Table &base, Table &&imported, MergeMode mode, MergeStats *stats = nullptr);

/// All topics' tables. Holds exactly one table per entry of topics(), in that order.
struct Dataset {
    std::vector<Table> tables;

    /// The table of a topic; nullptr if unknown.
    const Table *find(std::string_view topicId) const;
    Table *find(std::string_view topicId);
    /// Parses a user's file (topic detected from its header), merges it, and only then swaps the result
    /// in: on any DatasetError the dataset is unchanged. Returns the topic and what changed.
    const TopicSchema &importCsv(std::string_view bytes, const std::string &sourceName, MergeMode mode,
                                 MergeStats *stats = nullptr);
};

/// Reads every topic's file through `readFile(fileName)` (e.g. from ":/data/" + fileName) and parses it.
/// `readFile` returns the bytes, or throws if the file is missing (its exception passes through).
/// Throws DatasetError for the first bad file.
Dataset loadBundled(const std::function<std::string(const std::string &fileName)> &readFile);

// ---------------------------------------------------------------------------------------------------------
// Trend fit

/// One observation for the fit: x in fractional years (Date::midYear()), y a positive price.
struct PricePoint {
    double year = 0;
    double price = 0;
    std::string label; ///< e.g. the model name, for tooltips
};

/// Least-squares fit of ln(price) = a + b * year, read as an exponential decline.
struct DeclineFit {
    std::size_t n = 0;         ///< points used
    double slope = 0;          ///< b, natural-log change per year (negative = prices fall)
    double intercept = 0;      ///< a, ln(price) at year 0 (use predict())
    double slopeStdError = 0;  ///< standard error of b
    double confidence = 0.95;  ///< level of the interval below
    double tCritical = 0;      ///< two-sided Student t quantile with n - 2 degrees of freedom
    double slopeLow = 0;       ///< b - t * se
    double slopeHigh = 0;      ///< b + t * se
    double foldPerYear = 0;    ///< exp(-b): prices divide by this each year (> 1 = decline)
    double foldLow = 0;        ///< exp(-slopeHigh), lower end of the interval of foldPerYear
    double foldHigh = 0;       ///< exp(-slopeLow), upper end
    double halvingYears = 0;   ///< ln 2 / -b, years for the price to halve; +infinity if b >= 0
    double rSquared = 0;       ///< share of the variance of ln(price) explained
    double residualStdDev = 0; ///< standard deviation of the residuals of ln(price)

    /// Fitted price at fractional year `year`.
    double predict(double year) const;
};

/// Fits an exponential decline by ordinary least squares on ln(price). Needs at least 3 points (for an
/// interval), positive finite prices, finite years, and not all years equal; throws std::invalid_argument
/// otherwise. `confidence` in (0, 1).
DeclineFit fitExponentialDecline(std::span<const PricePoint> points, double confidence = 0.95);

/// Two-sided critical value of Student's t: the t with P(|T| <= t) = confidence for `dof` degrees of
/// freedom (confidence 0.95, dof 10 -> 2.228). Throws std::invalid_argument for dof < 1 or confidence
/// outside (0, 1).
double studentTCritical(double confidence, double dof);

/// Which API price the fit uses.
enum class PriceBasis {
    Input,  ///< input_usd_per_mtok
    Output, ///< output_usd_per_mtok
    Blended ///< (3 * input + output) / 4: a 3:1 input:output token mix (an assumption, see the README)
};

/// Points of the api_prices table: x = midYear() of price_date, y = the chosen price. With
/// `frontierOnly`, only rows with frontier = 1. Rows lacking the needed price are skipped.
/// Throws DatasetError(SchemaMismatch) if `apiPrices` is not the api_prices topic.
std::vector<PricePoint> apiPricePoints(const Table &apiPrices, PriceBasis basis, bool frontierOnly = true);

} // namespace jevons::data
