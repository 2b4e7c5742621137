#pragma once
// Pieces shared by the main window's source files (layout, actions, runs, session); not an interface.

#include "jevons/engine/scenario.h"

#include <QDateTime>
#include <QFile>
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

inline constexpr std::uint64_t ProgressThresholdPaths = 1'000'000; // shorter runs finish before a bar would help
inline constexpr std::uint64_t SensitivityMaxPaths = 50'000;       // 57 runs: keep the tornado within seconds

inline Scenario readScenarioResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw ScenarioError(path.toStdString() + ": cannot be read");
    const QByteArray json = file.readAll();
    return parseScenario(std::string_view(json.constData(), std::size_t(json.size())), path.toStdString());
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
