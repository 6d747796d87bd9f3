// SPDX-License-Identifier: MIT
// Reads an ONNX file for an import of the weights' shapes only (OnnxWeights::Skip: net show,
// map, simulate): the protobuf wire format is streamed from the file and the payloads of large
// floating-point initializers are skipped on the way, so a 500 MB model costs the memory of
// its graph, not of its weights. Small tensors (a Clip's bounds, a Reshape's shape, any
// integer tensor) are kept, since the import reads their values.
#pragma once

#include <onnx/onnx_pb.h>

#include <cstdint>
#include <istream>
#include <string>

namespace imc::workloads::onnx_import {

/// Payloads up to this many bytes are kept whatever their type.
inline constexpr uint64_t kShapesOnlyKeepBytes = 4096;

/// Parses `in` into `model` without large floating-point initializer payloads. Returns false
/// and says why in `error` when the stream is not a well-formed protobuf.
bool parse_model_shapes_only(std::istream& in, onnx::ModelProto& model, std::string& error);

}  // namespace imc::workloads::onnx_import
