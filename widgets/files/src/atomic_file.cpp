#include "jevons/files/atomic_file.h"

#include <QSaveFile>

namespace jevons::ui {

QString writeWholeFile(const QString &path, const QByteArray &data)
{
    return writeWholeFile(path, std::string_view(data.constData(), std::size_t(data.size())));
}

QString writeWholeFile(const QString &path, std::string_view data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (file.write(data.data(), qint64(data.size())) != qint64(data.size()) || !file.commit())
        return file.errorString().isEmpty() ? QStringLiteral("write failed") : file.errorString();
    return {};
}

} // namespace jevons::ui
