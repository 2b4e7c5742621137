#pragma once
// A two-parameter grid of one sweep output, as the Scenario map draws it: computed in the window (through
// jevons_sweep, ScenarioMapJob) or read from a `jevons sweep --format json` result made elsewhere. Also the
// contour through it (marching squares), in grid-index coordinates.

#include "jevons/sweep/sweep.h"

#include <QLineF>
#include <QString>

#include <cstdint>
#include <vector>

namespace jevons::ui {

/// One axis of the map: the parameter and its values in design order (increasing or decreasing).
struct MapAxis {
    Param param = Param::PriceElasticity;
    std::vector<double> values;
    sweep::Spacing spacing = sweep::Spacing::Linear;
    int size() const { return int(values.size()); }
    /// Where `v` sits in index coordinates (0 .. size() - 1 inside the grid), interpolated piecewise on the
    /// axis's scale (log for a log axis) and extended past both ends: the Jevons line and the current
    /// scenario's marker are placed by it.
    double indexOf(double v) const;
    /// The value at a fractional index, the inverse of indexOf().
    double valueAt(double index) const;
};

struct MapGrid {
    MapAxis x; ///< the first axis of the design (varies slowest)
    MapAxis y; ///< the second (varies fastest)
    /// values[ix * y.size() + iy], design order; NaN where the output is undefined.
    std::vector<double> values;
    sweep::OutputSpec output;
    QString monthLabel; ///< "Jan 2030", as the sweep's scenario names its month
    std::uint64_t paths = 0, seed = 0;
    QString source; ///< the result file it was read from; empty when computed here

    bool isEmpty() const { return values.empty(); }
    double at(int ix, int iy) const
    {
        return values[std::size_t(ix) * std::size_t(y.size()) + std::size_t(iy)];
    }
    bool isProbability() const { return output.probability.has_value(); }
    /// The level the map's contour follows: 50 % for a probability, the median of the grid otherwise (NaN
    /// when no value is finite).
    double contourLevel() const;
    /// Smallest and largest finite value (both NaN when none).
    std::pair<double, double> range() const;
};

/// Segments of the `level` contour by marching squares over the cell centres, in index coordinates
/// (x index, y index). Saddle cells are split by the cell's mean, so the lines do not cross.
std::vector<QLineF> contourSegments(const MapGrid &grid, double level);

/// Reads a `jevons sweep --format json` result of a two-parameter grid; `output` picks the recorded output
/// (0 = the first). On failure returns an empty grid and sets `error` to one line saying why.
MapGrid readSweepResult(const QByteArray &json, int output, QString *error);

/// The output's name as the window shows it ("Shortage probability", "Demand / supply ratio, p50").
QString outputLabel(const sweep::OutputSpec &output);

} // namespace jevons::ui
