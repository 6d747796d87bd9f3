// SPDX-License-Identifier: MIT
// `imcnas map --plot`: the mesh with each layer's tiles coloured, rendered by gnuplot.
#pragma once

#include <string>

#include "mapping/mapping.h"

namespace imc::cli {

/// Writes FILE.svg or FILE.png; throws std::runtime_error if gnuplot fails.
void plot_placement(const mapping::Mapping& m, const std::string& out_path);

}  // namespace imc::cli
