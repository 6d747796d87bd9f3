// SPDX-License-Identifier: MIT
// Reads an ONNX model into the network IR and its weights (docs/onnx.md lists the ops).
#pragma once

#include <istream>
#include <optional>
#include <string>

#include "configs/net_spec.h"
#include "workloads/net_weights.h"
#include "workloads/shape.h"

namespace imc::workloads {

/// Whether an import reads the weights' values (train, export) or only their shapes (net show,
/// map, simulate: faster, and a 500 MB file is not held twice).
enum class OnnxWeights { Read, Skip };

struct OnnxNet {
  config::NetSpec spec;
  NetWeights weights;  ///< every conv, linear and batchnorm parameter the file holds
};

/// Reads an .onnx file. `input` gives the image shape when the file's is dynamic (and replaces
/// it otherwise). Throws NetworkError naming the file, the node, its op and what is supported.
/// With OnnxWeights::Skip, `weights` stays empty.
OnnxNet import_onnx_file(const std::string& path, const std::optional<Shape>& input,
                         OnnxWeights weights = OnnxWeights::Read);
/// Same, from a stream (the file's, or a test's); `source` names it in errors. With
/// OnnxWeights::Skip the large weight payloads are skipped as they stream past.
OnnxNet import_onnx_stream(std::istream& in, const std::string& source, const std::optional<Shape>& input,
                           OnnxWeights weights = OnnxWeights::Read);
/// Same, from the serialized bytes; `source` names them in errors.
OnnxNet import_onnx_bytes(const std::string& bytes, const std::string& source, const std::optional<Shape>& input,
                          OnnxWeights weights = OnnxWeights::Read);

/// True for a path that names an ONNX file (ends in ".onnx").
bool is_onnx_path(const std::string& path);

}  // namespace imc::workloads
