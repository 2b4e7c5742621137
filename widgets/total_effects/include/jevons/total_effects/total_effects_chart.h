#pragma once
// The Sensitivity tab's "Total effects": per uncertain input, its first-order Sobol index (S1: the share of
// the output's variance it explains alone) and its total-order index (ST: alone and through its
// interactions with the others) side by side as horizontal bars, each with its bootstrap 90 % interval as
// whiskers, the inputs ranked by ST. A ChartPanel painted by hand (no QChart), so the export controller's
// PNG/SVG/PDF/CSV actions and captions apply to it. Hovering a row reads its numbers.

#include "jevons/charts/chart_panel.h"
#include "jevons/total_effects/total_effects.h"

namespace jevons::ui {

class TotalEffectsChart : public ChartPanel {
    Q_OBJECT
public:
    explicit TotalEffectsChart(QWidget *parent = nullptr);

    QString chartId() const override { return QStringLiteral("total_effects"); }
    QString title() const override { return tr("Total effects"); }
    /// What was computed and how, so that it can be reproduced: output, month, inputs with their intervals,
    /// base samples, runs, paths, seed, estimator and bootstrap.
    QString caption() const override;
    QChart *chart() override { return nullptr; } ///< painted by hand, not a QChart
    void renderTo(QPainter *painter, const QRectF &target) override;
    /// One row per uncertain input, ranked by ST: its interval and both indices with their 90 % intervals
    /// (fractions of the variance), in the C locale.
    QString toCsv() const override;

    void setResult(const TotalEffectsPtr &result);
    const TotalEffectsPtr &result() const { return m_result; }
    /// The scenario changed after the result was computed: drawn faded under a notice, said in the caption.
    void setStale(bool stale);
    bool isStale() const { return m_stale; }
    /// Shown in place of the bars while there is no result.
    void setPlaceholder(const QString &text);
    QString placeholder() const { return m_placeholder; }

    /// The rows as drawn, top to bottom (largest ST first).
    std::vector<sweep::SobolIndex> rows() const;
    /// "Price elasticity: first order 42 % (90 %: 35–50 %), total 55 % (47–62 %)", in the user's locale.
    QString rowText(int row) const;
    /// The row under a point of the widget, or -1; the centre of a row in widget coordinates.
    int rowAt(const QPointF &pos) const;
    QPointF rowCentre(int row) const;
    /// The text of the hover read-out (empty when the mouse is over no row).
    QString hoverText() const { return m_hoverText; }
    /// Label of the output ("Demand / supply ratio, p50", "Probability of shortage").
    static QString outputLabel(const sweep::OutputSpec &output);
    /// A legend entry: a swatch (or the whisker, when the colour is invalid) and its text.
    struct LegendItem {
        QColor colour;
        QString text;
    };

signals:
    void hoverChanged(const QString &text);

protected:
    void redraw() override { update(); }
    void resized() override { update(); }
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;

private:
    struct Layout {
        QRectF plot;      ///< the bars' area (x: share of variance)
        double labelLeft; ///< where the input labels start
        double lo, hi;    ///< the axis range, fractions
    };
    /// The title, the outdated notice and the legend above the plot, wrapped to the width.
    struct Header {
        QString titleText, staleText;
        QRectF title, stale;
        double legendTop = 0;
        int legendLines = 1;
    };
    Header header(const QRectF &target, const QFontMetricsF &fm) const;
    std::vector<LegendItem> legendItems() const;
    Layout layoutFor(const QRectF &target, const QFontMetricsF &fm) const;
    void paint(QPainter &p, const QRectF &target) const;
    QString monthText() const;

    TotalEffectsPtr m_result;
    bool m_stale = false;
    QString m_placeholder;
    int m_hover = -1;
    QString m_hoverText;
};

} // namespace jevons::ui
