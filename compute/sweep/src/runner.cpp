// The loop over a sweep's points, on one process or spread over MPI ranks. Rank 0 owns the journal: it reads
// what is done, tells the others what is left, and journals the results as the rounds come in.
#include "jevons/sweep/runner.h"

#include "jevons/sweep/cluster.h"

#include <cstring>
#include <stdexcept>

namespace jevons::sweep {

namespace {

// Messages between ranks start with a tag: 'O' ok (data follows), 'N' nothing this round, 'S' a SweepError
// (exit 2 in the CLI), 'E' any other failure; an error's message follows its tag.
template <typename T> void put(std::string &bytes, const T &value)
{
    bytes.append(reinterpret_cast<const char *>(&value), sizeof value);
}
template <typename T> T take(const std::string &bytes, std::size_t &pos)
{
    T value;
    if (pos + sizeof value > bytes.size()) {
        throw std::runtime_error("a message between ranks was cut short");
    }
    std::memcpy(&value, bytes.data() + pos, sizeof value);
    pos += sizeof value;
    return value;
}

[[noreturn]] void rethrow(const std::string &message)
{
    if (message[0] == 'S') {
        throw SweepError(message.substr(1));
    }
    throw std::runtime_error(message.substr(1));
}

} // namespace

std::vector<std::vector<double>> runSweep(const SweepSpec &spec, const Design &design,
                                          const RunOptions &options, const SweepProgress &progress)
{
    const int ranks = cluster::size(), me = cluster::rank();
    const std::size_t total = design.size();
    std::optional<Journal> journal;
    std::vector<std::vector<double>> results;
    std::string plan; // rank 0 → all: 'O' and the pending point indices, or an error
    if (me == 0) {
        try {
            results.assign(total, {});
            std::vector<bool> done(total, false);
            if (!options.journalPath.empty()) {
                journal.emplace(options.journalPath, fingerprint(spec), total, spec.outputs.size(),
                                options.resume);
                for (std::size_t i = 0; i < total; ++i) {
                    if (journal->done()[i]) {
                        results[i] = *journal->done()[i];
                        done[i] = true;
                    }
                }
            }
            plan = "O";
            for (std::size_t i = 0; i < total; ++i) {
                if (!done[i]) {
                    put(plan, std::uint64_t(i));
                }
            }
        } catch (const SweepError &e) {
            plan = std::string("S") + e.what();
        } catch (const std::exception &e) {
            plan = std::string("E") + e.what();
        }
    }
    if (ranks > 1) {
        plan = cluster::broadcast(plan);
    }
    if (plan[0] != 'O') {
        rethrow(plan);
    }
    std::vector<std::size_t> pending;
    for (std::size_t pos = 1; pos < plan.size();) {
        pending.push_back(std::size_t(take<std::uint64_t>(plan, pos)));
    }
    std::size_t doneCount = total - pending.size();
    if (me == 0 && progress) {
        progress(doneCount, total);
    }
    const SimulationSettings settings =
        pointSettings(spec, options.backend, cluster::threadsFor(options.threads));
    const std::size_t outputs = spec.outputs.size();
    for (std::size_t start = 0; start < pending.size(); start += std::size_t(ranks)) {
        std::string mine = "N";
        if (const std::size_t slot = start + std::size_t(me); slot < pending.size()) {
            try {
                const std::vector<double> values = runPoint(spec, design, pending[slot], settings);
                mine = "O";
                put(mine, std::uint64_t(pending[slot]));
                for (double v : values) {
                    put(mine, v);
                }
            } catch (const SweepError &e) {
                mine = std::string("S") + e.what();
            } catch (const std::exception &e) {
                mine = std::string("E") + e.what();
            }
        }
        std::string verdict; // rank 0 → all: empty to carry on, else the first error of the round
        const std::vector<std::string> parts =
            ranks > 1 ? cluster::gather(mine) : std::vector<std::string>{mine};
        if (me == 0) {
            try {
                for (const std::string &part : parts) { // rank order = design order within the round
                    if (part[0] == 'O') {
                        std::size_t pos = 1;
                        const auto index = std::size_t(take<std::uint64_t>(part, pos));
                        std::vector<double> values(outputs);
                        for (double &v : values) {
                            v = take<double>(part, pos);
                        }
                        if (journal) {
                            journal->append(index, values);
                        }
                        results[index] = std::move(values);
                        ++doneCount;
                        if (progress) {
                            progress(doneCount, total);
                        }
                    } else if (part[0] != 'N' && verdict.empty()) {
                        verdict = part;
                    }
                }
            } catch (const std::exception &e) {
                verdict = std::string("E") + e.what();
            }
        }
        if (ranks > 1) {
            verdict = cluster::broadcast(verdict);
        }
        if (!verdict.empty()) {
            rethrow(verdict);
        }
    }
    if (journal) {
        journal.reset(); // closed; the caller removes it once the result file is written
    }
    return results;
}

} // namespace jevons::sweep
