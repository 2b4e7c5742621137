#pragma once
// The variance shares at one month, ranked: beside "What drives the uncertainty", the answer to "which
// input matters most then".

#include "jevons/charts/chart_panel.h"

#include "jevons/engine/engine.h"

class QBarCategoryAxis;
class QBarSet;
class QHorizontalBarSeries;
class QLabel;
class QSpinBox;
class QValueAxis;

namespace jevons::ui {

class VarianceSharesRankChart : public ChartPanel {
    Q_OBJECT
public:
    explicit VarianceSharesRankChart(QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("variance_shares_ranked"); }
    QString title() const override { return tr("Drivers of the uncertainty, ranked"); }
    QString caption() const override;
    QString toCsv() const override;

    /// The month shown: -1 (the default) follows the horizon.
    void setStep(int step);
    int step() const { return m_step; }
    /// The month of the last redraw (the horizon when step() is -1).
    int shownStep() const { return m_shownStep; }
    /// Labels and shares (fractions) as drawn, largest first.
    const QList<QPair<QString, double>> &ranked() const { return m_ranked; }
    QHorizontalBarSeries *barSeries() const { return m_bars; }

protected:
    void redraw() override;
    void applyPalette() override;

private:
    QSpinBox *m_monthBox = nullptr;
    QLabel *m_monthLabel = nullptr;
    QHorizontalBarSeries *m_bars = nullptr;
    QBarSet *m_set = nullptr;
    QBarCategoryAxis *m_axisY = nullptr;
    QValueAxis *m_axisX = nullptr;
    int m_step = -1;
    int m_shownStep = -1;
    QList<QPair<QString, double>> m_ranked;
};

} // namespace jevons::ui
