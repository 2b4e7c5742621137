#pragma once
// The scenario being edited: values, where it came from (preset or file), modified state and undo history.

#include "jevons/engine/scenario.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

namespace jevons::ui {

class ScenarioDocument : public QObject {
    Q_OBJECT
public:
    explicit ScenarioDocument(QObject *parent = nullptr);
    ~ScenarioDocument() override;

    const Scenario &scenario() const { return m_scenario; }
    double value(Param p) const { return m_scenario[p]; }
    QUndoStack *undoStack() { return &m_undo; }

    /// Name shown in the title: the preset's or the file's scenario name.
    QString displayName() const { return QString::fromStdString(m_scenario.name); }
    /// The file this scenario was opened from or saved to; empty for presets and new scenarios.
    QString filePath() const { return m_filePath; }
    /// True once anything changed since the last preset, open or save.
    bool isModified() const { return m_forceModified || !m_undo.isClean(); }

    /// A user edit, as an undoable command. Edits of one parameter within one drag merge into one step.
    void setValue(Param p, double value, bool dragging = false);
    /// Ends the current drag: the next edit starts a new undo step.
    void endDrag() { ++m_dragSession; }
    /// Replaces the whole scenario (preset, open, restore). Undoable; the result counts as unmodified.
    void load(const Scenario &scenario, const QString &filePath);
    /// After a successful save: remembers the path and clears the modified state.
    void markSaved(const QString &filePath);
    /// Restores a saved session without touching the undo history (settings at start-up).
    void restore(const Scenario &scenario, const QString &filePath, bool modified);

signals:
    /// One parameter changed (`dragging`: part of a slider drag); for an uncertain input its interval
    /// moved with it.
    void valueChanged(jevons::Param param, double value, bool dragging);
    /// Every value may have changed (load, undo of a load).
    void scenarioReplaced();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString &path);

private:
    friend class SetValueCommand;
    friend class ReplaceScenarioCommand;
    void applyEdit(Param p, const Scenario &scenario, bool dragging);
    void applyScenario(const Scenario &scenario);

    Scenario m_scenario;
    QString m_filePath;
    QUndoStack m_undo;
    int m_dragSession = 0;
    bool m_forceModified = false; ///< restored as modified: stays so until the next load or save
};

} // namespace jevons::ui
