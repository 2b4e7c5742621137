#pragma once
// The scenario's name and notes, as the user edits them: saved in the file, shown in the title, the
// captions and the report.

#include <QTimer>
#include <QWidget>

class QLineEdit;
class QPlainTextEdit;
class QToolButton;

namespace jevons::ui {

class ScenarioDocument;

class ScenarioInfoEditor : public QWidget {
    Q_OBJECT
public:
    explicit ScenarioInfoEditor(QWidget *parent = nullptr);
    /// Shows the document's name and notes and sends edits to it as undoable commands.
    void attachDocument(ScenarioDocument *document);

    QLineEdit *nameEdit() const { return m_name; }
    QPlainTextEdit *notesEdit() const { return m_notes; }
    /// Shows or hides the notes (they take room the sliders need on small screens).
    QToolButton *notesButton() const { return m_notesButton; }
    /// Sends pending notes to the document now (the editor waits for a pause in typing).
    void commitNotes();

private:
    void refresh();
    ScenarioDocument *m_document = nullptr;
    QLineEdit *m_name = nullptr;
    QPlainTextEdit *m_notes = nullptr;
    QToolButton *m_notesButton = nullptr;
    QTimer m_notesTimer; ///< one undo step per pause in typing, not one per key
};

} // namespace jevons::ui
