#pragma once
// Pieces shared by the main window's source files (layout, actions, runs, session); not an interface.

#include "jevons/engine/scenario.h"

#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QKeyEvent>
#include <QKeySequence>
#include <QObject>
#include <QSplitter>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>

namespace jevons::ui::window_detail {

inline std::function<bool(const QDateTime &)> &restorePromptHook()
{
    static std::function<bool(const QDateTime &)> hook;
    return hook;
}

inline std::function<int(const QString &)> &unsavedPromptHook()
{
    static std::function<int(const QString &)> hook; // returns a MainWindow::UnsavedAnswer
    return hook;
}

/// Lets Undo and Redo reach the window while a spin box has focus. Its line edit would claim Ctrl+Z for
/// its own text, which holds nothing worth undoing (every step is committed to the document at once), so
/// the document's history was out of reach from the keyboard.
class DocumentUndoFilter : public QObject {
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::ShortcutOverride) {
            auto *key = static_cast<QKeyEvent *>(event);
            if (key->matches(QKeySequence::Undo) || key->matches(QKeySequence::Redo)) {
                event->ignore(); // not overridden: the window's shortcut fires
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

inline constexpr std::uint64_t ProgressThresholdPaths =
    1'000'000;                                               // shorter runs finish before a bar would help
inline constexpr std::uint64_t SensitivityMaxPaths = 50'000; // 57 runs: keep the tornado within seconds

inline Scenario readScenarioResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ScenarioError(path.toStdString() + ": cannot be read");
    const QByteArray json = file.readAll();
    return parseScenario(std::string_view(json.constData(), std::size_t(json.size())), path.toStdString());
}

/// "Base case (modified)" -> "base_case_modified": a file-name stem from a scenario name (as the export
/// controller makes them, so a scenario's files share one stem).
inline QString fileStem(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower()) {
        if (c.isLetterOrNumber())
            out += c;
        else if (!out.isEmpty() && !out.endsWith(QLatin1Char('_')))
            out += QLatin1Char('_');
    }
    while (out.endsWith(QLatin1Char('_')))
        out.chop(1);
    return out.isEmpty() ? QStringLiteral("scenario") : out.left(60);
}

inline QWidget *splitPair(Qt::Orientation orientation, QWidget *first, QWidget *second, int firstStretch,
                          int secondStretch, const QString &name)
{
    auto *splitter = new QSplitter(orientation);
    splitter->setObjectName(name);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(first);
    splitter->addWidget(second);
    splitter->setStretchFactor(0, firstStretch);
    splitter->setStretchFactor(1, secondStretch);
    return splitter;
}

} // namespace jevons::ui::window_detail
