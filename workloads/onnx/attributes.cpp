// SPDX-License-Identifier: MIT
#include "workloads/onnx/attributes.h"

#include <utility>

#include "workloads/network.h"

namespace imc::workloads::onnx_import {

Attributes::Attributes(const onnx::NodeProto& node, const std::set<std::string>& known, std::string where)
    : m_where(std::move(where)) {
  for (const onnx::AttributeProto& a : node.attribute()) {
    if (!known.count(a.name())) {
      std::string names;
      for (const std::string& k : known) names += (names.empty() ? "" : ", ") + k;
      throw NetworkError(m_where + "attribute '" + a.name() + "' is not supported" +
                         (names.empty() ? std::string(" (the op takes none)") : " (supported: " + names + ")"));
    }
    m_attrs[a.name()] = &a;
  }
}

const onnx::AttributeProto* Attributes::find(const std::string& name) const {
  const auto it = m_attrs.find(name);
  return it == m_attrs.end() ? nullptr : it->second;
}

const onnx::AttributeProto& Attributes::typed(const std::string& name, onnx::AttributeProto::AttributeType type,
                                              const char* expected) const {
  const onnx::AttributeProto* a = find(name);
  if (a->type() != type) fail(name, std::string("expected ") + expected);
  return *a;
}

int64_t Attributes::integer(const std::string& name, int64_t fallback) const {
  return has(name) ? typed(name, onnx::AttributeProto::INT, "an integer").i() : fallback;
}

double Attributes::real(const std::string& name, double fallback) const {
  return has(name) ? typed(name, onnx::AttributeProto::FLOAT, "a float").f() : fallback;
}

std::string Attributes::text(const std::string& name, const std::string& fallback) const {
  return has(name) ? typed(name, onnx::AttributeProto::STRING, "a string").s() : fallback;
}

std::vector<int64_t> Attributes::integers(const std::string& name) const {
  if (!has(name)) return {};
  const onnx::AttributeProto& a = typed(name, onnx::AttributeProto::INTS, "a list of integers");
  return {a.ints().begin(), a.ints().end()};
}

const onnx::TensorProto* Attributes::tensor(const std::string& name) const {
  return has(name) ? &typed(name, onnx::AttributeProto::TENSOR, "a tensor").t() : nullptr;
}

void Attributes::fail(const std::string& name, const std::string& what) const {
  throw NetworkError(m_where + "attribute '" + name + "': " + what);
}

}  // namespace imc::workloads::onnx_import
