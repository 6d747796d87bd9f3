// SPDX-License-Identifier: MIT
// The reports layer's text helpers, under the names the commands use.
#pragma once

#include "reports/text_table.h"

namespace imc::cli {

using reports::fixed;
using reports::TextTable;
using reports::with_commas;

}  // namespace imc::cli
