#pragma once
// The "Market history" charts: what the dataset says about GPU supply, token prices and investment. Each is a
// ChartPanel (id, title, renderTo, toCsv for export) that draws from a DataStore and redraws when the data
// changes (an import or its removal). Every plotted value keeps its provenance: hovering shows value, unit,
// date, kind and source, imported rows are drawn hollow or hatched and marked "user-supplied", and each chart
// has a "Sources…" view listing the references it draws from with their as-of dates.

#include "jevons/charts/chart_panel.h"
#include "jevons/market/provenance.h"
#include "jevons/charts/chart_label_layer.h"

#include "jevons/dataset/dataset.h"

#include <QHash>
#include <QList>

class QAbstractAxis;
class QBarSet;
class QAbstractBarSeries;
class QCategoryAxis;
class QComboBox;
class QLabel;
class QDateTimeAxis;
class QToolButton;
class QXYSeries;

namespace jevons::ui {

class DataStore;

/// Base of the history charts: provenance of every plotted value, hover tooltips, the Sources view, the
/// label layer, and a redraw on every data change.
class HistoryChart : public ChartPanel {
    Q_OBJECT
public:
    explicit HistoryChart(DataStore *store, QWidget *parent = nullptr);

    QString caption() const override;
    QString toCsv() const override;
    /// As ChartPanel's, with the labels placed for the layout at the target's size.
    void renderTo(QPainter *painter, const QRectF &target) override;
    /// The sources of what the chart shows now: one line per reference, "REFERENCE — DATA; as of DATES;
    /// N rows (KINDS)", with "user-supplied" for imported rows.
    QStringList sources() const;
    const QList<SourceEntry> &sourceEntries() const;
    /// Every plotted value with its provenance, in drawing order (what the tooltips show).
    const QList<Provenance> &plotted() const;
    /// Plotted values that come from the user's imports (drawn hollow or hatched).
    int userSuppliedCount() const;
    DataStore *store() const { return m_store; }
    ChartLabelLayer *labelLayer() const { return m_labels; }
    /// The words under the chart ("" when none), e.g. that its figures come from secondary sources.
    QString footnote() const;

public slots:
    /// Opens the Sources view (modal).
    void showSources();

protected:
    /// The series do not depend on the size: a resize only re-places the labels (the axes follow by
    /// themselves).
    void resized() override;
    /// Creates the QChart (titled, legend at the bottom), the toolbar with "Sources…", and the hover
    /// tooltips.
    void initHistoryChart(bool logToggle);
    /// The "Sources…" button of the chart's toolbar (opens showSources()).
    QToolButton *createSourcesButton();
    /// Removes all series, axes, labels, provenance, sources and CSV before a redraw.
    void resetChart();
    /// Shows `text` in small muted type under the chart (hidden when empty); the caption carries it too.
    void setFootnote(const QString &text);
    /// Records a plotted value; returns its index for bindHover().
    int addPlotted(const Provenance &p);
    /// Tooltips for the points of `series`: indices[i] is the plotted value of point i.
    void bindHover(QXYSeries *series, const QList<int> &indices);
    /// Tooltips for the bars of `set`: indices[c] is the plotted value of category c (-1: none).
    void bindHover(QBarSet *set, const QList<int> &indices);
    /// A bar set of `values` appended to `series`, its bars' tooltips bound to `indices`, in series colour
    /// `key`: solid, or hatched and outlined for the user's imports.
    QBarSet *appendBarSet(QAbstractBarSeries *series, const QString &name, const QList<qreal> &values,
                          const QList<int> &indices, int key, bool user);
    /// A time axis (x in msecs since the epoch) at the bottom spanning whole years around [firstMsecs,
    /// lastMsecs], labelled and gridded exactly at 1 January (a QDateTimeAxis spaces its ticks evenly in
    /// time, which puts some of them on 31 December).
    QCategoryAxis *addYearAxis(double firstMsecs, double lastMsecs);
    /// A value axis on the left: linear from 0 (or log) up past `maxValue` (already divided by the scale).
    QAbstractAxis *addValueAxis(const QString &title, double minPositive, double maxValue, bool log);
    /// A shorter title the axis takes when its full one is longer than the plot (kept fitting on resize).
    void setShortAxisTitle(QAbstractAxis *axis, const QString &shortTitle);
    void fitAxisTitles();
    /// Attaches a series to every axis of the chart.
    void attachToAxes(QAbstractSeries *series);
    void styleSeriesLegend();
    void applyPalette() override { markDirty(); }
    /// Called when the store's data changed, before the redraw (refill selectors here).
    virtual void dataChanged() {}
    /// Hatched brush for values from the user's imports.
    QBrush userBrush(const QColor &color) const;

    DataStore *m_store;
    SourceCollector m_sources;
    QList<Provenance> m_plotted;
    QString m_caption;
    QString m_csv;
    int m_userItems = 0;
    ChartLabelLayer *m_labels = nullptr;

private:
    void showTooltip(int index);
    void hideTooltip();
    QString m_defaultToolTip;
    QLabel *m_footnote = nullptr;
};

} // namespace jevons::ui
