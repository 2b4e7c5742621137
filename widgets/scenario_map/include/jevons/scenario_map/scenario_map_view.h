#pragma once
// The Scenario map tab: two parameters (each with its range, spaced as its slider is: log where the
// parameter table says so) and one output, computed in the background through the sweep library, coarse
// first and then refined, with progress and cancel; or a sweep result file made elsewhere (`jevons sweep
// --format json` of a two-parameter grid). A click on a cell loads its two values into the document as one
// undoable step.

#include "jevons/scenario_map/scenario_map_job.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace jevons::ui {

class ScenarioDocument;
class ScenarioMapChart;

class ScenarioMapView : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioMapView(ScenarioDocument *document, QWidget *parent = nullptr);

    ScenarioMapChart *chart() const { return m_chart; }
    ScenarioMapJob *job() const { return m_job; }
    bool isRunning() const { return m_job->isRunning(); }

    /// The axes of the next computation (ranges clamped to each parameter's allowed values).
    void setAxes(Param x, double xFrom, double xTo, Param y, double yFrom, double yTo);
    sweep::GridAxis axis(int which) const; ///< 0: across, 1: up (its steps not set)
    void setOutput(const sweep::OutputSpec &output);
    sweep::OutputSpec output() const;
    void setRunSettings(std::uint64_t paths, std::uint64_t seed);
    /// Steps per axis of the coarse and the refined grid (5 and 16 by default).
    void setResolution(int coarse, int fine);
    /// What compute() runs: the document's scenario (as its runs use it), paths, seed and the output.
    sweep::SweepSpec baseSpec() const;
    /// Reads a sweep result file and shows it; false (and the reason in the status line) when it cannot.
    bool openResult(const QString &path);
    QString statusText() const;

public slots:
    void compute();
    void cancel();
    void openResultDialog();

signals:
    /// A stage's grid is shown (0 = coarse); `last`: the refined one.
    void gridShown(int stage, bool last);
    void mapFinished();
    void mapCancelled();
    void mapFailed(const QString &message);

private:
    void fillParameterCombo(QComboBox *combo);
    void parameterChosen(int which);
    void outputChosen();
    void updateMonthLabel();
    void loadCell(int ix, int iy);
    void setRunning(bool running);

    ScenarioDocument *m_document = nullptr;
    ScenarioMapJob *m_job = nullptr;
    ScenarioMapChart *m_chart = nullptr;
    QComboBox *m_param[2] = {};
    QDoubleSpinBox *m_from[2] = {};
    QDoubleSpinBox *m_to[2] = {};
    QLabel *m_unit[2] = {};
    QComboBox *m_output = nullptr;
    QComboBox *m_stat = nullptr;
    QSpinBox *m_month = nullptr;
    QLabel *m_monthLabel = nullptr;
    QComboBox *m_paths = nullptr;
    QSpinBox *m_seed = nullptr;
    QPushButton *m_compute = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_open = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_hover = nullptr;
    int m_coarse = 5, m_fine = 16;
};

} // namespace jevons::ui
