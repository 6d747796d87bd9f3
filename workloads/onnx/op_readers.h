// SPDX-License-Identifier: MIT
// The registry of ONNX op readers: one per op type, each turning a node into IR layers, an
// alias of a layer, or a folded constant (ops.def lists them; the readers are in impl/).
#pragma once

#include <onnx/onnx_pb.h>

#include "configs/registry.h"
#include "workloads/onnx/attributes.h"
#include "workloads/onnx/import_context.h"

namespace imc::workloads::onnx_import {

using OpReader = void (*)(const onnx::NodeProto& node, int index, ImportContext& ctx);

const config::Registry<OpReader>& op_readers();

#define IMC_ONNX_OP(op, reader) void reader(const onnx::NodeProto& node, int index, ImportContext& ctx);
#include "workloads/onnx/ops.def"
#undef IMC_ONNX_OP

/// Slice of a computed value (not of a constant): a slice layer over its channels.
void read_channel_slice(const onnx::NodeProto& node, int index, ImportContext& ctx);
/// The Reshapes of a channel shuffle (to 5-D, and back from its Transpose); false when the
/// Reshape is neither.
bool read_channel_view_reshape(const onnx::NodeProto& node, int index, ImportContext& ctx,
                               const std::vector<int64_t>& target);
/// Reshape and Transpose of a constant (the pads arithmetic PyTorch writes before a Pad): folded.
void fold_reshape(const onnx::NodeProto& node, ImportContext& ctx, const std::vector<int64_t>& target);
void fold_transpose(const onnx::NodeProto& node, ImportContext& ctx, const std::vector<int64_t>& perm);

}  // namespace imc::workloads::onnx_import
