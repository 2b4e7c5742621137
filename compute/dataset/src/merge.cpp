// Merging an import into the dataset, and loading the bundled files.
#include "jevons/dataset/dataset.h"

#include "cells.h"

#include <unordered_map>
#include <utility>

namespace jevons::data {

using namespace detail;

Table mergeTables(const Table &base, const Table &imported, MergeMode mode, MergeStats *stats)
{
    Table copy = imported;
    return mergeTables(base, std::move(copy), mode, stats);
}

Table mergeTables(const Table &base, Table &&imported, MergeMode mode, MergeStats *stats)
{
    if (!base.schema || base.schema != imported.schema)
        throw DatasetError(ErrorCode::SchemaMismatch,
                           imported.rows.empty() ? std::string() : imported.rows[0].origin, 0, 0, "",
                           "cannot merge topic " +
                               (imported.schema ? imported.schema->id : std::string("(none)")) +
                               " into topic " + (base.schema ? base.schema->id : std::string("(none)")));
    // Imported rows are the user's wherever they show, whatever the parser was told.
    std::vector<Row> incoming = std::move(imported.rows);
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
        KeyIndex incomingByKey(*base.schema, incoming, incoming.size());
        for (std::size_t i = 0; i < incoming.size(); ++i)
            incomingByKey.insert(incoming[i], i);
        std::vector<bool> used(incoming.size(), false);
        out.rows.reserve(base.rows.size() + incoming.size());
        for (const Row &row : base.rows) {
            const std::size_t at = incomingByKey.find(row);
            if (at == KeyIndex::npos) {
                out.rows.push_back(row);
            } else if (!used[at]) {               // replaced in place, so the row keeps its position
                out.rows.push_back(incoming[at]); // a copy: the index still reads this row
                used[at] = true;
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

MergeCounts mergeCounts(const Table &base, const Table &imported, MergeMode mode)
{
    if (!base.schema || base.schema != imported.schema)
        throw DatasetError(ErrorCode::SchemaMismatch, "", 0, 0, "",
                           "cannot merge tables of different topics");
    MergeCounts c;
    const std::size_t n = imported.rows.size();
    if (mode == MergeMode::Replace) {
        c.stats.removed = base.rows.size();
        c.stats.added = n;
        c.rowsAfter = c.userRowsAfter = n;
        return c;
    }
    KeyIndex incomingByKey(*base.schema, imported.rows, n);
    for (std::size_t i = 0; i < n; ++i)
        incomingByKey.insert(imported.rows[i], i);
    std::vector<bool> used(n, false);
    std::size_t keptBase = 0, keptUser = 0, usedCount = 0;
    for (const Row &row : base.rows) {
        const std::size_t at = incomingByKey.find(row);
        if (at == KeyIndex::npos) {
            ++keptBase;
            keptUser += row.userSupplied ? 1 : 0;
        } else {
            ++c.stats.replaced;
            if (!used[at]) {
                used[at] = true;
                ++usedCount;
            }
        }
    }
    c.stats.added = n - usedCount;
    c.rowsAfter = keptBase + n;
    c.userRowsAfter = keptUser + n;
    return c;
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
    Table merged = mergeTables(*current, std::move(imported), mode, stats);
    const TopicSchema &topic = *merged.schema;
    *current = std::move(merged); // only now, after everything that can throw
    return topic;
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
