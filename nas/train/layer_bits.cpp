// SPDX-License-Identifier: MIT
#include "nas/train/layer_bits.h"

namespace imc::nas {
namespace {

/// The conv or linear layer a ReLU follows, looking through BN and dropout; -1 if none.
int weighted_producer(const workloads::Network& net, const workloads::Layer& relu) {
  int p = relu.producers.empty() ? -1 : relu.producers.front();
  while (p >= 0 && (net.layer(p).kind() == workloads::LayerKind::BatchNorm ||
                    net.layer(p).kind() == workloads::LayerKind::Dropout))
    p = net.layer(p).producers.empty() ? -1 : net.layer(p).producers.front();
  return p >= 0 && net.layer(p).has_weights() ? p : -1;
}

}  // namespace

LayerBits layer_bits(const workloads::Network& net, const QuantSpec& quant) {
  const size_t n = net.layers().size();
  LayerBits b;
  b.weight_bits.assign(n, 0);
  b.activation_bits.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const workloads::Layer& l = net.layers()[i];
    if (l.has_weights()) {
      auto it = quant.layer_weight_bits.find(l.name());
      b.weight_bits[i] = it != quant.layer_weight_bits.end()               ? it->second
                         : l.spec.weight_bits > 0 && quant.weight_bits > 0 ? l.spec.weight_bits
                                                                           : quant.weight_bits;
    }
    if (l.kind() == workloads::LayerKind::Relu) {
      auto it = quant.layer_activation_bits.find(l.name());
      const int p = weighted_producer(net, l);
      b.activation_bits[i] = it != quant.layer_activation_bits.end() ? it->second
                             : p >= 0 && net.layer(p).spec.activation_bits > 0 && quant.activation_bits > 0
                                 ? net.layer(p).spec.activation_bits
                                 : quant.activation_bits;
    }
  }
  return b;
}

}  // namespace imc::nas
