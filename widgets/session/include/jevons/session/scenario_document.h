#pragma once
// The scenario being edited: values, where it came from (preset or file), modified state and undo history.

#include "jevons/engine/scenario.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QUndoStack>

#include <optional>
#include <vector>

namespace jevons::ui {

class ScenarioDocument : public QObject {
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject *parent = nullptr);
    ~ScenarioDocument() override;

    const Scenario &scenario() const { return m_scenario; }
    double value(Param p) const { return m_scenario[p]; }
    QUndoStack *undoStack() { return &m_undo; }

    /// Name shown in the title, captions and the report: the scenario's name. A preset (or the start-up
    /// Base case) edited before the user names it is called "<preset> (modified)".
    QString displayName() const { return QString::fromStdString(m_scenario.name); }
    QString notes() const { return QString::fromStdString(m_scenario.notes); }
    /// The user's name for the scenario (undoable); it stays as given through later edits.
    void setName(const QString &name);
    void setNotes(const QString &notes);
    /// " (modified)", the suffix of an edited preset's name.
    static QString modifiedSuffix();
    /// The file this scenario was opened from or saved to; empty for presets and new scenarios.
    QString filePath() const { return m_filePath; }
    /// True once anything changed since the last preset, open or save, and not all changed back (every
    /// value reset to the preset's is not a modification).
    bool isModified() const { return m_forceModified || (!m_undo.isClean() && !matchesSaved()); }
    /// The scenario as of the last preset, open or save: what "Discard" on quit goes back to.
    const Scenario &savedScenario() const { return m_savedScenario; }

    /// A user edit, as an undoable command. Edits of one parameter within one drag merge into one step.
    void setValue(Param p, double value, bool dragging = false);
    /// A keyboard or wheel step (arrow keys, Page Up/Down) of a slider or spin box: steps of one parameter
    /// that follow each other within StepGestureMilliseconds merge into one undo step, as a drag does.
    void stepValue(Param p, double value);
    static constexpr int StepGestureMilliseconds = 1000;
    /// Ends the current drag: the next edit starts a new undo step.
    void endDrag();
    /// Replaces the whole scenario (preset, open, restore). Undoable; the result counts as unmodified.
    void load(const Scenario &scenario, const QString &filePath);
    /// After a successful save: remembers the path and clears the modified state.
    void markSaved(const QString &filePath);
    /// Restores a saved session without touching the undo history (settings at start-up). `saved` is the
    /// state a modified session was saved from (savedScenario()); without it, `scenario` itself.
    void restore(const Scenario &scenario, const QString &filePath, bool modified,
                 const std::optional<Scenario> &saved = std::nullopt);

    /// Makes `p` uncertain with `interval`, or certain again (nullopt), as one undoable step. Making it
    /// certain drops the correlations that named it; correlationsDropped() says how many. The caller checks
    /// the interval first (validateScenario): an invalid one would make every run fail.
    void setInterval(Param p, const std::optional<Interval> &interval);
    /// Replaces all rank correlations (the correlation editor's result) as one undoable step.
    void setCorrelations(const std::vector<RankCorrelation> &correlations);
    /// Sets one pair's rank correlation (0 removes it), as one undoable step.
    void setCorrelation(Param a, Param b, double rank);
    /// The "Uncertain inputs" switch: off runs every input at its point value without forgetting the
    /// intervals. Undoable; not part of the file (a view of the same scenario).
    void setUncertaintyEnabled(bool on);
    bool uncertaintyEnabled() const { return m_uncertaintyOn; }
    /// What a run uses: the scenario, or its withoutUncertainty() twin while the switch is off (same
    /// seed, so the same step draws).
    Scenario runScenario() const;

signals:
    /// One parameter changed (`dragging`: part of a slider drag); for an uncertain input its interval
    /// moved with it.
    void valueChanged(jevons::Param param, double value, bool dragging);
    /// Every value may have changed (load, undo of a load).
    void scenarioReplaced();
    /// The name or the notes changed. `withValues`: as part of a value or uncertainty edit (a preset became
    /// "(modified)", or back), whose own signal already asks for a run.
    void metadataChanged(bool withValues);
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);
    /// Intervals, correlations or the switch changed (an interval edit, undo/redo of one).
    void uncertaintyChanged();
    /// Making `param` certain dropped `count` correlations that named it (not on undo/redo).
    void correlationsDropped(jevons::Param param, int count);

private:
    friend class SetValueCommand;
    friend class ReplaceScenarioCommand;
    friend class UncertaintyCommand;
    friend class MetadataCommand;
    /// `after` with the automatic name: the saved name, plus modifiedSuffix() when it differs from the saved
    /// state, as long as the scenario is tied to no file and the user has not named it.
    Scenario withAutoName(Scenario after) const;
    /// The scenario equals savedScenario() (an automatic "(modified)" name aside).
    bool matchesSaved() const;
    void applyMetadata(const Scenario &scenario, bool userNamed);
    void pushUncertainty(const QString &text, const Scenario &after, bool onAfter);
    void applyUncertainty(const Scenario &scenario, bool on);
    void applyEdit(Param p, const Scenario &scenario, bool dragging);
    void applyScenario(const Scenario &scenario);

    Scenario m_scenario;
    Scenario m_savedScenario;
    QString m_filePath;
    QUndoStack m_undo;
    int m_dragSession = 0;
    Param m_stepParam = Param::Count; ///< the parameter of the step gesture in progress, if any
    QElapsedTimer m_sinceStep;
    bool m_uncertaintyOn = true;
    bool m_forceModified = false; ///< restored as modified: stays so until the next load or save
    bool m_userNamed = false;     ///< the user gave the name (setName): no automatic "(modified)"
};

} // namespace jevons::ui
