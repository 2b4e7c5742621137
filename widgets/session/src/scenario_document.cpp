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
                    int dragSession, bool dragging)
        : m_doc(doc), m_param(p), m_before(before), m_after(after), m_dragSession(dragSession),
          m_dragging(dragging)
    {
        setText(QObject::tr("Change %1").arg(paramLabel(p)));
    }
    void undo() override { m_doc->applyEdit(m_param, m_before, false); }
    void redo() override
    {
        // The first redo happens on push, while the value is already in place from the slider.
        m_doc->applyEdit(m_param, m_after, m_dragging && m_firstRedo);
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
    int m_dragSession; ///< -1: not part of a drag or step gesture
    bool m_dragging;   ///< a slider drag (a preview run is enough), not a keyboard step
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

/// An edit of the uncertainty (an interval, the correlations, the switch). Like SetValueCommand it keeps the
/// whole scenario before and after: making an input certain also drops its correlations.
class UncertaintyCommand : public QUndoCommand {
public:
    UncertaintyCommand(ScenarioDocument *doc, const QString &text, const Scenario &before, bool onBefore,
                       const Scenario &after, bool onAfter)
        : m_doc(doc), m_before(before), m_after(after), m_onBefore(onBefore), m_onAfter(onAfter)
    {
        setText(text);
    }
    void undo() override { m_doc->applyUncertainty(m_before, m_onBefore); }
    void redo() override { m_doc->applyUncertainty(m_after, m_onAfter); }

private:
    ScenarioDocument *m_doc;
    Scenario m_before, m_after;
    bool m_onBefore, m_onAfter;
};

/// A new name or notes, with whether the name is the user's (so that undo gives the automatic name back).
class MetadataCommand : public QUndoCommand {
public:
    MetadataCommand(ScenarioDocument *doc, const QString &text, const Scenario &before, bool namedBefore,
                    const Scenario &after, bool namedAfter)
        : m_doc(doc), m_before(before), m_after(after), m_namedBefore(namedBefore), m_namedAfter(namedAfter)
    {
        setText(text);
    }
    void undo() override { m_doc->applyMetadata(m_before, m_namedBefore); }
    void redo() override { m_doc->applyMetadata(m_after, m_namedAfter); }

private:
    ScenarioDocument *m_doc;
    Scenario m_before, m_after;
    bool m_namedBefore, m_namedAfter;
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
    after = withAutoName(std::move(after));
    m_undo.push(new SetValueCommand(this, p, m_scenario, after, dragging ? m_dragSession : -1, dragging));
    if (!dragging)
        endDrag();
}

void ScenarioDocument::stepValue(Param p, double value)
{
    if (m_scenario[p] == value)
        return;
    const bool sameGesture =
        m_stepParam == p && m_sinceStep.isValid() && m_sinceStep.elapsed() < StepGestureMilliseconds;
    if (!sameGesture)
        endDrag();
    const int session = m_dragSession; // endDrag() below resets m_stepParam; keep the session
    Scenario after = m_scenario;
    after.setMedian(p, value);
    after = withAutoName(std::move(after));
    m_undo.push(new SetValueCommand(this, p, m_scenario, after, session, false));
    m_stepParam = p;
    m_sinceStep.start();
}

void ScenarioDocument::endDrag()
{
    ++m_dragSession;
    m_stepParam = Param::Count;
}

void ScenarioDocument::load(const Scenario &scenario, const QString &filePath)
{
    endDrag();
    m_forceModified = false;
    m_userNamed = !filePath.isEmpty();
    m_undo.push(new ReplaceScenarioCommand(this, m_scenario, scenario, m_filePath, filePath));
    m_savedScenario = scenario;
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
    m_savedScenario = m_scenario;
    m_undo.setClean();
    emit modifiedChanged(false);
}

void ScenarioDocument::restore(const Scenario &scenario, const QString &filePath, bool modified,
                               const std::optional<Scenario> &saved)
{
    m_undo.clear();
    m_savedScenario = saved.value_or(scenario);
    // A restored name that is neither the saved one nor an automatic "(modified)" was given by the user.
    m_userNamed = !filePath.isEmpty() || (scenario.name != m_savedScenario.name &&
                                          !QString::fromStdString(scenario.name).endsWith(modifiedSuffix()));
    m_filePath = filePath;
    m_forceModified = modified;
    applyScenario(scenario);
    emit filePathChanged(filePath);
    emit modifiedChanged(modified);
}

void ScenarioDocument::setInterval(Param p, const std::optional<Interval> &interval)
{
    if (m_scenario.intervals[static_cast<std::size_t>(p)] == interval)
        return;
    Scenario after = m_scenario;
    int dropped = 0;
    if (interval)
        after.intervals[static_cast<std::size_t>(p)] = interval;
    else
        dropped = after.removeInterval(p);
    endDrag();
    pushUncertainty(interval ? tr("Set the interval of %1").arg(paramLabel(p))
                             : tr("Make %1 certain").arg(paramLabel(p)),
                    after, m_uncertaintyOn);
    if (dropped > 0)
        emit correlationsDropped(p, dropped);
}

void ScenarioDocument::setCorrelations(const std::vector<RankCorrelation> &correlations)
{
    if (m_scenario.correlations == correlations)
        return;
    Scenario after = m_scenario;
    after.correlations = correlations;
    endDrag();
    pushUncertainty(tr("Change correlations"), after, m_uncertaintyOn);
}

void ScenarioDocument::setCorrelation(Param a, Param b, double rank)
{
    std::vector<RankCorrelation> correlations = m_scenario.correlations;
    auto same = [&](const RankCorrelation &c) {
        return (c.first == a && c.second == b) || (c.first == b && c.second == a);
    };
    std::erase_if(correlations, same);
    if (rank != 0)
        correlations.push_back({a, b, rank});
    setCorrelations(correlations);
}

void ScenarioDocument::setUncertaintyEnabled(bool on)
{
    if (on == m_uncertaintyOn)
        return;
    endDrag();
    pushUncertainty(on ? tr("Turn uncertain inputs on") : tr("Turn uncertain inputs off"), m_scenario, on);
}

Scenario ScenarioDocument::runScenario() const
{
    return m_uncertaintyOn ? m_scenario : m_scenario.withoutUncertainty();
}

void ScenarioDocument::pushUncertainty(const QString &text, const Scenario &after, bool onAfter)
{
    m_undo.push(
        new UncertaintyCommand(this, text, m_scenario, m_uncertaintyOn, withAutoName(after), onAfter));
}

QString ScenarioDocument::modifiedSuffix()
{
    return tr(" (modified)");
}

Scenario ScenarioDocument::withAutoName(Scenario after) const
{
    if (m_userNamed || !m_filePath.isEmpty())
        return after;
    std::string base = m_savedScenario.name;
    const std::string suffix = modifiedSuffix().toStdString();
    if (base.size() > suffix.size() && base.ends_with(suffix))
        base.resize(base.size() - suffix.size()); // a restored "(modified)" session is not modified twice
    Scenario saved = m_savedScenario;
    saved.name = after.name;
    saved.notes = after.notes;
    saved.run = after.run;
    after.name = after == saved ? base : base + suffix; // every value back at the preset's: its name again
    return after;
}

bool ScenarioDocument::matchesSaved() const
{
    Scenario current = m_scenario;
    if (!m_userNamed)
        current.name = m_savedScenario.name;
    return current == m_savedScenario;
}

void ScenarioDocument::setName(const QString &name)
{
    const std::string text = name.trimmed().toStdString();
    if (text.empty() || (text == m_scenario.name && m_userNamed))
        return;
    Scenario after = m_scenario;
    after.name = text;
    endDrag();
    m_undo.push(new MetadataCommand(this, tr("Rename to %1").arg(name.trimmed()), m_scenario, m_userNamed,
                                    after, true));
}

void ScenarioDocument::setNotes(const QString &notes)
{
    const std::string text = notes.toStdString();
    if (text == m_scenario.notes)
        return;
    Scenario after = m_scenario;
    after.notes = text;
    endDrag();
    m_undo.push(new MetadataCommand(this, tr("Edit notes"), m_scenario, m_userNamed, after, m_userNamed));
}

void ScenarioDocument::applyMetadata(const Scenario &scenario, bool userNamed)
{
    m_scenario.name = scenario.name;
    m_scenario.notes = scenario.notes;
    m_userNamed = userNamed;
    emit metadataChanged(false);
}

void ScenarioDocument::applyUncertainty(const Scenario &scenario, bool on)
{
    const bool renamed = m_scenario.name != scenario.name;
    m_scenario = scenario;
    m_uncertaintyOn = on;
    emit uncertaintyChanged();
    if (renamed)
        emit metadataChanged(true);
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
    if (before.name != m_scenario.name)
        emit metadataChanged(true); // a preset became "(modified)", or back
}

void ScenarioDocument::applyScenario(const Scenario &scenario)
{
    m_scenario = scenario;
    emit scenarioReplaced();
}

} // namespace jevons::ui
