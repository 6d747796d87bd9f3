// SPDX-License-Identifier: MIT
#include "configs/detail/nesting_guard.h"

#include <algorithm>
#include <vector>

namespace imc::config::detail {
namespace {

/// Skips a string starting at text[i] (a quote); returns the index past its end.
size_t skip_string(const std::string& text, size_t i, size_t& line) {
  const char quote = text[i];
  const bool multi = text.compare(i, 3, std::string(3, quote)) == 0;
  i += multi ? 3 : 1;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      if (!multi) return i;  // an unterminated single-line string ends at the line
    }
    if (c == '\\' && quote == '"') {
      i += 2;
      continue;
    }
    if (c == quote && (!multi || text.compare(i, 3, std::string(3, quote)) == 0)) {
      // A multi-line string may end in up to two more quotes ("""a""""").
      i += multi ? 3 : 1;
      while (multi && i < text.size() && text[i] == quote) ++i;
      return i;
    }
    ++i;
  }
  return i;
}

}  // namespace

Nesting measure_nesting(const std::string& text) {
  // The depth of a value: the header's parts, the key's parts, and per open bracket one level
  // plus (inline tables) the parts of the key being read inside it. It may count one level
  // more than toml++ builds; real configs stay far below the bound either way.
  struct Frame {
    bool table;        // '{' (else '[')
    size_t key_parts;  // an inline table's current key
  };
  Nesting deepest;
  size_t line = 1;
  size_t header_parts = 0;  // parts of the current [table] header
  size_t key_parts = 1;     // parts of the statement's key
  std::vector<Frame> open;  // brackets open inside the statement's value
  bool in_header = false, in_key = true;
  size_t frames = 0;  // what the open brackets add: the sum over `open` of 1 + an inline table's key parts
  auto depth = [&] { return header_parts + key_parts + frames; };
  auto reach = [&] {
    if (depth() > deepest.depth) deepest = {depth(), line};
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = skip_string(text, i, line) - 1;
      continue;
    }
    if (c == '#') {
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '\n') {
      ++line;
      if (open.empty()) {  // a statement ends with its line unless a value is still open
        in_key = true;
        key_parts = 1;
      }
      continue;
    }
    if (in_header) {
      if (c == '.') ++header_parts;
      if (c == ']') in_header = false;
      reach();
      continue;
    }
    const bool inline_key = !open.empty() && open.back().table && in_key;
    if (c == '[' && open.empty() && in_key) {  // a header: [a.b] or [[a.b]]
      in_header = true;
      header_parts = 1;
      key_parts = 0;
      if (i + 1 < text.size() && text[i + 1] == '[') ++i;
      reach();
      continue;
    }
    if (in_key && c == '.') {
      if (inline_key) {
        ++open.back().key_parts;
        ++frames;
      } else {
        ++key_parts;
      }
      reach();
    } else if (in_key && c == '=') {
      in_key = false;
      if (open.empty() && key_parts == 0) key_parts = 1;
      reach();
    } else if (c == '[' || c == '{') {
      open.push_back({c == '{', 1});
      frames += c == '{' ? 2 : 1;
      in_key = c == '{';
      reach();
    } else if ((c == ']' || c == '}') && !open.empty()) {
      frames -= 1 + (open.back().table ? open.back().key_parts : 0);
      open.pop_back();
      in_key = false;
    } else if (c == ',' && !open.empty() && open.back().table) {
      in_key = true;
      frames -= open.back().key_parts - 1;
      open.back().key_parts = 1;
    }
  }
  return deepest;
}

}  // namespace imc::config::detail
