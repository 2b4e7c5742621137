// The dashboard's entry point in a build without it (-DJEVONS_BUILD_GUI=OFF): the headless commands work,
// the window does not exist.
#include "cli.h"

#include <cstdio>

int runDashboard(int &, char **)
{
    std::fputs("jevons: this build has no dashboard (configured with -DJEVONS_BUILD_GUI=OFF); the commands "
               "simulate, sensitivity, sweep and backtest work: see 'jevons --help'\n",
               stderr);
    return 1;
}
