#pragma once
// Running a sweep's design: the journal that lets a killed sweep resume, and the loop over the points, spread
// over MPI ranks when there are several (jevons/sweep/cluster.h).

#include "jevons/sweep/sweep.h"

#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace jevons::sweep {

/// The points done so far, one text line each, next to the output (OUT.journal). Lines are appended and
/// flushed as points finish, so a killed sweep loses at most the points in flight.
class Journal {
public:
    /// Opens `path` for the sweep with fingerprint `id`. With `resume`, keeps the points already there (a
    /// line cut short by a kill, and anything after it, is dropped and the file cut back to the last whole
    /// line); otherwise, or when the file does not exist, starts afresh. Throws SweepError when the journal
    /// belongs to another sweep, std::runtime_error when it cannot be read or written.
    Journal(const std::string &path, std::uint64_t id, std::size_t points, std::size_t outputs, bool resume);
    ~Journal();
    Journal(const Journal &) = delete;
    Journal &operator=(const Journal &) = delete;

    /// done()[i] holds point i's outputs when the journal had them.
    const std::vector<std::optional<std::vector<double>>> &done() const { return m_done; }
    std::size_t doneCount() const;
    /// Appends a finished point and flushes it to the file.
    void append(std::size_t index, const std::vector<double> &values);
    /// Closes and deletes the file (once the result is written: nothing is left to resume).
    void remove();

private:
    std::string m_path;
    std::FILE *m_file = nullptr;
    std::vector<std::optional<std::vector<double>>> m_done;
};

struct RunOptions {
    Backend backend = Backend::Auto;
    int threads = 0;         ///< per rank; 0 = this rank's share of the node's cores
    std::string journalPath; ///< empty: no journal (and nothing to resume)
    bool resume = false;
};

/// (points done, total): called on rank 0 after every point, points from the journal counted as done.
using SweepProgress = std::function<void(std::size_t done, std::size_t total)>;

/// Runs every point of the design that the journal does not hold, on every rank (collective: round k runs
/// point pending[k * size + rank] on each rank, gathered on rank 0, which journals them). Returns all results
/// (results[point][output]) on rank 0 and an empty vector on the others. Every point runs with the same seed
/// and settings whatever its rank, so the results are the same for any number of ranks. Throws
/// std::runtime_error on every rank when a point fails on any.
std::vector<std::vector<double>> runSweep(const SweepSpec &spec, const Design &design,
                                          const RunOptions &options, const SweepProgress &progress = {});

/// Writes `data` to `path` atomically: a temporary file in the same folder, flushed, then renamed over it.
/// Throws std::runtime_error naming the file; an existing file is untouched on failure.
void writeFileAtomically(const std::string &path, const std::string &data);

} // namespace jevons::sweep
