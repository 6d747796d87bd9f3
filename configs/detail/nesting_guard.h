// SPDX-License-Identifier: MIT
// toml++ parses and frees nested tables and arrays by recursion: a file of one dotted key with
// 50,000 parts (a.a.a...=1) or a [a.a...] header overflows the stack and kills the process.
// The guard measures how deep a document nests, without recursion and before toml++ sees it.
#pragma once

#include <cstddef>
#include <string>

namespace imc::config::detail {

/// The deepest nesting the config layer reads: tables (header and dotted-key parts, inline
/// tables) plus arrays, counted together. Real configs nest fewer than ten levels.
constexpr size_t kMaxNesting = 128;

struct Nesting {
  size_t depth = 0;  ///< the deepest nesting of any value
  size_t line = 0;   ///< 1-based line where it is reached
};

/// How deep `text` nests, by a single pass over it that knows TOML's strings and comments.
/// Malformed text is measured as far as it goes; toml++ reports the malformation itself.
Nesting measure_nesting(const std::string& text);

}  // namespace imc::config::detail
