#!/usr/bin/env bash
# Jevons quick start for Debian 12.
#   ./installer/quickstart.sh run    install build dependencies, build, start the dashboard
#   ./installer/quickstart.sh test   install build and test dependencies, build, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
case "$mode" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 2;; esac

build_packages=(cmake g++ make pkg-config qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-pdf-dev libgl-dev
  libthrust-dev librandom123-dev libomp-dev qt6-qpa-plugins fonts-dejavu-core)
test_packages=(python3 python3-numpy python3-mpmath libopenmpi-dev openmpi-bin clang libclang-rt-14-dev dpkg-dev file lintian desktop-file-utils appstream help2man xvfb xauth locales
  poppler-utils)
packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

jobs=$(nproc)
[ -x /usr/local/cuda/bin/nvcc ] && export PATH="/usr/local/cuda/bin:$PATH"

if [ "$mode" = run ]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
  cmake --build build -j"$jobs" --target jevons
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found, so the dashboard cannot open. Headless use:"
    echo "  build/bin/jevons simulate --paths 100000 --out result.json"
    echo "  build/bin/jevons export --chart all --format png --out figures/"
    echo "  build/bin/jevons report --out report.pdf"
    echo "Running 'jevons simulate' on the Base case now:"
    exec build/bin/jevons simulate --paths 100000 --format csv
  fi
  exec build/bin/jevons
fi

# test, in three configurations:
# 1. the main build (CPU, plus CUDA where nvcc exists): the whole suite;
# 2. CPU only (Debian's libthrust-dev alone) with AddressSanitizer and UndefinedBehaviorSanitizer: the
#    whole suite again (but the packaging test, which only repackages the binaries), without MPI
#    (OpenMPI's own allocations at exit read as leaks; the MPI tests run in the main build);
# 3. clang + libFuzzer: each fuzz target for a bounded time (tests/fuzz/README.md).
export QT_QPA_PLATFORM=offscreen
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$jobs"
(cd build && ctest --output-on-failure -j"$jobs")

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJEVONS_CUDA=OFF -DJEVONS_MPI=OFF -DJEVONS_SANITIZE=ON
cmake --build build-asan -j"$jobs"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
   LSAN_OPTIONS=suppressions="$PWD/../tests/lsan.supp" UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
   ctest --output-on-failure -j"$jobs" -LE installer)

CC=clang CXX=clang++ cmake -S . -B build-fuzz -DJEVONS_FUZZ=ON
cmake --build build-fuzz -j"$jobs"
(cd build-fuzz && ctest --output-on-failure -j"$jobs")
