// SPDX-License-Identifier: MIT
#include "nas/train/recomputed_forward.h"

#include <algorithm>
#include <stdexcept>

namespace imc::nas {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// What a segment's backward needs to run it again: held by the autograd graph.
struct Segment : torch::CustomClassHolder {
  const workloads::Network* net = nullptr;
  LayerTensors* tensors = nullptr;
  std::vector<int> folded_into;
  ForwardMode mode;
  size_t first = 0, last = 0;  ///< layer `first` - 1 is the segment's input; `last` its output

  torch::Tensor run(const torch::Tensor& x) const {
    std::vector<torch::Tensor> out(net->layers().size());
    out[first - 1] = x;
    forward_layers(*net, *tensors, folded_into, mode, true, out, first, last + 1);
    return out[last];
  }
};

struct RecomputedSegment : torch::autograd::Function<RecomputedSegment> {
  static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, c10::intrusive_ptr<Segment> segment,
                               torch::TensorList leaves) {
    // The leaves are inputs of the node, so that the gradients its backward returns reach them.
    variable_list saved{x};
    saved.insert(saved.end(), leaves.begin(), leaves.end());
    ctx->save_for_backward(saved);
    ctx->saved_data["segment"] = c10::IValue::make_capsule(segment);
    return segment->run(x);  // the Function runs this without recording a graph
  }

  /// Gradients in the order of forward's arguments: x, the segment (none), each leaf.
  static variable_list backward(AutogradContext* ctx, variable_list grad_out) {
    const auto segment = c10::static_intrusive_pointer_cast<Segment>(ctx->saved_data["segment"].toCapsule());
    const variable_list saved = ctx->get_saved_variables();
    variable_list inputs;      // what gets a gradient: x and the leaves that require one
    std::vector<size_t> slot;  // each input's place in the result
    const torch::Tensor x = saved[0].detach().requires_grad_(saved[0].requires_grad());
    if (x.requires_grad()) {
      inputs.push_back(x);
      slot.push_back(0);
    }
    for (size_t i = 1; i < saved.size(); ++i)
      if (saved[i].requires_grad()) {
        inputs.push_back(saved[i]);
        slot.push_back(i + 1);
      }
    variable_list result(saved.size() + 1);
    if (inputs.empty()) return result;
    Segment again = *segment;
    again.mode.bn_momentum = 0;  // the first pass has moved the running statistics already
    torch::Tensor y;
    {
      torch::AutoGradMode on(true);
      y = again.run(x);
    }
    if (!y.requires_grad()) return result;
    const variable_list grads = torch::autograd::grad({y}, inputs, {grad_out[0]}, /*retain_graph=*/false,
                                                      /*create_graph=*/false, /*allow_unused=*/true);
    for (size_t k = 0; k < grads.size(); ++k) result[slot[k]] = grads[k];
    return result;
  }
};

bool draws_noise(const ForwardMode& mode) {
  return mode.cells || mode.hw ||
         std::any_of(mode.noise_std.begin(), mode.noise_std.end(), [](double s) { return s > 0; });
}

}  // namespace

int64_t activation_bytes(const workloads::Network& net, int64_t batch) {
  int64_t elements = 0;
  for (const workloads::Layer& l : net.layers()) elements += l.out.elements();
  return elements * batch * static_cast<int64_t>(sizeof(float));
}

std::vector<size_t> single_tensor_cuts(const workloads::Network& net) {
  const auto& layers = net.layers();
  std::vector<size_t> cuts;
  // last_reader[p]: the last layer reading p's output; p is live after layer i while it is > i.
  std::vector<int> last_reader(layers.size(), -1);
  for (size_t p = 0; p < layers.size(); ++p)
    if (!layers[p].consumers.empty()) last_reader[p] = layers[p].consumers.back();
  for (size_t i = 0; i + 1 < layers.size(); ++i) {
    bool only_own = last_reader[i] > static_cast<int>(i);
    for (size_t p = 0; p < i && only_own; ++p)
      if (last_reader[p] > static_cast<int>(i)) only_own = false;
    if (only_own) cuts.push_back(i);
  }
  return cuts;
}

torch::Tensor forward_graph_recomputing(const workloads::Network& net, LayerTensors& tensors,
                                        const std::vector<int>& folded_into, const torch::Tensor& x,
                                        const ForwardMode& mode, const std::vector<torch::Tensor>& leaves) {
  if (draws_noise(mode))
    throw std::invalid_argument(
        "a recomputing forward cannot draw noise (cells, noise_std, the chip's product): the backward pass would "
        "draw it again");
  const auto& layers = net.layers();
  std::vector<torch::Tensor> out(layers.size());
  out[0] = x;
  forward_layers(net, tensors, folded_into, mode, true, out, 0, 1);  // the input layer
  std::vector<size_t> ends;
  for (size_t cut : single_tensor_cuts(net))
    if (cut > 0) ends.push_back(cut);
  ends.push_back(layers.size() - 1);
  size_t first = 1;  // the layer the next segment starts at
  for (size_t last : ends) {
    const bool has_dropout = std::any_of(
        layers.begin() + static_cast<std::ptrdiff_t>(first), layers.begin() + static_cast<std::ptrdiff_t>(last) + 1,
        [](const workloads::Layer& l) { return l.kind() == workloads::LayerKind::Dropout; });
    if (has_dropout) {  // its mask must not be drawn twice
      forward_layers(net, tensors, folded_into, mode, true, out, first, last + 1);
    } else {
      auto segment = c10::make_intrusive<Segment>();
      segment->net = &net;
      segment->tensors = &tensors;
      segment->folded_into = folded_into;
      segment->mode = mode;
      segment->first = first;
      segment->last = last;
      out[last] = RecomputedSegment::apply(out[first - 1], segment, torch::TensorList(leaves));
      out[first - 1] = torch::Tensor();
    }
    first = last + 1;
  }
  return out.back();
}

}  // namespace imc::nas
