#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then use it as a user would: the installed CLI
# (and its LibTorch plugin), a C++ program built with find_package(imcnas) and one built with
# pkg-config. Usage: install_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build="$1"
source="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

cmake --install "$build" --prefix "$prefix" > "$work/install.log"
export SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1

cd "$work"  # away from the source tree: nothing may come from it
"$prefix/bin/imcnas" --version
"$prefix/bin/imcnas" map --hw mnsim-2024 lenet | grep -q "analytic latency"
if [ -e "$prefix/lib/imcnas/libimcnas_torch.so" ] || ls "$prefix"/lib/*/imcnas/libimcnas_torch.so > /dev/null 2>&1; then
  "$prefix/bin/imcnas" train --help | grep -q -- "--save"   # the plugin is found under lib/imcnas
fi
test -f "$prefix/include/imcnas/workloads/network.h"
test ! -e "$prefix/configs"

cmake -S "$source/tests/project/install_consumer" -B "$work/consumer" -G Ninja \
  -DCMAKE_PREFIX_PATH="$prefix" > "$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
cmake --build "$work/consumer" >> "$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; exit 1; }
"$work/consumer/consumer"

pc_dir="$(dirname "$(find "$prefix" -name imcnas.pc | head -1)")"
# shellcheck disable=SC2046
c++ "$source/tests/project/install_consumer/main.cpp" -o "$work/pc_consumer" \
  $(PKG_CONFIG_PATH="$pc_dir" pkg-config --cflags --libs imcnas)
"$work/pc_consumer"
echo "install test: ok"
