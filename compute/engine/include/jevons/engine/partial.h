#pragma once
// One run of simulate() split into ranges of paths, for runs spread over processes or machines (MPI).
// Every part is planned from the same deterministic pilot, and everything a part adds up merges exactly
// (integer counts; sums in a fixed tree over blocks of paths), so parts computed anywhere and merged in path
// order give the single-process result bit for bit on the CPU backend.

#include "jevons/engine/engine.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace jevons {

namespace detail {
struct PartialState;
}

class PartialRun {
public:
    /// Validates the scenario and settings (throws like simulate()) and plans the run: the pilot sets the
    /// histogram windows and candidate point masses, identically on every process. `backend` is the one
    /// to use (Cpu or Cuda; Auto picks CUDA when available).
    PartialRun(const Scenario &scenario, const SimulationSettings &settings);
    ~PartialRun();
    PartialRun(PartialRun &&) noexcept;
    PartialRun &operator=(PartialRun &&) noexcept;

    /// Simulates paths [first, first + count) and adds them; `first` is a multiple of 256 (blocks of paths
    /// are the units of the sums). Ranges are added in path order. Returns false when `progress` cancelled
    /// it (what it added is then dropped: the part is unusable). Throws std::runtime_error when the backend
    /// fails.
    bool run(std::uint64_t first, std::uint64_t count, const ProgressFn &progress = {});
    /// The paths added so far (here and through merge()).
    std::uint64_t pathsDone() const;

    /// Everything this part has added up, as bytes for another process (same binary and plan).
    std::string serialize() const;
    /// Adds a part that another process computed with the same scenario and settings, for the paths that
    /// follow this part's. Throws std::invalid_argument when the bytes come from another plan or are damaged.
    void merge(std::string_view serialized);

    /// The result, once paths [0, settings.paths) have been added. Throws std::logic_error before.
    SimulationResult finish() const;

private:
    std::unique_ptr<detail::PartialState> m_state;
};

} // namespace jevons
