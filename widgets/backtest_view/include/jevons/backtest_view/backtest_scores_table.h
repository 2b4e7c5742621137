#pragma once
// The scores of a backtest (docs/model.md, "Backtest", "Scores"), one row per scored series and one for all:
// points, coverage of the 50 % and 90 % bands, mean CRPS and mean PIT, with the library's reading in words
// (how few points the scores rest on and what that means) under the table.

#include "jevons/backtest_view/backtest_job.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace jevons::ui {

class BacktestScoresTable : public QWidget {
    Q_OBJECT
public:
    enum Column { SeriesColumn, PointsColumn, Coverage50Column, Coverage90Column, CrpsColumn, PitColumn };

    explicit BacktestScoresTable(QWidget *parent = nullptr);

    void setBacktest(BacktestPtr result);
    QTableWidget *table() const { return m_table; }
    /// The reading of the overall scores, as shown.
    QString reading() const;
    /// "62 %" in the user's locale; "–" when there is nothing to score.
    static QString percent(double share);
    /// The CRPS as shown ("0.123"); "–" when there is nothing to score.
    static QString crps(double value);

private:
    QTableWidget *m_table = nullptr;
    QLabel *m_reading = nullptr;
};

} // namespace jevons::ui
