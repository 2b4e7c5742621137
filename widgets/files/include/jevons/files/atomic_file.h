#pragma once
// Whole-file writes that never leave a half-written file: the data goes to a temporary file in the same
// folder, which is renamed over the target only once everything is on disk (QSaveFile).

#include <QByteArray>
#include <QString>

#include <string_view>

namespace jevons::ui {

/// Writes `data` to `path` atomically. Returns the reason it failed ("Permission denied", ...), or an empty
/// string once the new file is in place; on failure the previous file, if any, is untouched.
QString writeWholeFile(const QString &path, const QByteArray &data);
QString writeWholeFile(const QString &path, std::string_view data);

} // namespace jevons::ui
