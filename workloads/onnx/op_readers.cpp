// SPDX-License-Identifier: MIT
#include "workloads/onnx/op_readers.h"

namespace imc::workloads::onnx_import {

const config::Registry<OpReader>& op_readers() {
  static const config::Registry<OpReader> registry = [] {
    config::Registry<OpReader> r("ONNX op");
#define IMC_ONNX_OP(op, reader) r.add(#op, &reader);
#include "workloads/onnx/ops.def"
#undef IMC_ONNX_OP
    return r;
  }();
  return registry;
}

}  // namespace imc::workloads::onnx_import
