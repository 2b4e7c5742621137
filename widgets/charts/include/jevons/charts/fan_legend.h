#pragma once
// One legend for the Overview's small fans, which have no room for their own: what the line and the two
// bands are, the baseline's style, and the months the fans span.

#include "jevons/charts/chart_panel.h"

#include <QWidget>

namespace jevons::ui {

class FanLegend : public QWidget {
    Q_OBJECT
public:
    explicit FanLegend(QWidget *parent = nullptr);
    void setDarkTheme(bool dark);
    /// "Apr 2026 – Apr 2031"; empty before the first run.
    void setMonths(const QString &months);
    /// Shows the baseline entry (a baseline is pinned).
    void setBaselineShown(bool shown);
    /// The delta view shows: the entries name shifts of percentiles, and say they are no confidence band.
    void setDeltaShown(bool shown);
    /// The entries as read aloud and tested: "p50", "p25–p75", ...
    QStringList entries() const;
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    ChartPalette m_palette = ChartPalette::make(false);
    QString m_months;
    bool m_baseline = false;
    bool m_delta = false;
};

} // namespace jevons::ui
