// SPDX-License-Identifier: MIT
#include "nas/space/search_space.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

namespace imc::nas {

void SearchSpace::add(const ParamSpec& p) {
  if (m_index.count(p.name)) throw std::invalid_argument("parameter '" + p.name + "' is declared twice");
  if (p.kind == ParamKind::Categorical && p.choices.empty())
    throw std::invalid_argument("categorical parameter '" + p.name + "' has no choices");
  if (p.kind != ParamKind::Categorical && !(p.low <= p.high))
    throw std::invalid_argument("parameter '" + p.name + "': low must not exceed high");
  if (p.kind == ParamKind::LogFloat && p.low <= 0)
    throw std::invalid_argument("log-float parameter '" + p.name + "' needs low > 0");
  if (p.kind == ParamKind::Int && p.step <= 0)
    throw std::invalid_argument("int parameter '" + p.name + "' needs step > 0");
  if (!p.parent.empty() && !m_index.count(p.parent))
    throw std::invalid_argument("parameter '" + p.name + "' depends on '" + p.parent +
                                "', which is not declared before it");
  m_index[p.name] = m_params.size();
  m_params.push_back(p);
}

const ParamSpec& SearchSpace::param(const std::string& name) const {
  auto it = m_index.find(name);
  if (it == m_index.end()) throw std::invalid_argument("no parameter '" + name + "'");
  return m_params[it->second];
}

bool SearchSpace::active(const ParamSpec& p, const Point& point) const {
  if (p.parent.empty()) return true;
  auto it = point.find(p.parent);
  return it != point.end() && it->second >= p.parent_min;
}

std::string SearchSpace::value_text(const std::string& name, double value) const {
  const ParamSpec& p = param(name);
  if (p.kind == ParamKind::Categorical) return p.choices.at(static_cast<size_t>(value));
  if (p.kind == ParamKind::Int) return std::to_string(std::llround(value));
  std::ostringstream os;
  os << value;
  return os.str();
}

}  // namespace imc::nas
