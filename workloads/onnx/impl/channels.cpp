// SPDX-License-Identifier: MIT
// Ops that pick or reorder channels: Split and Slice of a computed value (slice layers), and
// ShuffleNet's channel shuffle, which exporters write as Reshape to [N, G, C/G, H, W],
// Transpose(perm = [0, 2, 1, 3, 4]) and Reshape back (one channel_shuffle layer).
#include <algorithm>

#include "workloads/network.h"
#include "workloads/onnx/op_readers.h"
#include "workloads/onnx/tensors.h"

namespace imc::workloads::onnx_import {
namespace {

/// Channel index `i` of `n` channels, negative counting from the end, clamped to [0, n].
int channel_index(int64_t i, int64_t n) { return static_cast<int>(std::clamp(i < 0 ? i + n : i, int64_t{0}, n)); }

/// `target` with ONNX's 0 (copy the input's dimension) and one -1 (what the elements leave)
/// resolved against the input's dimensions `from`.
std::vector<int64_t> resolve_reshape(std::vector<int64_t> target, const std::vector<int64_t>& from,
                                     const onnx::NodeProto& node, const ImportContext& ctx) {
  int64_t elements = 1, known = 1;
  for (int64_t d : from) elements *= d;
  int unknown = -1;
  for (size_t i = 0; i < target.size(); ++i) {
    if (target[i] == 0 && i < from.size()) target[i] = from[i];
    if (target[i] == -1 && unknown < 0)
      unknown = static_cast<int>(i);
    else if (target[i] < 1)
      throw NetworkError(ctx.where(node) + "reshapes to " + dims_text(target) + ", which has an invalid dimension");
    else
      known *= target[i];
  }
  if (unknown >= 0) target[static_cast<size_t>(unknown)] = known > 0 ? elements / known : 0;
  return target;
}

void add_slice(const onnx::NodeProto& node, int index, ImportContext& ctx, const std::string& from, int begin, int end,
               int output) {
  config::LayerSpec& l = ctx.add_layer(node, index, config::LayerKind::Slice, {from}, output);
  l.slice_begin = begin;
  l.slice_end = end;
}

}  // namespace

void read_channel_slice(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  const std::string from = ctx.layer_of(node, node.input(0));
  auto values = [&](int input, const char* what) {
    return int_tensor(ctx.constant(node, input, what), ctx.where(node));
  };
  const std::vector<int64_t> starts = values(1, "starts"), ends = values(2, "ends");
  const bool has_axes = node.input_size() > 3 && !node.input(3).empty();
  const bool has_steps = node.input_size() > 4 && !node.input(4).empty();
  const std::vector<int64_t> axes = has_axes ? values(3, "axes") : std::vector<int64_t>{0};
  const std::vector<int64_t> steps = has_steps ? values(4, "steps") : std::vector<int64_t>{1};
  if (starts.size() != 1 || ends.size() != 1 || axes != std::vector<int64_t>{1} || steps != std::vector<int64_t>{1})
    throw NetworkError(ctx.where(node) + "slices axes " + dims_text(axes) + " with steps " + dims_text(steps) +
                       "; imcnas reads a Slice of a computed value only over the channels (axes [1], step 1)");
  const int64_t channels = ctx.shape_of(from).channels;
  const int begin = channel_index(starts[0], channels), end = channel_index(ends[0], channels);
  if (end <= begin) throw NetworkError(ctx.where(node) + "keeps no channel of " + std::to_string(channels));
  if (begin == 0 && end == channels) return ctx.alias(node.output(0), from);
  add_slice(node, index, ctx, from, begin, end, 0);
}

void read_split(const onnx::NodeProto& node, int index, ImportContext& ctx) {
  Attributes attrs(node, {"axis", "split", "num_outputs"}, ctx.where(node));  // split: an input since opset 13
  ctx.expect_inputs(node, 1, 2);
  if (attrs.integer("axis", 0) != 1) attrs.fail("axis", "must be 1 (imcnas splits channels only)");
  const std::string from = ctx.layer_of(node, node.input(0));
  const int64_t channels = ctx.shape_of(from).channels, parts = node.output_size();
  std::vector<int64_t> sizes = node.input_size() == 2 && !node.input(1).empty()
                                   ? int_tensor(ctx.constant(node, 1, "split"), ctx.where(node))
                                   : attrs.integers("split");
  if (sizes.empty()) {  // equal parts, the last one smaller when they do not divide (opset 18)
    const int64_t each = (channels + parts - 1) / parts;
    for (int64_t k = 0; k < parts; ++k) sizes.push_back(std::min(each, channels - k * each));
  }
  int64_t total = 0;
  for (int64_t s : sizes) total += s;
  if (static_cast<int64_t>(sizes.size()) != parts || total != channels ||
      std::any_of(sizes.begin(), sizes.end(), [](int64_t s) { return s < 1; }))
    throw NetworkError(ctx.where(node) + "splits " + std::to_string(channels) + " channels into " + dims_text(sizes) +
                       " for " + std::to_string(parts) +
                       " outputs; expected one positive size per output, summing to the channels");
  int begin = 0;
  for (int k = 0; k < parts; ++k) {
    const int end = begin + static_cast<int>(sizes[static_cast<size_t>(k)]);
    if (!node.output(k).empty()) add_slice(node, index, ctx, from, begin, end, k);
    begin = end;
  }
}

bool read_channel_view_reshape(const onnx::NodeProto& node, int index, ImportContext& ctx,
                               const std::vector<int64_t>& target) {
  if (const ImportContext::ChannelView* view = ctx.channel_view(node.input(0))) {
    const Shape s = ctx.shape_of(view->layer);
    const std::vector<int64_t> from{1, s.channels / view->groups, view->groups, s.height, s.width};
    const std::vector<int64_t> to = resolve_reshape(target, from, node, ctx);
    if (!view->transposed || to != std::vector<int64_t>{1, s.channels, s.height, s.width})
      throw NetworkError(ctx.where(node) + "reshapes a 5-D view of channels to " + dims_text(to) +
                         "; imcnas reads one only as a channel shuffle: Reshape to [N, G, C/G, H, W], Transpose with "
                         "perm [0, 2, 1, 3, 4], Reshape back to [N, C, H, W] = " +
                         dims_text({1, s.channels, s.height, s.width}));
    ctx.add_layer(node, index, config::LayerKind::ChannelShuffle, {view->layer}).groups = view->groups;
    return true;
  }
  if (target.size() != 5) return false;
  const std::string from = ctx.layer_of(node, node.input(0));
  const Shape s = ctx.shape_of(from);
  const std::vector<int64_t> to = resolve_reshape(target, {1, s.channels, s.height, s.width}, node, ctx);
  if (s.flat || to[0] != 1 || to[1] * to[2] != s.channels || to[3] != s.height || to[4] != s.width)
    throw NetworkError(ctx.where(node) + "reshapes " + s.str() + " to " + dims_text(to) +
                       "; imcnas reads a 5-D Reshape only as the start of a channel shuffle, [N, G, C/G, H, W]");
  ctx.set_channel_view(node.output(0), {from, static_cast<int>(to[1]), false});
  return true;
}

void read_transpose(const onnx::NodeProto& node, int, ImportContext& ctx) {
  Attributes attrs(node, {"perm"}, ctx.where(node));
  ctx.expect_inputs(node, 1, 1);
  if (ctx.is_constant(node.input(0))) return fold_transpose(node, ctx, attrs.integers("perm"));
  const ImportContext::ChannelView* view = ctx.channel_view(node.input(0));
  if (!view || view->transposed || attrs.integers("perm") != std::vector<int64_t>{0, 2, 1, 3, 4})
    throw NetworkError(ctx.where(node) +
                       "imcnas reads a Transpose only inside a channel shuffle: Reshape to [N, G, C/G, H, W], "
                       "Transpose with perm [0, 2, 1, 3, 4], Reshape back to [N, C, H, W]");
  ctx.set_channel_view(node.output(0), {view->layer, view->groups, true});
}

}  // namespace imc::workloads::onnx_import
