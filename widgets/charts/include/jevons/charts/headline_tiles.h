#pragma once
// The Overview's headline numbers at the horizon: p50 with the p5–p95 range, and the change vs the baseline.

#include "jevons/charts/chart_panel.h"

class QGridLayout;
class QLabel;

namespace jevons::ui {

class HeadlineTiles : public ChartPanel {
    Q_OBJECT
public:
    explicit HeadlineTiles(QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("headline"); }
    QString title() const override { return tr("Headline numbers at the horizon"); }
    QString caption() const override;
    QChart *chart() override { return nullptr; } ///< tiles are widgets, not a QChart
    void renderTo(QPainter *painter, const QRectF &target) override;
    QString toCsv() const override;

    /// Main number of each tile, as shown ("1.23"), by metric key (e.g. "demand_supply_ratio").
    QString tileText(const QString &key) const;
    /// The tile's "outside the calibrated range" marker text (its tooltip says why); empty when none shows.
    QString tileWarning(const QString &key) const;
    /// The tile's title line, with the month it shows ("Demand / supply · Apr 2031").
    QString tileTitle(const QString &key) const;

protected:
    void redraw() override;
    void applyPalette() override;

private:
    struct Tile {
        QString key;
        QString title;
        QLabel *heading = nullptr;
        QLabel *value = nullptr;
        QLabel *warning = nullptr;
        QLabel *range = nullptr;
        QLabel *delta = nullptr;
        QWidget *frame = nullptr;
    };
    QList<Tile> m_tiles;
    QWidget *m_grid = nullptr;
};

} // namespace jevons::ui
