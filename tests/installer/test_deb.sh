#!/usr/bin/env bash
# Builds the Debian package of a configured and built Jevons tree and checks it like a user would get it:
# control fields (Depends computed by dpkg-shlibdeps), the file list (program, desktop entry, icons,
# AppStream metadata, man page, copyright), then extracts it into a temporary root and runs the extracted
# `jevons --version` and `jevons simulate`. Validates the desktop entry, the AppStream file and runs lintian
# where those tools are installed.
#   test_deb.sh --build-dir DIR --work-dir DIR --package NAME --version X.Y.Z [--cpack CPACK] [--deb FILE]
# --deb checks an existing package instead of running cpack. Exit 77 (CTest: skipped) without dpkg tools.
set -uo pipefail

build_dir= work_dir= package= version= cpack=cpack deb=
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2;;
    --work-dir) work_dir=$2; shift 2;;
    --package) package=$2; shift 2;;
    --version) version=$2; shift 2;;
    --cpack) cpack=$2; shift 2;;
    --deb) deb=$2; shift 2;;
    *) echo "test_deb.sh: unknown argument '$1'" >&2; exit 2;;
  esac
done
if [ -z "$work_dir" ] || [ -z "$package" ] || [ -z "$version" ] || { [ -z "$deb" ] && [ -z "$build_dir" ]; }; then
  echo "usage: $0 --build-dir DIR --work-dir DIR --package NAME --version X.Y.Z [--cpack CPACK] [--deb FILE]" >&2
  exit 2
fi

for tool in dpkg-deb dpkg; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIPPED: $tool not found (not a Debian system), so no Debian package to test"
    exit 77
  fi
done
if [ -z "$deb" ] && ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
  echo "SKIPPED: dpkg-shlibdeps not found; install dpkg-dev to build the package"
  exit 77
fi

failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

rm -rf "$work_dir"
mkdir -p "$work_dir"
work_dir=$(cd "$work_dir" && pwd)

# ---- build ----
if [ -z "$deb" ]; then
  start=$(date +%s)
  if ! "$cpack" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work_dir/pkg" >"$work_dir/cpack.log" 2>&1; then
    cat "$work_dir/cpack.log"
    echo "FAIL: cpack -G DEB failed"
    exit 1
  fi
  debs=("$work_dir"/pkg/*.deb)
  if [ ${#debs[@]} -ne 1 ] || [ ! -f "${debs[0]}" ]; then
    cat "$work_dir/cpack.log"
    echo "FAIL: expected one .deb in $work_dir/pkg, found: ${debs[*]}"
    exit 1
  fi
  deb=${debs[0]}
  pass "cpack built $(basename "$deb") in $(( $(date +%s) - start )) s"
fi
[ -f "$deb" ] || { echo "FAIL: no package $deb"; exit 1; }

# ---- control fields ----
field() { dpkg-deb -f "$deb" "$1" 2>/dev/null; }
arch=$(dpkg --print-architecture)
[ "$(field Package)" = "$package" ] && pass "Package: $package" || fail "Package is '$(field Package)', expected '$package'"
[ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version is '$(field Version)', expected '$version'"
[ "$(field Architecture)" = "$arch" ] && pass "Architecture: $arch" || fail "Architecture is '$(field Architecture)', expected '$arch'"
[ -n "$(field Maintainer)" ] && pass "Maintainer: $(field Maintainer)" || fail "no Maintainer"
depends=$(field Depends)
if [ -z "$depends" ]; then
  fail "Depends is empty (dpkg-shlibdeps did not run?)"
else
  # Computed from the binary's NEEDED libraries: Qt 6 Core and Widgets and the C library at least.
  for lib in libqt6core6 libqt6widgets6 libc6; do
    case ", $depends," in *", $lib "*|*", $lib,"*) ;; *) fail "Depends lacks $lib: $depends";; esac
  done
  pass "Depends: $depends"
fi
description=$(field Description)
synopsis=$(printf '%s\n' "$description" | head -n1)
if [ -z "$synopsis" ] || [ "$(printf '%s\n' "$description" | wc -l)" -lt 3 ]; then
  fail "Description needs a synopsis and an extended description: '$description'"
else
  pass "Description: $synopsis"
fi
if [ "$package" = jevons-cuda ]; then
  printf '%s' "$description" | grep -q CUDA || fail "the jevons-cuda description does not mention CUDA"
  for f in Conflicts Replaces Provides; do
    field "$f" | grep -qw jevons && pass "$f: $(field "$f")" || fail "$f of jevons-cuda lacks jevons"
  done
fi

# ---- file list ----
dpkg-deb -c "$deb" >"$work_dir/contents.txt" || { echo "FAIL: dpkg-deb -c failed"; exit 1; }
paths=$(awk '{print $6}' "$work_dir/contents.txt" | sed 's|^\./||; s|/$||')
has() { printf '%s\n' "$paths" | grep -qx "$1"; }
desktop=$(printf '%s\n' "$paths" | grep -E '^usr/share/applications/[^/]+\.desktop$' | head -n1)
if [ -z "$desktop" ]; then
  fail "no usr/share/applications/*.desktop"
  app_id=jevons
else
  app_id=$(basename "$desktop" .desktop)
fi
expected=(usr/bin/jevons
  "usr/share/applications/$app_id.desktop"
  "usr/share/icons/hicolor/scalable/apps/$app_id.svg"
  "usr/share/metainfo/$app_id.metainfo.xml"
  "usr/share/mime/packages/$app_id.xml"
  usr/share/man/man1/jevons.1.gz
  "usr/share/doc/$package/copyright"
  "usr/share/doc/$package/changelog.gz")
for p in "${expected[@]}"; do
  has "$p" && pass "contains /$p" || fail "missing /$p"
done
pngs=$(printf '%s\n' "$paths" | grep -E "^usr/share/icons/hicolor/[0-9]+x[0-9]+/apps/$app_id\.png$")
if [ -z "$pngs" ]; then
  fail "no PNG icon in usr/share/icons/hicolor/NxN/apps"
else
  pass "PNG icons: $(printf '%s\n' "$pngs" | sed -E 's|.*/([0-9]+x[0-9]+)/.*|\1|' | tr '\n' ' ')"
fi
outside=$(printf '%s\n' "$paths" | grep -vE '^(\.|usr|usr/.*)$' || true)
[ -z "$outside" ] && pass "everything under /usr" || fail "files outside /usr: $outside"
not_root=$(awk '$2 != "root/root"' "$work_dir/contents.txt")
[ -z "$not_root" ] && pass "all files owned by root/root" || fail "files not owned by root: $not_root"

# ---- extract and run ----
root="$work_dir/root"
mkdir -p "$root"
if ! dpkg-deb -x "$deb" "$root"; then
  echo "FAIL: dpkg-deb -x failed"
  exit 1
fi
jevons="$root/usr/bin/jevons"
if out=$("$jevons" --version 2>&1) && [ "$out" = "jevons $version" ]; then
  pass "extracted jevons --version: $out"
else
  fail "extracted jevons --version printed '$out'"
fi
json="$work_dir/r.json"
start=$(date +%s)
if "$jevons" simulate --paths 1000 --out "$json" >"$work_dir/simulate.log" 2>&1 && [ -s "$json" ]; then
  if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$json"; then
    fail "jevons simulate wrote invalid JSON"
  else
    pass "extracted jevons simulate --paths 1000 wrote $(wc -c <"$json") bytes of JSON in $(( $(date +%s) - start )) s"
  fi
else
  cat "$work_dir/simulate.log"
  fail "extracted jevons simulate --paths 1000 failed or wrote nothing"
fi

# PNG sizes match their directories (width and height are bytes 16-23 of a PNG).
for png in $pngs; do
  dir_size=$(basename "$(dirname "$(dirname "$png")")")
  dims=$(od -An -tu1 -j16 -N8 "$root/$png" | awk '{printf "%dx%d", $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
  [ "$dims" = "$dir_size" ] || fail "/$png is $dims"
done
gzip -t "$root/usr/share/man/man1/jevons.1.gz" 2>/dev/null && zcat "$root/usr/share/man/man1/jevons.1.gz" | grep -q '^\.TH' \
  && pass "man page is a gzipped roff page" || fail "usr/share/man/man1/jevons.1.gz is not a gzipped man page"
head -n1 "$root/usr/share/doc/$package/copyright" 2>/dev/null | grep -q '^Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' \
  && pass "copyright is machine-readable (DEP-5)" || fail "copyright is not in DEP-5 format"

# ---- validators, where installed ----
if command -v desktop-file-validate >/dev/null 2>&1 && [ -n "$desktop" ]; then
  if msg=$(desktop-file-validate "$root/$desktop" 2>&1) && [ -z "$msg" ]; then
    pass "desktop-file-validate"
  else
    fail "desktop-file-validate: $msg"
  fi
else
  echo "note: desktop-file-validate not installed (desktop-file-utils), not run"
fi
if command -v appstreamcli >/dev/null 2>&1; then
  if msg=$(appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" 2>&1); then
    pass "appstreamcli validate"
  else
    fail "appstreamcli validate: $msg"
  fi
else
  echo "note: appstreamcli not installed (appstream), not run"
fi
if command -v lintian >/dev/null 2>&1; then
  # Errors fail the test; warnings are listed (installer/README.md explains the ones that remain).
  lintian --tag-display-limit 0 --fail-on error "$deb" >"$work_dir/lintian.txt" 2>&1
  rc=$?
  sed 's/^/  lintian: /' "$work_dir/lintian.txt"
  [ $rc -eq 0 ] && pass "lintian: no errors" || fail "lintian reports errors (exit $rc)"
else
  echo "note: lintian not installed, not run"
fi

if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed for $deb"
  exit 1
fi
echo "all checks passed for $deb"
