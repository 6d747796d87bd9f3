// SPDX-License-Identifier: MIT
// ONNX tensors read as the importer needs them: weights as floats, shapes and indices as integers.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/net_weights.h"

namespace imc::workloads::onnx_import {

/// A tensor's shape.
std::vector<int64_t> dims_of(const onnx::TensorProto& t);

/// The product of `dims`; throws NetworkError (prefixed `where`) for a negative or huge one.
int64_t element_count(const std::vector<int64_t>& dims, const std::string& where);

/// A float or double tensor as floats.
WeightTensor float_tensor(const onnx::TensorProto& t, const std::string& where);

/// An integer tensor (int64, int32 or bool) as int64s.
std::vector<int64_t> int_tensor(const onnx::TensorProto& t, const std::string& where);

/// True for the element types int_tensor reads.
bool is_integer_tensor(const onnx::TensorProto& t);

/// An int64 tensor named `name` of shape `dims` holding `values`.
onnx::TensorProto make_int_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                  const std::vector<int64_t>& values);

/// A float tensor named `name` of shape `dims` holding `values`.
onnx::TensorProto make_float_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                    const std::vector<float>& values);

}  // namespace imc::workloads::onnx_import
