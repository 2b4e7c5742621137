#pragma once
// "Total effects" on the Sensitivity tab: a Compute button (computed on demand only: a Saltelli design is
// (k + 2) · N runs), the base samples N and the paths of each run with the cost they add up to, progress
// and Cancel, and the chart. With fewer than 2 uncertain inputs it says how to get total effects instead of
// computing; once the scenario changes after a computation, the result is marked outdated (and fresh again
// if the change is undone).

#include "jevons/total_effects/total_effects_job.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace jevons::ui {

class ScenarioDocument;
class TotalEffectsChart;

class TotalEffectsView : public QWidget {
    Q_OBJECT
public:
    explicit TotalEffectsView(ScenarioDocument *document, QWidget *parent = nullptr);

    TotalEffectsChart *chart() const { return m_chart; }
    TotalEffectsJob *job() const { return m_job; }
    bool isRunning() const { return m_job->isRunning(); }
    QPushButton *computeButton() const { return m_compute; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }

    /// Where the output comes from when Compute is pressed (the tornado's chosen output and month); unset:
    /// defaultTotalEffectsOutput() at the scenario's horizon.
    void setOutputSource(std::function<sweep::OutputSpec()> source) { m_outputSource = std::move(source); }
    /// Where the seed comes from (the window's run settings); unset: 42.
    void setSeedSource(std::function<std::uint64_t()> source) { m_seedSource = std::move(source); }
    /// Base samples N and paths per run of the next computation (chosen from the lists when they hold them).
    void setDesign(std::uint64_t baseSamples, std::uint64_t paths);
    /// What compute() runs now: the document's run scenario, the output, seed, N and paths.
    TotalEffectsRequest request() const;
    /// The shown result when it belongs to the document's current scenario; null otherwise.
    TotalEffectsPtr currentResult() const;
    QString statusText() const;
    /// The line that says what a computation costs: "(k + 2) × N = 704 runs of 500 paths".
    QString costText() const;

public slots:
    void compute();
    void cancel();

signals:
    void computed(jevons::ui::TotalEffectsPtr result);
    void computeCancelled();
    void computeFailed(const QString &message);

private:
    void scenarioChanged();
    void updateCost();
    void setRunning(bool running);

    ScenarioDocument *m_document = nullptr;
    TotalEffectsJob *m_job = nullptr;
    TotalEffectsChart *m_chart = nullptr;
    QPushButton *m_compute = nullptr;
    QPushButton *m_cancel = nullptr;
    QComboBox *m_samples = nullptr;
    QComboBox *m_paths = nullptr;
    QLabel *m_cost = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    std::function<sweep::OutputSpec()> m_outputSource;
    std::function<std::uint64_t()> m_seedSource;
};

} // namespace jevons::ui
