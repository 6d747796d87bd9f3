// SPDX-License-Identifier: MIT
// Numbers as the reports print them.
#pragma once

#include <string>

namespace imc::traces {

/// v with `digits` decimals.
std::string fixed(double v, int digits);

/// 1234567 -> "1,234,567".
std::string with_commas(long long value);

}  // namespace imc::traces
