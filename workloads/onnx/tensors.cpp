// SPDX-License-Identifier: MIT
#include "workloads/onnx/tensors.h"

#include <cstring>

#include "workloads/network.h"
#include "workloads/shape_inference.h"

namespace imc::workloads::onnx_import {
namespace {

template <typename T>
std::vector<T> raw_values(const std::string& raw, int64_t count, const std::string& where) {
  if (raw.size() != static_cast<size_t>(count) * sizeof(T)) {
    throw NetworkError(where + "raw_data holds " + std::to_string(raw.size()) + " bytes, expected " +
                       std::to_string(count * static_cast<int64_t>(sizeof(T))));
  }
  std::vector<T> v(static_cast<size_t>(count));
  if (!raw.empty()) std::memcpy(v.data(), raw.data(), raw.size());  // ONNX stores little-endian, as this host does
  return v;
}

}  // namespace

std::vector<int64_t> dims_of(const onnx::TensorProto& t) { return {t.dims().begin(), t.dims().end()}; }

int64_t element_count(const std::vector<int64_t>& dims, const std::string& where) {
  int64_t n = 1;
  for (int64_t d : dims) {
    if (d < 0 || d > kMaxLayerWeights) throw NetworkError(where + "a tensor dimension is " + std::to_string(d));
    n *= d;
    if (n > kMaxLayerWeights)
      throw NetworkError(where + "a tensor is larger than " + std::to_string(kMaxLayerWeights) + " elements");
  }
  return n;
}

WeightTensor float_tensor(const onnx::TensorProto& t, const std::string& where) {
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    throw NetworkError(where + "tensor '" + t.name() + "' keeps its data in an external file, which is not supported");
  }
  WeightTensor w;
  w.dims = dims_of(t);
  const int64_t n = element_count(w.dims, where);
  auto check = [&](int64_t have) {
    if (have != n) {
      throw NetworkError(where + "tensor '" + t.name() + "' holds " + std::to_string(have) +
                         " values, its shape says " + std::to_string(n));
    }
  };
  if (t.data_type() == onnx::TensorProto::FLOAT) {
    if (t.has_raw_data()) {
      w.values = raw_values<float>(t.raw_data(), n, where);
    } else {
      check(t.float_data_size());
      w.values.assign(t.float_data().begin(), t.float_data().end());
    }
  } else if (t.data_type() == onnx::TensorProto::DOUBLE) {
    std::vector<double> d;
    if (t.has_raw_data()) {
      d = raw_values<double>(t.raw_data(), n, where);
    } else {
      check(t.double_data_size());
      d.assign(t.double_data().begin(), t.double_data().end());
    }
    w.values.assign(d.begin(), d.end());
  } else if (is_integer_tensor(t)) {
    const std::vector<int64_t> v = int_tensor(t, where);
    w.values.assign(v.begin(), v.end());
  } else {
    throw NetworkError(where + "tensor '" + t.name() + "' has element type " + std::to_string(t.data_type()) +
                       ", expected float or double");
  }
  return w;
}

bool is_integer_tensor(const onnx::TensorProto& t) {
  return t.data_type() == onnx::TensorProto::INT64 || t.data_type() == onnx::TensorProto::INT32 ||
         t.data_type() == onnx::TensorProto::BOOL;
}

std::vector<int64_t> int_tensor(const onnx::TensorProto& t, const std::string& where) {
  const int64_t n = element_count(dims_of(t), where);
  auto checked = [&](std::vector<int64_t> v) {
    if (static_cast<int64_t>(v.size()) != n) {
      throw NetworkError(where + "tensor '" + t.name() + "' holds " + std::to_string(v.size()) +
                         " values, its shape says " + std::to_string(n));
    }
    return v;
  };
  if (t.data_type() == onnx::TensorProto::INT64) {
    if (t.has_raw_data()) return raw_values<int64_t>(t.raw_data(), n, where);
    return checked({t.int64_data().begin(), t.int64_data().end()});
  }
  if (t.data_type() == onnx::TensorProto::INT32) {
    if (t.has_raw_data()) {
      const std::vector<int32_t> v = raw_values<int32_t>(t.raw_data(), n, where);
      return {v.begin(), v.end()};
    }
    return checked({t.int32_data().begin(), t.int32_data().end()});
  }
  if (t.data_type() == onnx::TensorProto::BOOL) {
    if (t.has_raw_data()) {
      const std::vector<uint8_t> v = raw_values<uint8_t>(t.raw_data(), n, where);
      return {v.begin(), v.end()};
    }
    return checked({t.int32_data().begin(), t.int32_data().end()});
  }
  throw NetworkError(where + "tensor '" + t.name() + "' has element type " + std::to_string(t.data_type()) +
                     ", expected integers");
}

namespace {

/// A tensor named `name` of shape `dims` and element type `type`, without values yet.
onnx::TensorProto empty_tensor(const std::string& name, const std::vector<int64_t>& dims,
                               onnx::TensorProto::DataType type) {
  onnx::TensorProto t;
  t.set_name(name);
  t.set_data_type(type);
  for (int64_t d : dims) t.add_dims(d);
  return t;
}

}  // namespace

onnx::TensorProto make_int_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                  const std::vector<int64_t>& values) {
  onnx::TensorProto t = empty_tensor(name, dims, onnx::TensorProto::INT64);
  t.mutable_int64_data()->Add(values.begin(), values.end());
  return t;
}

onnx::TensorProto make_float_tensor(const std::string& name, const std::vector<int64_t>& dims,
                                    const std::vector<float>& values) {
  onnx::TensorProto t = empty_tensor(name, dims, onnx::TensorProto::FLOAT);
  t.mutable_float_data()->Add(values.begin(), values.end());
  return t;
}

}  // namespace imc::workloads::onnx_import
