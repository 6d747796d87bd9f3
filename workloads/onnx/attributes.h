// SPDX-License-Identifier: MIT
// One ONNX node's attributes, checked against the ones its op supports: an attribute the
// importer does not know is an error naming it and the ones it knows.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace imc::workloads::onnx_import {

class Attributes {
 public:
  /// `where` prefixes errors ("file: node 'n' (Op): ").
  Attributes(const onnx::NodeProto& node, const std::set<std::string>& known, std::string where);

  bool has(const std::string& name) const { return find(name) != nullptr; }
  int64_t integer(const std::string& name, int64_t fallback) const;
  double real(const std::string& name, double fallback) const;
  std::string text(const std::string& name, const std::string& fallback) const;
  std::vector<int64_t> integers(const std::string& name) const;
  const onnx::TensorProto* tensor(const std::string& name) const;
  [[noreturn]] void fail(const std::string& name, const std::string& what) const;

 private:
  const onnx::AttributeProto* find(const std::string& name) const;
  const onnx::AttributeProto& typed(const std::string& name, onnx::AttributeProto::AttributeType type,
                                    const char* expected) const;
  std::string m_where;
  std::map<std::string, const onnx::AttributeProto*> m_attrs;
};

}  // namespace imc::workloads::onnx_import
