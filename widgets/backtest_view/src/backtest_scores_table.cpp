#include "jevons/backtest_view/backtest_scores_table.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace jevons::ui {

BacktestScoresTable::BacktestScoresTable(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_table = new QTableWidget(0, 6, this);
    m_table->setObjectName(QStringLiteral("backtestScores"));
    m_table->setHorizontalHeaderLabels({tr("Series"), tr("Points"), tr("Coverage 50 %\n(ideal 50 %)"),
                                        tr("Coverage 90 %\n(ideal 90 %)"), tr("Mean CRPS\n(of ln value)"),
                                        tr("Mean PIT\n(ideal 0.5)")});
    m_table->horizontalHeader()->setSectionResizeMode(SeriesColumn, QHeaderView::Stretch);
    for (int c = PointsColumn; c <= PitColumn; ++c)
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);
    m_reading = new QLabel(this);
    m_reading->setObjectName(QStringLiteral("backtestReading"));
    m_reading->setWordWrap(true);
    m_reading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reading);
    setBacktest(nullptr);
}

QString BacktestScoresTable::percent(double share)
{
    return std::isfinite(share) ? QStringLiteral("%1 %").arg(QLocale().toString(100 * share, 'f', 0))
                                : QStringLiteral("–");
}

QString BacktestScoresTable::crps(double value)
{
    return std::isfinite(value) ? QLocale().toString(value, 'f', 3) : QStringLiteral("–");
}

QString BacktestScoresTable::reading() const
{
    return m_reading->text();
}

void BacktestScoresTable::setBacktest(BacktestPtr result)
{
    m_table->setRowCount(0);
    if (!result) {
        m_reading->setText(tr("Pick an as-of month and run the backtest to see how the model's fans fared."));
        return;
    }
    auto addRow = [this](const QString &name, const backtest::ScoreSummary &s, bool bold) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{name,
                                QLocale().toString(qulonglong(s.points)),
                                percent(s.coverage50),
                                percent(s.coverage90),
                                crps(s.crpsMean),
                                std::isfinite(s.meanPit) ? QLocale().toString(s.meanPit, 'f', 2)
                                                         : QStringLiteral("–")};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(QString::fromStdString(s.reading));
            QFont font = item->font();
            font.setBold(bold);
            item->setFont(font);
            m_table->setItem(row, c, item);
        }
    };
    for (const backtest::Mapping &m : backtest::mappings()) {
        const auto it = result->bySeries.find(m.id);
        if (it != result->bySeries.end())
            addRow(QString::fromStdString(m.label), it->second, false);
    }
    addRow(tr("All series"), result->summary, true);
    m_reading->setText(QString::fromStdString(result->summary.reading));
}

} // namespace jevons::ui
