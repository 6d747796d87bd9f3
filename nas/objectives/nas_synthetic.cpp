// SPDX-License-Identifier: MIT
#include "nas/objectives/nas_synthetic.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace imc::nas::synthetic {
namespace {

const char* kTypes[] = {"VGG", "MVGG", "RES"};
const int kKs[] = {16, 32, 64, 128, 256};
const int kBits[] = {4, 6, 8};
const int kXbars[] = {64, 128, 256};
const double kTypeCap[] = {1.0, 0.95, 1.1};
const double kTypeEnergy[] = {1.0, 0.8, 1.5};
const double kBitPenalty[] = {0.03, 0.004, 0.0};    // 4, 6, 8 bits
const double kXbarPenalty[] = {0.0, 0.002, 0.006};  // 64, 128, 256
const double kXbarEnergy[] = {1.25, 1.0, 0.9};
constexpr double kEnergyWeight = 0.08, kLatencyWeight = 0.015, kCapScale = 2.0, kLrOptLog10 = -2.5;

int index(const Point& p, const std::string& name) { return static_cast<int>(p.at(name)); }

}  // namespace

SearchSpace space() {
  SearchSpace s;
  ParamSpec n;
  n.name = "n_blocks";
  n.kind = ParamKind::Int;
  n.low = 3;
  n.high = 8;
  s.add(n);
  for (int i = 0; i < 8; ++i) {
    ParamSpec type, k;
    type.name = "type_" + std::to_string(i);
    type.kind = ParamKind::Categorical;
    type.choices = {kTypes, kTypes + 3};
    k.name = "k_" + std::to_string(i);
    k.kind = ParamKind::Categorical;
    for (int v : kKs) k.choices.push_back(std::to_string(v));
    if (i >= 3) {
      type.parent = k.parent = "n_blocks";
      type.parent_min = k.parent_min = i + 1;
    }
    s.add(type);
    s.add(k);
  }
  ParamSpec bits, xbar, lr;
  bits.name = "bits";
  bits.kind = ParamKind::Categorical;
  for (int v : kBits) bits.choices.push_back(std::to_string(v));
  xbar.name = "xbar";
  xbar.kind = ParamKind::Categorical;
  for (int v : kXbars) xbar.choices.push_back(std::to_string(v));
  lr.name = "lr";
  lr.kind = ParamKind::LogFloat;
  lr.low = 1e-4;
  lr.high = 1e-1;
  s.add(bits);
  s.add(xbar);
  s.add(lr);
  return s;
}

Metrics metrics(const Point& p) {
  const int n = static_cast<int>(std::lround(p.at("n_blocks")));
  double cap = 0, energy = 0;
  int plain = 0;
  double c_in = 3;
  for (int i = 0; i < n; ++i) {
    const int type = index(p, "type_" + std::to_string(i));
    const double k = kKs[index(p, "k_" + std::to_string(i))];
    const double c = std::log2(k) - 4.0;
    const double target = std::min(4.0, 0.75 * i + 0.5);
    cap += kTypeCap[type] * (1.0 - 0.15 * (c - target) * (c - target));
    const double spatial = 32 >> std::min(i / 2, 3);
    energy += c_in * k * 9 * spatial * spatial * kTypeEnergy[type];
    plain += (i >= 5 && type != 2) ? 1 : 0;
    c_in = k;
  }
  const int bits = index(p, "bits"), xbar = index(p, "xbar");
  const double lr_off = std::log10(p.at("lr")) - kLrOptLog10;
  Metrics m;
  m.accuracy = 0.95 * (1.0 - std::exp(-cap / kCapScale)) - 0.02 * plain - kBitPenalty[bits] - kXbarPenalty[xbar] -
               0.03 * lr_off * lr_off;
  m.energy = energy * (kBits[bits] / 8.0) * kXbarEnergy[xbar];
  m.latency = n;
  return m;
}

double loss(const Point& p) {
  const Metrics m = metrics(p);
  return (1.0 - m.accuracy) + kEnergyWeight * std::log10(m.energy / 1e6) + kLatencyWeight * m.latency;
}

}  // namespace imc::nas::synthetic
