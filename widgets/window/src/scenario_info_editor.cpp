#include "jevons/window/scenario_info_editor.h"

#include "jevons/session/scenario_document.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QToolButton>

namespace jevons::ui {

namespace {
constexpr int NotesPauseMilliseconds = 700;
} // namespace

ScenarioInfoEditor::ScenarioInfoEditor(QWidget *parent) : QWidget(parent)
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("scenarioName"));
    m_name->setAccessibleName(tr("Scenario name"));
    m_name->setToolTip(tr("The scenario's name, saved in its file and shown in the title, the figure "
                          "captions, the report and the default file names. An edited preset is called "
                          "“(modified)” until you name it"));
    m_name->setClearButtonEnabled(false);
    auto *nameLabel = new QLabel(tr("N&ame:"), this);
    nameLabel->setBuddy(m_name);
    m_notesButton = new QToolButton(this);
    m_notesButton->setText(tr("Notes"));
    m_notesButton->setCheckable(true);
    m_notesButton->setToolTip(tr("Show the scenario's notes (saved in the file and printed in the report)"));
    m_notes = new QPlainTextEdit(this);
    m_notes->setObjectName(QStringLiteral("scenarioNotes"));
    m_notes->setAccessibleName(tr("Scenario notes"));
    m_notes->setPlaceholderText(tr("What this scenario assumes and why"));
    m_notes->setTabChangesFocus(true);
    m_notes->setLineWrapMode(QPlainTextEdit::WidgetWidth); // notes are prose: wrap, never scroll sideways
    m_notes->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_notes->setFixedHeight(m_notes->fontMetrics().lineSpacing() * 4 + 10);
    m_notes->hide();
    grid->addWidget(nameLabel, 0, 0);
    grid->addWidget(m_name, 0, 1);
    grid->addWidget(m_notesButton, 0, 2);
    grid->addWidget(m_notes, 1, 0, 1, 3);
    grid->setColumnStretch(1, 1);

    m_notesTimer.setSingleShot(true);
    m_notesTimer.setInterval(NotesPauseMilliseconds);
    connect(&m_notesTimer, &QTimer::timeout, this, &ScenarioInfoEditor::commitNotes);
    connect(m_notes, &QPlainTextEdit::textChanged, &m_notesTimer, qOverload<>(&QTimer::start));
    connect(m_notesButton, &QToolButton::toggled, this, [this](bool on) {
        m_notes->setVisible(on);
        if (on)
            m_notes->setFocus();
    });
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        if (!m_document)
            return;
        if (m_name->text().trimmed().isEmpty())
            refresh(); // a scenario always has a name: an emptied field gets it back
        else if (m_name->text().trimmed() != m_document->displayName())
            m_document->setName(m_name->text());
    });
}

void ScenarioInfoEditor::attachDocument(ScenarioDocument *document)
{
    m_document = document;
    connect(document, &ScenarioDocument::metadataChanged, this, &ScenarioInfoEditor::refresh);
    connect(document, &ScenarioDocument::scenarioReplaced, this, &ScenarioInfoEditor::refresh);
    refresh();
}

void ScenarioInfoEditor::commitNotes()
{
    m_notesTimer.stop();
    if (m_document)
        m_document->setNotes(m_notes->toPlainText());
}

void ScenarioInfoEditor::refresh()
{
    if (!m_document)
        return;
    if (!m_name->hasFocus() || m_name->text().trimmed() != m_document->displayName())
        m_name->setText(m_document->displayName());
    m_name->setCursorPosition(0);
    if (m_notes->toPlainText() != m_document->notes()) {
        const QSignalBlocker block(m_notes);
        m_notes->setPlainText(m_document->notes());
    }
    m_notesButton->setText(m_document->notes().isEmpty() ? tr("Notes") : tr("Notes •"));
}

} // namespace jevons::ui
