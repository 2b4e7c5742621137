#include "jevons/session/scenario_document.h"

#include <QUndoCommand>

#include <utility>

namespace jevons::ui {

namespace {
QString paramLabel(Param p)
{
    return QString::fromUtf8(paramInfo(p).label);
}
} // namespace

/// One edit of one value. It keeps the scenario before and after, because a value carries more with it:
/// an uncertain input's interval moves with its median, and power_gw follows S0 and w0 while it follows
/// the start state (Scenario::setMedian).
class SetValueCommand : public QUndoCommand {
public:
    SetValueCommand(ScenarioDocument *doc, Param p, const Scenario &before, const Scenario &after,
                    int dragSession)
        : m_doc(doc), m_param(p), m_before(before), m_after(after), m_dragSession(dragSession)
    {
        setText(QObject::tr("Change %1").arg(paramLabel(p)));
    }
    void undo() override { m_doc->applyEdit(m_param, m_before, false); }
    void redo() override
    {
        // The first redo happens on push, while the value is already in place from the slider.
        m_doc->applyEdit(m_param, m_after, m_dragSession >= 0 && m_firstRedo);
        m_firstRedo = false;
    }
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand *other) override
    {
        const auto *next = static_cast<const SetValueCommand *>(other);
        // Only one drag of one parameter merges: a drag becomes one undo step, separate edits stay separate.
        if (next->m_param != m_param || m_dragSession < 0 || next->m_dragSession != m_dragSession)
            return false;
        m_after = next->m_after;
        return true;
    }

private:
    ScenarioDocument *m_doc;
    Param m_param;
    Scenario m_before, m_after;
    int m_dragSession; ///< -1: not part of a drag
    bool m_firstRedo = true;
};

class ReplaceScenarioCommand : public QUndoCommand {
public:
    ReplaceScenarioCommand(ScenarioDocument *doc, const Scenario &before, const Scenario &after,
                           const QString &pathBefore, const QString &pathAfter)
        : m_doc(doc), m_before(before), m_after(after), m_pathBefore(pathBefore), m_pathAfter(pathAfter)
    {
        setText(QObject::tr("Load %1").arg(QString::fromStdString(after.name)));
    }
    void undo() override
    {
        m_doc->m_filePath = m_pathBefore;
        m_doc->applyScenario(m_before);
        emit m_doc->filePathChanged(m_pathBefore);
    }
    void redo() override
    {
        m_doc->m_filePath = m_pathAfter;
        m_doc->applyScenario(m_after);
        emit m_doc->filePathChanged(m_pathAfter);
    }

private:
    ScenarioDocument *m_doc;
    Scenario m_before, m_after;
    QString m_pathBefore, m_pathAfter;
};

ScenarioDocument::ScenarioDocument(QObject *parent) : QObject(parent)
{
    m_undo.setUndoLimit(500);
    connect(&m_undo, &QUndoStack::cleanChanged, this, [this](bool clean) {
        if (!m_forceModified)
            emit modifiedChanged(!clean);
    });
}

ScenarioDocument::~ScenarioDocument()
{
    // ~QUndoStack clears the stack, which emits canUndoChanged, undoTextChanged, ... Receivers may be
    // half-destroyed by then (the window deletes this document among its children): they hear nothing.
    m_undo.blockSignals(true);
}

void ScenarioDocument::setValue(Param p, double value, bool dragging)
{
    if (m_scenario[p] == value)
        return;
    Scenario after = m_scenario;
    after.setMedian(p, value);
    m_undo.push(new SetValueCommand(this, p, m_scenario, after, dragging ? m_dragSession : -1));
    if (!dragging)
        endDrag();
}

void ScenarioDocument::load(const Scenario &scenario, const QString &filePath)
{
    endDrag();
    m_forceModified = false;
    m_undo.push(new ReplaceScenarioCommand(this, m_scenario, scenario, m_filePath, filePath));
    m_undo.setClean();
    emit modifiedChanged(false);
}

void ScenarioDocument::markSaved(const QString &filePath)
{
    m_forceModified = false;
    if (m_filePath != filePath) {
        m_filePath = filePath;
        emit filePathChanged(filePath);
    }
    m_undo.setClean();
    emit modifiedChanged(false);
}

void ScenarioDocument::restore(const Scenario &scenario, const QString &filePath, bool modified)
{
    m_undo.clear();
    m_filePath = filePath;
    m_forceModified = modified;
    applyScenario(scenario);
    emit filePathChanged(filePath);
    emit modifiedChanged(modified);
}

void ScenarioDocument::applyEdit(Param p, const Scenario &scenario, bool dragging)
{
    const Scenario before = std::exchange(m_scenario, scenario);
    emit valueChanged(p, m_scenario[p], dragging);
    for (int i = 0; i < ParamCount; ++i) {
        const auto other = static_cast<Param>(i);
        if (other != p && before[other] != m_scenario[other])
            emit valueChanged(other, m_scenario[other], dragging); // power_gw following S0 or w0
    }
}

void ScenarioDocument::applyScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    emit scenarioReplaced();
}

} // namespace jevons::ui
