#!/usr/bin/env bash
# Installs the built Python module (build/python/imcnas*.so) where Debian's python3 finds it,
# and for the first python3 on PATH when that is another interpreter of the same version
# (pyenv, a venv). A copy, not a link: it keeps working when the build tree goes away.
set -euo pipefail
cd "$(dirname "$0")/.."
module=$(ls build/python/imcnas*.so 2> /dev/null | head -1 || true)
[ -n "$module" ] || { echo "install-python-module: no build/python/imcnas*.so (configure with -DIMCNAS_PYTHON=ON)" >&2; exit 1; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
version() { "$1" -c 'import sys; print("%d.%d" % sys.version_info[:2])'; }
built_for=$(version /usr/bin/python3)
done_dirs=""
for py in /usr/bin/python3 "$(command -v python3 || true)"; do
  [ -n "$py" ] && [ -x "$py" ] || continue
  if [ "$(version "$py")" != "$built_for" ]; then
    echo "install-python-module: skipping $py (Python $(version "$py"); the module is built for $built_for)"
    continue
  fi
  dir=$("$py" -c 'import site; print(site.getsitepackages()[0])')
  case " $done_dirs " in *" $dir "*) continue ;; esac
  $SUDO mkdir -p "$dir"
  $SUDO install -m 644 "$module" "$dir/"
  done_dirs="$done_dirs $dir"
  "$py" -c "import imcnas" && echo "install-python-module: $py imports imcnas from $dir"
done
