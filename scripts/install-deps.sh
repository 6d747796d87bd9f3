#!/usr/bin/env bash
# Installs every Debian package imcnas needs. Idempotent: skips apt when all are present.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config clang-format
  clang libclang-rt-14-dev
  libsystemc-dev
  libtorch-dev
  libboost-graph-dev
  libtomlplusplus-dev
  libonnx-dev
  pybind11-dev python3-dev python3-numpy python3-pytest python3-onnx
  python3-torch python3-torchvision  # scripts/export_torchvision.py: PyTorch's own ONNX exports
  libgtest-dev libgmock-dev googletest
  libcli11-dev nlohmann-json3-dev
  libopenblas0-pthread
  libsqlite3-dev sqlite3 zlib1g-dev
  openmpi-bin libopenmpi-dev
  gnuplot-nox graphviz
  dataset-fashion-mnist
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
