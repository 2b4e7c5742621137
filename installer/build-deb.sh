#!/usr/bin/env bash
# Builds the Jevons Debian packages into build/ (see installer/README.md):
#   build/jevons_<version>_<arch>.deb        the CPU build (always)
#   build/jevons-cuda_<version>_<arch>.deb   the CUDA build (when nvcc is found; runs without a GPU too)
#
#   installer/build-deb.sh [--cpu-only | --cuda-only] [--build-dir DIR] [--out DIR] [--jobs N]
#                          [--no-lintian] [--test]
#     --cpu-only / --cuda-only  build one variant (default: CPU, plus CUDA where nvcc exists)
#     --build-dir DIR           package an existing, configured build tree instead (its variant follows
#                               its JEVONS_CUDA setting); nothing else is configured
#     --out DIR                 where the .deb files go (default: build/)
#     --jobs N                  parallel build jobs (default: nproc)
#     --no-lintian              do not run lintian on the packages
#     --test                    also run tests/installer/test_deb.sh on each package
# Each variant is configured in its own tree, build/deb-cpu and build/deb-cuda, as a Release build with
# Debian's hardening flags (dpkg-buildflags) and without the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)

variants=() build_dir= out=build jobs=$(nproc) lintian=1 test=0 cuda_wanted=auto
while [ $# -gt 0 ]; do
  case "$1" in
    --cpu-only) cuda_wanted=no; shift;;
    --cuda-only) cuda_wanted=only; shift;;
    --build-dir) build_dir=$2; shift 2;;
    --out) out=$2; shift 2;;
    --jobs|-j) jobs=$2; shift 2;;
    --no-lintian) lintian=0; shift;;
    --test) test=1; shift;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0;;
    *) echo "build-deb.sh: unknown argument '$1' (try --help)" >&2; exit 2;;
  esac
done

for tool in cmake cpack dpkg-deb dpkg-shlibdeps; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "build-deb.sh: $tool not found; install the build packages (installer/quickstart.sh) and dpkg-dev" >&2
    exit 1
  fi
done
command -v help2man >/dev/null 2>&1 || echo "build-deb.sh: note: help2man not found, the man page will be plain"

nvcc=
if command -v nvcc >/dev/null 2>&1; then nvcc=$(command -v nvcc)
elif [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc
fi
if [ -z "$build_dir" ]; then
  case "$cuda_wanted" in
    no) variants=(cpu);;
    only) [ -n "$nvcc" ] || { echo "build-deb.sh: --cuda-only but nvcc not found" >&2; exit 1; }
          variants=(cuda);;
    auto) variants=(cpu); [ -n "$nvcc" ] && variants+=(cuda)
          [ -n "$nvcc" ] || echo "build-deb.sh: nvcc not found, building the CPU package only";;
  esac
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(sed -n 's/^project(Jevons VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
built=()

package_tree() {  # package_tree BUILD_DIR: build what the package needs, run cpack, copy the .deb to $out
  local dir=$1 pkgdir
  cmake --build "$dir" -j"$jobs" --target jevons jevons_icons jevons_manpage
  pkgdir="$dir/package"
  rm -rf "$pkgdir"
  (cd "$dir" && cpack -G DEB -B "$pkgdir")
  local debs=("$pkgdir"/*.deb)
  [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "build-deb.sh: cpack made no single .deb in $pkgdir" >&2; exit 1; }
  cp -f "${debs[0]}" "$out/"
  built+=("$out/$(basename "${debs[0]}")")
}

# Debian's hardening flags (fortify, stack protector, relro, bindnow); -g is dropped, the package is
# stripped. CMake reads CXXFLAGS/LDFLAGS when it first configures a tree.
hardening_env() {
  export DEB_BUILD_MAINT_OPTIONS=hardening=+all
  local cxxflags
  cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
  cxxflags=$(printf '%s\n' "$cxxflags" | sed -E 's/(^| )-g( |$)/ /g; s/(^| )-O2( |$)/ /g')
  export CXXFLAGS="$cxxflags"
  export LDFLAGS
  LDFLAGS=$(dpkg-buildflags --get LDFLAGS)
}

if [ -n "$build_dir" ]; then
  [ -f "$build_dir/CPackConfig.cmake" ] || { echo "build-deb.sh: $build_dir is not a configured Jevons build tree" >&2; exit 1; }
  package_tree "$build_dir"
else
  for variant in "${variants[@]}"; do
    dir="$out/deb-$variant"
    if [ "$variant" = cuda ]; then cuda=ON; else cuda=OFF; fi
    echo "== $variant package: configuring $dir (JEVONS_CUDA=$cuda)"
    (
      hardening_env
      [ "$variant" = cuda ] && export PATH="$(dirname "$nvcc"):$PATH"
      cmake -S "$src" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DJEVONS_CUDA=$cuda -DJEVONS_BUILD_GUI=ON \
        -DBUILD_TESTING=OFF -DCMAKE_INSTALL_PREFIX=/usr
    )
    package_tree "$dir"
  done
fi

status=0
for deb in "${built[@]}"; do
  echo "== $deb"
  dpkg-deb -f "$deb"
  if [ "$lintian" = 1 ]; then
    if command -v lintian >/dev/null 2>&1; then
      echo "-- lintian (installer/README.md explains the warnings that remain):"
      lintian --tag-display-limit 0 --fail-on error "$deb" || status=1
    else
      echo "-- lintian not installed, not run"
    fi
  fi
  if [ "$test" = 1 ]; then
    package=$(dpkg-deb -f "$deb" Package)
    bash "$src/tests/installer/test_deb.sh" --deb "$deb" --work-dir "$out/deb-test-$package" \
      --package "$package" --version "$version" || status=1
  fi
done
[ $status -eq 0 ] && echo "Packages in $out: $(cd "$out" && ls -1 ./*.deb 2>/dev/null | tr '\n' ' ')"
exit $status
