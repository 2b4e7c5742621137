// Imports one CSV into a fresh data store the way File > Import data does (one parse, then the merge and
// the stored copy), for measuring peak memory: /usr/bin/time -v jevons-import-memory FILE.csv
#include "jevons/market/data_store.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <fstream>
#include <string>

namespace {
// Peak resident memory so far (Linux: VmHWM of /proc/self/status), in MiB; -1 elsewhere.
long peakMiB()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stol(line.substr(6)) / 1024;
    return -1;
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: jevons-import-memory FILE.csv [replace]\n");
        return 2;
    }
    const QTemporaryDir imports;
    jevons::ui::DataStore store(imports.path(), nullptr);
    const auto mode = argc > 2 ? jevons::data::MergeMode::Replace : jevons::data::MergeMode::Merge;
    QElapsedTimer timer;
    timer.start();
    std::uint64_t reports = 0;
    try {
        const auto parsed = jevons::ui::DataStore::parseFile(QString::fromLocal8Bit(argv[1]),
                                                             [&](std::uint64_t, std::uint64_t) {
                                                                 ++reports;
                                                                 return true;
                                                             });
        const qint64 parseMs = timer.elapsed();
        const long parsePeak = peakMiB();
        store.preview(*parsed, mode);
        const qint64 previewMs = timer.elapsed() - parseMs;
        std::printf("preview %lld ms\n", static_cast<long long>(previewMs));
        const auto out = store.importParsed(parsed, mode);
        std::printf(
            "%s\nparse %lld ms (peak %ld MiB), import %lld ms (peak %ld MiB), %llu progress reports\n",
            qPrintable(out.message), static_cast<long long>(parseMs), parsePeak,
            static_cast<long long>(timer.elapsed() - parseMs), peakMiB(),
            static_cast<unsigned long long>(reports));
        return out.ok ? 0 : 1;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
