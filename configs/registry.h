// SPDX-License-Identifier: MIT
// A registry of the variants of one policy kind (placement, routing, objective, sampler, ...),
// in the manner of ramulator2's factory: a variant is registered by name, once, from an
// explicit registration function (no static-initialisation side effects), and looked up by
// the name a config gives. Errors list what is registered.
//
// The config layer, which sits below the layers that implement the policies, holds each
// kind's list of names (configs/policy_names.h) so that it can refuse a misspelt name at parse
// time with its file and line. A registry is built against that list and refuses to be built
// unless it implements exactly those names: the two cannot drift apart.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace imc::config {

/// Thrown for a name that no variant of the kind is registered under.
class UnknownPolicyError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// "a, b, c".
inline std::string joined_names(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

/// Name -> entry, in registration order. `Entry` is what a variant provides: a factory
/// (std::function) or a stateless policy object.
template <class Entry>
class Registry {
 public:
  /// `kind` names the policy kind in errors, e.g. "placement".
  explicit Registry(std::string kind) : m_kind(std::move(kind)) {}

  /// Registers `entry` under `name`; a name registered twice is a programming error.
  Registry& add(std::string name, Entry entry) {
    if (contains(name)) throw std::logic_error(m_kind + " '" + name + "' is registered twice");
    m_entries.emplace_back(std::move(name), std::move(entry));
    return *this;
  }

  bool contains(const std::string& name) const { return find(name) != nullptr; }

  /// The entry registered under `name`; throws UnknownPolicyError listing the registered names.
  const Entry& at(const std::string& name) const {
    if (const Entry* e = find(name)) return *e;
    throw UnknownPolicyError("unknown " + m_kind + " '" + name + "', expected one of: " + joined_names(names()));
  }

  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, entry] : m_entries) out.push_back(name);
    return out;
  }

  /// Throws std::logic_error unless the registered names are exactly `expected`, in that order
  /// (the config layer's list for this kind).
  const Registry& require_names(const std::vector<std::string>& expected) const {
    if (names() != expected)
      throw std::logic_error("the " + m_kind + " registry holds [" + joined_names(names()) +
                             "] but the config layer accepts [" + joined_names(expected) + "]");
    return *this;
  }

 private:
  const Entry* find(const std::string& name) const {
    for (const auto& [n, e] : m_entries)
      if (n == name) return &e;
    return nullptr;
  }

  std::string m_kind;
  std::vector<std::pair<std::string, Entry>> m_entries;
};

}  // namespace imc::config
