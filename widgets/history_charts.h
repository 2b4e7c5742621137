#pragma once
// The "Market history" charts: what the dataset says about GPU supply, token prices and investment. Each is a
// ChartPanel (id, title, renderTo, toCsv for export) that draws from a DataStore and redraws when the data
// changes (an import or its removal). Every plotted value keeps its provenance: hovering shows value, unit,
// date, kind and source, imported rows are drawn hollow or hatched and marked "user-supplied", and each chart
// has a "Sources…" view listing the references it draws from with their as-of dates.

#include "chart_panel.h"
#include "history_support.h"

#include "jevons/dataset/dataset.h"

#include <QHash>
#include <QList>

class QAbstractAxis;
class QBarSet;
class QCategoryAxis;
class QComboBox;
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

public slots:
    /// Opens the Sources view (modal).
    void showSources();

protected:
    /// Creates the QChart (titled, legend at the bottom), the toolbar with "Sources…", and the hover
    /// tooltips.
    void initHistoryChart(bool logToggle);
    /// The "Sources…" button of the chart's toolbar (opens showSources()).
    QToolButton *createSourcesButton();
    /// Removes all series, axes, labels, provenance, sources and CSV before a redraw.
    void resetChart();
    /// Records a plotted value; returns its index for bindHover().
    int addPlotted(const Provenance &p);
    /// Tooltips for the points of `series`: indices[i] is the plotted value of point i.
    void bindHover(QXYSeries *series, const QList<int> &indices);
    /// Tooltips for the bars of `set`: indices[c] is the plotted value of category c (-1: none).
    void bindHover(QBarSet *set, const QList<int> &indices);
    /// A time axis (x in msecs since the epoch) at the bottom spanning whole years around [firstMsecs,
    /// lastMsecs], labelled and gridded exactly at 1 January (a QDateTimeAxis spaces its ticks evenly in
    /// time, which puts some of them on 31 December).
    QCategoryAxis *addYearAxis(double firstMsecs, double lastMsecs);
    /// A value axis on the left: linear from 0 (or log) up past `maxValue` (already divided by the scale).
    QAbstractAxis *addValueAxis(const QString &title, double minPositive, double maxValue, bool log);
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
};

// ---------------------------------------------------------------------------------------------------------
// GPU supply

/// Accelerator shipments per calendar year, stacked by vendor, for one estimator (estimators' scopes
/// differ: see resources/data/README.md), in units or H100e.
class ShipmentsHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    enum class Measure { Units, H100e };
    explicit ShipmentsHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_shipments"); }
    QString title() const override { return tr("AI accelerator shipments by vendor"); }
    void setMeasure(Measure measure);
    Measure measure() const { return m_measure; }
    /// Estimators with yearly rows, in the selector; "Epoch AI" is the default.
    QStringList estimators() const;
    void setEstimator(const QString &estimator);
    QString estimator() const;

protected:
    void redraw() override;
    void dataChanged() override;

private:
    QComboBox *m_measureBox = nullptr;
    QComboBox *m_estimatorBox = nullptr;
    Measure m_measure = Measure::Units;
};

/// Installed compute in H100e: cumulative NVIDIA shipments (Epoch AI), and other H100e estimates.
class InstalledComputeHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit InstalledComputeHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_installed_compute"); }
    QString title() const override { return tr("Installed compute (H100e)"); }

protected:
    void redraw() override;
};

/// NVIDIA Data Center revenue per fiscal quarter.
class NvidiaRevenueHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit NvidiaRevenueHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_nvidia_revenue"); }
    QString title() const override { return tr("NVIDIA Data Center revenue by quarter"); }

protected:
    void redraw() override;
};

/// CoWoS packaging capacity in wafers per month: each estimate with its range, and capacity targets.
class CowosHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit CowosHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_cowos"); }
    QString title() const override { return tr("CoWoS packaging capacity"); }

protected:
    void redraw() override;
};

// ---------------------------------------------------------------------------------------------------------
// Cost per token

/// LLM API list prices over time (log scale), one series per provider, points labelled with the model, and
/// an exponential decline fitted by least squares on log price (jevons::data::fitExponentialDecline) to a
/// selectable set of models.
class TokenPriceHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    enum class ModelSet {
        Frontier,    ///< frontier = 1: each provider's flagship at the time
        NonFrontier, ///< frontier = 0: smaller, older and long-context tiers, promotional prices
        All
    };
    explicit TokenPriceHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_token_prices"); }
    QString title() const override { return tr("LLM API list prices"); }

    void setBasis(data::PriceBasis basis);
    data::PriceBasis basis() const { return m_basis; }
    void setModelSet(ModelSet set);
    ModelSet modelSet() const { return m_set; }
    /// The points of the fit (x = Date::midYear(), as apiPricePoints() gives them) and the fit shown.
    const std::vector<data::PricePoint> &fitPoints() const { return m_fitPoints; }
    bool hasFit() const { return m_hasFit; }
    const data::DeclineFit &fit() const { return m_fit; }
    /// The one-line summary shown under the title ("÷2.32 per year ... halving every 10.0 months").
    QString fitSummary() const { return m_fitSummary; }

protected:
    void redraw() override;

private:
    QComboBox *m_basisBox = nullptr;
    QComboBox *m_setBox = nullptr;
    data::PriceBasis m_basis = data::PriceBasis::Blended;
    ModelSet m_set = ModelSet::Frontier;
    std::vector<data::PricePoint> m_fitPoints;
    data::DeclineFit m_fit;
    bool m_hasFit = false;
    QString m_fitSummary;
};

// ---------------------------------------------------------------------------------------------------------
// Investment flows

/// Hyperscaler capex by quarter or by calendar year, stacked by company; guidance (for years without an
/// actual) hatched.
class CapexHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    enum class Period { Quarter, Year };
    explicit CapexHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_capex"); }
    QString title() const override { return tr("Hyperscaler capex"); }
    void setPeriod(Period period);
    Period period() const { return m_period; }

protected:
    void redraw() override;

private:
    QComboBox *m_periodBox = nullptr;
    Period m_period = Period::Year;
};

/// AI-lab funding rounds on a timeline, one row per lab, bubble area proportional to the amount.
class FundingRoundsHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit FundingRoundsHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_funding_rounds"); }
    QString title() const override { return tr("AI-lab funding rounds"); }

protected:
    void redraw() override;
};

/// Private AI investment by country and year (Stanford AI Index): United States, China, Europe.
class AiInvestmentHistoryChart : public HistoryChart {
    Q_OBJECT
public:
    explicit AiInvestmentHistoryChart(DataStore *store, QWidget *parent = nullptr);
    QString chartId() const override { return QStringLiteral("history_ai_investment"); }
    QString title() const override { return tr("Private AI investment by country"); }

protected:
    void redraw() override;
};

} // namespace jevons::ui
