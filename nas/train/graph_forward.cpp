// SPDX-License-Identifier: MIT
#include "nas/train/graph_forward.h"

#include <limits>

#include "nas/train/quantizers.h"

namespace imc::nas {

using workloads::Layer;
using workloads::LayerKind;

namespace {

/// `x` (N x C x H x W) with `p` rows and columns of `value` around it.
torch::Tensor pad_sides(const torch::Tensor& x, const config::Padding& p, double value) {
  return torch::constant_pad_nd(x, {p.left, p.right, p.top, p.bottom}, value);
}

/// Pooling with unequal padding: PyTorch's pools pad every side alike, so pad explicitly
/// (-inf for a max pool, zeros for an average pool). Without count_include_pad the divisor
/// counts only real pixels: the same pool over a padded map of ones.
torch::Tensor pool_padded_unequally(const torch::Tensor& x, const config::LayerSpec& s) {
  if (s.kind == LayerKind::MaxPool)
    return torch::max_pool2d(pad_sides(x, s.padding, -std::numeric_limits<double>::infinity()), s.kernel, s.stride);
  const torch::Tensor sums = torch::avg_pool2d(pad_sides(x, s.padding, 0.0), s.kernel, s.stride);
  if (s.count_include_pad) return sums;
  const torch::Tensor ones = torch::ones({1, 1, x.size(2), x.size(3)}, x.options());
  return sums / torch::avg_pool2d(pad_sides(ones, s.padding, 0.0), s.kernel, s.stride);
}

bool has_negative(const torch::Tensor& x) { return (x.detach().min() < 0).item<bool>(); }

/// The padding a conv module applies itself: unequal padding is added before it.
int64_t module_padding(const config::LayerSpec& s) { return s.padding.symmetric() ? s.padding.top : 0; }

/// The crossbars' product of `x` (N x rows, or N x C x H x W for a conv) and `w`, in the
/// scale of x * w: codes through the chip, then scaled back by both steps.
torch::Tensor hardware_product(HwChip& hw, size_t layer, const torch::Tensor& x, int input_bits, bool is_signed,
                               std::optional<double> input_range, const torch::Tensor& w, int weight_bits,
                               const config::LayerSpec* conv) {
  torch::NoGradGuard no_grad;
  const Quantized xq = quantize_codes(x, input_bits, is_signed, input_range);
  const Quantized wq = quantize_codes(w, weight_bits, true);
  const torch::Tensor w_rows = wq.codes.reshape({wq.codes.size(0), -1}).t();  // rows x cols, as the crossbar holds it
  if (!conv) return hw.multiply(layer, w_rows, xq.codes, input_bits, is_signed) * (xq.step * wq.step);
  const int64_t n = x.size(0), k = w.size(2);
  const int64_t stride = conv->stride;
  const int64_t pad = module_padding(*conv);
  const int64_t ho = (x.size(2) + 2 * pad - k) / stride + 1, wo = (x.size(3) + 2 * pad - k) / stride + 1;
  // im2col: rows ordered channel by channel, k^2 each, as the mapper's row groups assume.
  auto product = [&](const torch::Tensor& codes, const torch::Tensor& rows, int set) {
    const torch::Tensor cols = torch::im2col(codes, {k, k}, {1, 1}, {pad, pad}, {stride, stride});
    return hw.multiply(layer, rows, cols.transpose(1, 2).reshape({-1, cols.size(1)}), input_bits, is_signed, set);
  };
  const int64_t groups = conv->groups;
  torch::Tensor y;
  if (groups == 1) {
    y = product(xq.codes, w_rows, 0);
  } else {
    // Each set of crossbars holds `per_set` channel groups along its diagonal, zeros elsewhere.
    const int64_t per_set = hw.groups_per_set(layer);
    const int64_t in_g = x.size(1) / groups, out_g = w.size(0) / groups, rows_g = w_rows.size(0);
    std::vector<torch::Tensor> outs;
    for (int64_t first = 0, set = 0; first < groups; first += per_set, ++set) {
      const int64_t n_g = std::min(per_set, groups - first);
      torch::Tensor rows = torch::zeros({n_g * rows_g, n_g * out_g}, w_rows.options());
      for (int64_t j = 0; j < n_g; ++j)
        rows.narrow(0, j * rows_g, rows_g)
            .narrow(1, j * out_g, out_g)
            .copy_(w_rows.narrow(1, (first + j) * out_g, out_g));
      outs.push_back(product(xq.codes.narrow(1, first * in_g, n_g * in_g), rows, static_cast<int>(set)));
    }
    y = torch::cat(outs, 1);
  }
  return (y.reshape({n, ho * wo, -1}).permute({0, 2, 1}).reshape({n, -1, ho, wo}) * (xq.step * wq.step)).contiguous();
}

torch::Tensor activate(const torch::Tensor& x, config::Activation f) {
  switch (f) {
    case config::Activation::Sigmoid:
      return torch::sigmoid(x);
    case config::Activation::HardSigmoid:
      return torch::hardsigmoid(x);  // PyTorch's: clamp(x / 6 + 1/2, 0, 1)
    case config::Activation::HardSwish:
      return torch::hardswish(x);
    case config::Activation::Silu:
      return torch::silu(x);
  }
  return x;
}

/// One pass's view of the network: the layer functions that need more than their input.
class GraphPass {
 public:
  GraphPass(const workloads::Network& net, LayerTensors& t, const std::vector<int>& folded_into,
            const ForwardMode& mode, bool training)
      : m_net(net), m_t(t), m_folded_into(folded_into), m_mode(mode), m_training(training) {}

  torch::Tensor weighted(size_t i, const torch::Tensor& x_in) const;
  torch::Tensor batch_norm(size_t i, const torch::Tensor& x) const {
    return torch::batch_norm(x, m_t.weight(i), m_t.bias(i), m_t.running_mean(i), m_t.running_var(i), m_training,
                             m_mode.bn_momentum, kBnEps, false);
  }
  bool folded_away(size_t i) const { return m_mode.fold_bn && !m_training && m_folded_into[i] >= 0; }
  /// Layers [begin, end): each reads its inputs from `out` and writes its output there; a
  /// tensor no later layer reads is released.
  void run(std::vector<torch::Tensor>& out, size_t begin, size_t end) const;

 private:
  const workloads::Network& m_net;
  LayerTensors& m_t;
  const std::vector<int>& m_folded_into;
  const ForwardMode& m_mode;
  bool m_training;
};

torch::Tensor GraphPass::weighted(size_t i, const torch::Tensor& x_in) const {
  const ForwardMode& mode = m_mode;
  auto at = [&](const auto& v, auto none) { return i < v.size() ? v[i] : none; };
  const int bits = at(mode.weight_bits, 0);
  const int input_bits = at(mode.input_bits, 0);
  const double noise = at(mode.noise_std, 0.0);
  const config::LayerSpec& spec = m_net.layers()[i].spec;
  const bool linear = m_net.layers()[i].kind() == LayerKind::Linear;
  torch::Tensor x = x_in;
  if (linear && x.dim() > 2) x = x.flatten(1);
  const bool through_crossbars = mode.hw && bits > 0 && input_bits > 0;
  // The weights as the forward uses them: fake-quantized, with the training noise unless the
  // product goes through the crossbars (which draw their own cells).
  auto quantized = [&](const torch::Tensor& w) {
    return bits > 0 ? fake_quantize_signed(w, bits, through_crossbars ? 0.0 : noise,
                                           through_crossbars ? nullptr : mode.cells)
                    : w;
  };
  bool input_signed = false;
  std::optional<double> input_range;  // none: this batch's own
  if (input_bits > 0) {
    if (mode.scales) {
      const ActivationScales::Range r = mode.scales->input(i, x);
      input_signed = r.is_signed;
      input_range = r.max;
    } else {
      input_signed = has_negative(x);
    }
    x = fake_quantize(x, input_bits, input_signed, input_range);  // what the DACs can stream
  }
  if (mode.tap) mode.tap(i, "input", x);
  // Unequal padding is added here, so the conv, the crossbar im2col and the chip see none.
  if (!spec.padding.symmetric()) x = pad_sides(x, spec.padding, 0.0);
  if (linear) {
    const torch::Tensor w = m_t.weight(i), b = m_t.bias(i);
    torch::Tensor y = torch::nn::functional::linear(x, quantized(w), b);
    if (!through_crossbars) return y;
    torch::Tensor product =
        hardware_product(*mode.hw, i, x, input_bits, input_signed, input_range, w.detach(), bits, nullptr);
    if (b.defined()) product = product + b.detach();
    return y + (product - y).detach();  // the chip's value, the fake-quantized gradient
  }
  torch::Tensor w = m_t.weight(i);
  torch::Tensor b = m_t.bias(i);
  // Fold the following BN (eval only): W' = W * gamma / sigma, b' = (b - mu) * gamma / sigma + beta.
  if (mode.fold_bn && !m_training) {
    const int consumer = m_net.layers()[i].consumers.empty() ? -1 : m_net.layers()[i].consumers.front();
    if (consumer >= 0 && m_folded_into[static_cast<size_t>(consumer)] == static_cast<int>(i)) {
      const auto bn = static_cast<size_t>(consumer);
      const torch::Tensor mean = m_t.running_mean(bn);
      const torch::Tensor factor = m_t.weight(bn) / torch::sqrt(m_t.running_var(bn) + kBnEps);
      w = w * factor.view({-1, 1, 1, 1});
      const torch::Tensor bias = b.defined() ? b : torch::zeros_like(mean);
      b = (bias - mean) * factor + m_t.bias(bn);
    }
  }
  torch::Tensor y = torch::nn::functional::conv2d(x, quantized(w),
                                                  torch::nn::functional::Conv2dFuncOptions()
                                                      .bias(b)
                                                      .stride(spec.stride)
                                                      .padding(module_padding(spec))
                                                      .groups(spec.groups));
  if (!through_crossbars) return y;
  torch::Tensor product =
      hardware_product(*mode.hw, i, x, input_bits, input_signed, input_range, w.detach(), bits, &spec);
  if (b.defined()) product = product + b.detach().view({1, -1, 1, 1});
  return y + (product - y).detach();
}

}  // namespace

std::vector<int> bn_folding(const workloads::Network& net) {
  std::vector<int> folded(net.layers().size(), -1);
  for (size_t i = 0; i < net.layers().size(); ++i) {
    const Layer& l = net.layers()[i];
    if (l.kind() != LayerKind::BatchNorm || l.in.flat) continue;
    const int p = l.producers.empty() ? -1 : l.producers.front();
    if (p >= 0 && net.layer(p).kind() == LayerKind::Conv2d && net.layer(p).consumers.size() == 1) folded[i] = p;
  }
  return folded;
}

void GraphPass::run(std::vector<torch::Tensor>& out, size_t begin, size_t end) const {
  const auto& layers = m_net.layers();
  const ForwardMode& mode = m_mode;
  const bool training = m_training;
  LayerTensors& tensors = m_t;
  const GraphPass& pass = *this;
  for (size_t i = begin; i < end; ++i) {
    const Layer& l = layers[i];
    const auto& s = l.spec;
    auto in = [&](size_t k = 0) { return out[static_cast<size_t>(l.producers.at(k))]; };
    switch (l.kind()) {
      case LayerKind::Input:
        break;  // out[0] is the pass's input
      case LayerKind::Conv2d:
      case LayerKind::Linear:
        out[i] = tensors.normalized(i, pass.weighted(i, in()), training, mode.bn_momentum);
        break;
      case LayerKind::BatchNorm:
        if (pass.folded_away(i)) {
          out[i] = in();  // already inside the conv's weights
        } else {
          out[i] = pass.batch_norm(i, l.in.flat && in().dim() > 2 ? in().flatten(1) : in());
        }
        break;
      case LayerKind::Relu:
        out[i] = s.relu_max > 0 ? torch::clamp(in(), 0.0, s.relu_max) : torch::relu(in());
        break;
      case LayerKind::MaxPool:
        out[i] = s.padding.symmetric() ? torch::max_pool2d(in(), s.kernel, s.stride, s.padding.top, 1, s.ceil_mode)
                                       : pool_padded_unequally(in(), s);
        break;
      case LayerKind::AvgPool:
        out[i] = s.padding.symmetric()
                     ? torch::avg_pool2d(in(), s.kernel, s.stride, s.padding.top, s.ceil_mode, s.count_include_pad)
                     : pool_padded_unequally(in(), s);
        break;
      case LayerKind::Add: {
        torch::Tensor sum = in(0);
        for (size_t k = 1; k < l.producers.size(); ++k) sum = sum + in(k);
        out[i] = sum;
        break;
      }
      case LayerKind::Concat: {
        std::vector<torch::Tensor> parts;
        for (size_t k = 0; k < l.producers.size(); ++k) parts.push_back(in(k));
        out[i] = torch::cat(parts, 1);
        break;
      }
      case LayerKind::Flatten:
        out[i] = in().flatten(1);
        break;
      case LayerKind::Dropout:
        out[i] = torch::dropout(in(), s.dropout_p, training);
        break;
      case LayerKind::Activation:
        out[i] = activate(in(), s.activation);
        break;
      case LayerKind::Mul:
        out[i] = in(0) * in(1);  // a [N, C, 1, 1] input broadcasts over the pixels
        break;
      case LayerKind::ChannelShuffle: {
        const torch::Tensor& t = in();
        out[i] = t.view({t.size(0), s.groups, t.size(1) / s.groups, t.size(2), t.size(3)})
                     .transpose(1, 2)
                     .reshape(t.sizes());
        break;
      }
      case LayerKind::Slice:
        out[i] = in().narrow(1, s.slice_begin, s.slice_end - s.slice_begin);
        break;
    }
    // Where the hardware writes this tensor to a buffer, at its bits.
    const int out_bits = i < mode.output_bits.size() ? mode.output_bits[i] : 0;
    if (out_bits > 0) {
      const std::optional<double> range = mode.scales ? std::optional(mode.scales->output(i, out[i])) : std::nullopt;
      out[i] = fake_quantize(out[i], out_bits, mode.output_signed[i] != 0, range);
    }
    if (mode.tap) mode.tap(i, "output", out[i]);
    // Free what no later layer reads.
    for (int p : l.producers) {
      const auto& consumers = layers[static_cast<size_t>(p)].consumers;
      if (!consumers.empty() && consumers.back() == static_cast<int>(i)) out[static_cast<size_t>(p)] = torch::Tensor();
    }
  }
}

void forward_layers(const workloads::Network& net, LayerTensors& tensors, const std::vector<int>& folded_into,
                    const ForwardMode& mode, bool training, std::vector<torch::Tensor>& out, size_t begin, size_t end) {
  GraphPass(net, tensors, folded_into, mode, training).run(out, begin, end);
}

torch::Tensor forward_graph(const workloads::Network& net, LayerTensors& tensors, const std::vector<int>& folded_into,
                            const torch::Tensor& x, const ForwardMode& mode, bool training) {
  std::vector<torch::Tensor> out(net.layers().size());
  out[0] = x;
  forward_layers(net, tensors, folded_into, mode, training, out, 0, out.size());
  return out.back();
}

}  // namespace imc::nas
