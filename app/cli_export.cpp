// Placeholder until the export issue lands: the subcommands exist and say so.
#include "cli.h"
#include <cstdio>

int runExportCommand(const QStringList &)
{
    std::fprintf(stderr, "jevons export: not available in this build yet\n");
    return 1;
}

int runReportCommand(const QStringList &)
{
    std::fprintf(stderr, "jevons report: not available in this build yet\n");
    return 1;
}
