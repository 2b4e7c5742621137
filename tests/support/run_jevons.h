#pragma once
// Runs the built `jevons` binary (JEVONS_BINARY, set by the test's CMakeLists.txt) as a user would from a
// terminal with no display, for the command-line tests.
#include <QByteArray>
#include <QFile>
#include <QProcess>
#include <QStringList>

namespace testing {

struct JevonsRun {
    int exitCode = -1; ///< -1: did not finish in time; -2: crashed
    QByteArray out, err;
};

inline JevonsRun runJevons(const QStringList &args, int timeoutMs = 180'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM")); // the commands pick offscreen themselves
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(JEVONS_BINARY), args);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            process.readAllStandardOutput(), process.readAllStandardError()};
}

inline QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace testing
