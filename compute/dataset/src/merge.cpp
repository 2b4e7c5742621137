// Merging an import into the dataset, and loading the bundled files.
#include "jevons/dataset/dataset.h"

#include "cells.h"

#include <unordered_map>
#include <utility>

namespace jevons::data {

using namespace detail;

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
