#pragma once
// Subcommands of the jevons executable. Each returns the process exit code:
// 0 success, 1 runtime failure, 2 bad arguments or bad input file.
#include <QStringList>

int runSimulateCommand(const QStringList &args);    // cli_simulate.cpp
int runSensitivityCommand(const QStringList &args); // cli_simulate.cpp
int runSweepCommand(const QStringList &args);       // cli_sweep.cpp
int runExportCommand(const QStringList &args);      // cli_export.cpp
int runReportCommand(const QStringList &args);      // cli_export.cpp
int runDashboard(int &argc, char **argv);           // gui_main.cpp: the window (QApplication)
