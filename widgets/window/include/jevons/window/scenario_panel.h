#pragma once
// Left-hand panel: presets, run settings (paths, seed, backend) and every parameter as a slider, grouped.

#include "jevons/engine/engine.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace jevons::ui {

class ParameterControl;
class ScenarioInfoEditor;
class ScenarioDocument;

/// One preset scenario bundled in the resources (":/scenarios/*.json").
struct Preset {
    QString name; ///< the scenario's name; the file's base name when it cannot be read
    QString resourcePath;
    QString error; ///< why the file cannot be loaded; empty when it can
};
/// The presets in a folder (the bundled ones by default), in file-name order (files are numbered so the Base
/// case comes first). A preset that cannot be loaded stays in the list with its error, so that indices
/// never shift onto another preset.
QList<Preset> bundledPresets(const QString &directory = QStringLiteral(":/scenarios"));

class ScenarioPanel : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioPanel(QWidget *parent = nullptr);
    explicit ScenarioPanel(const QList<Preset> &presets, QWidget *parent = nullptr);

    ParameterControl *control(Param p) const { return m_controls.value(p); }
    QList<ParameterControl *> controls() const { return m_controls.values(); }
    /// Puts every value of a scenario into the controls (no signals).
    void setScenario(const Scenario &scenario);
    void setValue(Param p, double value);
    /// Listens to the document's uncertainty (intervals, correlations, the switch) and sends the panel's
    /// interval edits, switch and correlation editor results to it as undoable commands.
    void attachDocument(ScenarioDocument *document);
    /// Shows the scenario's intervals and the switch (no signals).
    void setUncertainty(const Scenario &scenario, bool enabled);

    /// "Uncertain inputs": off runs every input at its value, keeping the intervals.
    QCheckBox *uncertaintyBox() const { return m_uncertaintyBox; }
    QPushButton *correlationsButton() const { return m_correlationsButton; }
    /// The last notice (correlations dropped when an input became certain); empty when none shows.
    QString notice() const;
    /// Opens the correlation editor on the document's scenario; applies its result when accepted.
    void editCorrelations();

    /// Shows which preset the scenario came from (-1: none, e.g. opened from a file) and whether it changed.
    void setPresetState(int presetIndex, bool modified);
    QComboBox *presetBox() const { return m_presetBox; }
    /// The scenario's name and notes.
    ScenarioInfoEditor *infoEditor() const { return m_info; }
    const QList<Preset> &presets() const { return m_presets; }

    SimulationSettings runSettings() const;
    void setRunSettings(const SimulationSettings &settings);
    /// "cpu-omp, 2 threads" / "cuda (NVIDIA H200)".
    void setBackendInUse(const QString &text);
    QComboBox *pathsBox() const { return m_pathsBox; }
    QSpinBox *seedBox() const { return m_seedBox; }
    QComboBox *backendBox() const { return m_backendBox; }

signals:
    void edited(jevons::Param param, double value, bool dragging);
    void dragFinished(jevons::Param param);
    /// A keyboard or wheel step of a row (ParameterControl::stepped).
    void stepped(jevons::Param param, double value);
    void presetChosen(int index);
    void runSettingsChanged();
    void intervalEdited(jevons::Param param, const std::optional<jevons::Interval> &interval);

private:
    QWidget *buildRunSettings();
    QWidget *buildUncertaintyRow();
    void showNotice(const QString &text);
    ScenarioDocument *m_document = nullptr;
    QCheckBox *m_uncertaintyBox = nullptr;
    QPushButton *m_correlationsButton = nullptr;
    QLabel *m_uncertaintySummary = nullptr;
    QLabel *m_notice = nullptr;
    QMap<Param, ParameterControl *> m_controls;
    QList<Preset> m_presets;
    QComboBox *m_presetBox = nullptr;
    ScenarioInfoEditor *m_info = nullptr;
    QLabel *m_modifiedLabel = nullptr;
    QComboBox *m_pathsBox = nullptr;
    QSpinBox *m_seedBox = nullptr;
    QComboBox *m_backendBox = nullptr;
    QLabel *m_backendInUse = nullptr;
};

} // namespace jevons::ui
