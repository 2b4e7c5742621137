#pragma once
// The correlation editor: which uncertain inputs tend to move together, in words and numbers, checked live
// (an impossible set of correlations is refused and the cell to weaken is marked), with a scatter of the
// chosen pair's draws.

#include "jevons/engine/engine.h"

#include <QDialog>
#include <QWidget>

#include <optional>
#include <vector>

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QSlider;
class QTableWidget;

namespace jevons::ui {

/// "moderate, same direction" for 0.45: what a rank correlation means, for people who do not think in
/// coefficients. Cut-offs 0.05 / 0.3 / 0.6.
QString correlationWords(double rank);

/// Points of two inputs' draws, painted without Qt Charts (a preview needs no axes beyond the ends).
class ScatterPreview : public QWidget {
    Q_OBJECT
public:
    explicit ScatterPreview(QWidget *parent = nullptr);
    void setDraws(const QString &xLabel, const QString &yLabel, std::vector<QPointF> points);
    /// Text shown instead of points (nothing chosen, impossible matrix).
    void setMessage(const QString &message);
    int pointCount() const { return int(m_points.size()); }
    QSize sizeHint() const override { return {260, 220}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_xLabel, m_yLabel, m_message;
    std::vector<QPointF> m_points;
    QRectF m_bounds;
};

class CorrelationDialog : public QDialog {
    Q_OBJECT
public:
    /// `settings`: seed of the preview's draws (the run's, so the preview shows the run's inputs).
    CorrelationDialog(const Scenario &scenario, const SimulationSettings &settings,
                      QWidget *parent = nullptr);

    /// The correlations as edited (pairs at 0 left out).
    std::vector<RankCorrelation> correlations() const { return m_scenario.correlations; }
    const std::vector<Param> &inputs() const { return m_inputs; }
    /// Sets one pair as the cell's slider would (and selects its cell).
    void setCorrelation(Param a, Param b, double rank);
    /// Chooses the pair the slider and the preview work on.
    void selectPair(Param a, Param b);
    /// Whether the current matrix is possible (OK is enabled only then).
    bool isPossible() const { return m_possible; }
    /// The problem in words, naming the inputs; empty when possible.
    QString problem() const;
    /// The marked cell (the correlation to weaken), when the matrix is impossible and one is found.
    std::optional<RankCorrelation> markedCell() const { return m_marked; }
    QTableWidget *table() const { return m_table; }
    QSlider *slider() const { return m_slider; }
    QDoubleSpinBox *numberBox() const { return m_number; }
    QLabel *wordsLabel() const { return m_words; }
    ScatterPreview *preview() const { return m_preview; }
    QDialogButtonBox *buttons() const { return m_buttons; }

private:
    void onCellChosen(int row, int column);
    void applyRank(double rank);
    void refresh();
    void refreshPreview();

    Scenario m_scenario;
    SimulationSettings m_settings;
    std::vector<Param> m_inputs;
    int m_row = -1, m_column = -1; ///< the chosen pair (row != column), -1 when none
    bool m_possible = true;
    bool m_updating = false;
    std::optional<RankCorrelation> m_marked;
    QTableWidget *m_table = nullptr;
    QLabel *m_pairLabel = nullptr;
    QSlider *m_slider = nullptr;
    QDoubleSpinBox *m_number = nullptr;
    QLabel *m_words = nullptr;
    QLabel *m_problem = nullptr;
    ScatterPreview *m_preview = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace jevons::ui
