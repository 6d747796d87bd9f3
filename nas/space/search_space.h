// SPDX-License-Identifier: MIT
// A conditional search space: parameters of four kinds, each active only when
// its parent parameter takes one of some values (e.g. block 5's type exists
// only when n_blocks >= 6). Parents come before their children.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace imc::nas {

enum class ParamKind { Categorical, Int, Float, LogFloat };

struct ParamSpec {
  std::string name;
  ParamKind kind = ParamKind::Float;
  std::vector<std::string> choices;  ///< categorical: the values, as text
  double low = 0, high = 1;          ///< int, float, log-float (inclusive)
  double step = 1;                   ///< int
  std::string parent;                ///< empty: always active
  double parent_min = 0;             ///< active when parent's value (int, or categorical index) >= this
};

/// One point of the space: the active parameters and their values (categorical: the index).
using Point = std::map<std::string, double>;

class SearchSpace {
 public:
  /// Throws std::invalid_argument on a bad parameter (empty choices, low > high, a parent
  /// that is not declared before it, a duplicate name).
  void add(const ParamSpec& p);
  const std::vector<ParamSpec>& params() const { return m_params; }
  const ParamSpec& param(const std::string& name) const;
  /// Is `p` active given the already chosen values of `point`?
  bool active(const ParamSpec& p, const Point& point) const;
  /// Text of a value: the category, or the number.
  std::string value_text(const std::string& name, double value) const;

 private:
  std::vector<ParamSpec> m_params;
  std::map<std::string, size_t> m_index;
};

}  // namespace imc::nas
