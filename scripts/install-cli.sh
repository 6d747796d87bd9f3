#!/usr/bin/env bash
# Installs the built imcnas (and its LibTorch plugin, the C++ libraries, headers and CMake
# package) under /usr/local, so `imcnas` is on PATH and every example in README.md and docs/
# runs from any directory. A copy, not a link: it keeps working when the build tree goes away;
# scripts/setup.sh runs this after every build, so the copy follows the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/cli/imcnas ] || { echo "install-cli: no build/cli/imcnas; build first (scripts/setup.sh)" >&2; exit 1; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO cmake --install build --prefix /usr/local > /dev/null
hash -r
installed=$(command -v imcnas || true)
[ "$installed" = /usr/local/bin/imcnas ] || {
  echo "install-cli: imcnas was installed to /usr/local/bin, but PATH finds '${installed:-nothing}'" >&2
  exit 1
}
echo "install-cli: $(imcnas --version) at $installed"
