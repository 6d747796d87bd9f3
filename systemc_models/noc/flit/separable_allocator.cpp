// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/separable_allocator.h"

#include <algorithm>

namespace imc::sim::flit {

SeparableInputFirstAllocator::SeparableInputFirstAllocator(int inputs, int outputs)
    : m_inputs(inputs),
      m_outputs(outputs),
      m_label(static_cast<size_t>(inputs) * static_cast<size_t>(outputs), -1),
      m_in_pointer(static_cast<size_t>(inputs), 0),
      m_out_pointer(static_cast<size_t>(outputs), 0),
      m_match_out(static_cast<size_t>(inputs), -1),
      m_candidate(static_cast<size_t>(outputs), -1) {}

void SeparableInputFirstAllocator::clear() {
  for (int in : m_requesting) {
    std::fill_n(m_label.begin() + static_cast<std::ptrdiff_t>(in) * m_outputs, m_outputs, -1);
    m_match_out[static_cast<size_t>(in)] = -1;
  }
  m_requesting.clear();
}

void SeparableInputFirstAllocator::request(int in, int out, int label) {
  int& slot = m_label[static_cast<size_t>(in) * static_cast<size_t>(m_outputs) + static_cast<size_t>(out)];
  if (std::find(m_requesting.begin(), m_requesting.end(), in) == m_requesting.end()) m_requesting.push_back(in);
  slot = label;
}

int SeparableInputFirstAllocator::label_of(int in, int out) const {
  return m_label[static_cast<size_t>(in) * static_cast<size_t>(m_outputs) + static_cast<size_t>(out)];
}

void SeparableInputFirstAllocator::allocate() {
  // Input stage: each requesting input's arbiter picks one output.
  std::fill(m_candidate.begin(), m_candidate.end(), -1);
  for (int in : m_requesting) {
    const int pointer = m_in_pointer[static_cast<size_t>(in)];
    int pick = -1;
    for (int out = 0; out < m_outputs; ++out)
      if (requested(in, out) && (pick < 0 || round_robin_before(out, pick, pointer, m_outputs))) pick = out;
    // Output stage, folded in: the output's arbiter keeps the input nearest its pointer.
    int& cand = m_candidate[static_cast<size_t>(pick)];
    if (cand < 0 || round_robin_before(in, cand, m_out_pointer[static_cast<size_t>(pick)], m_inputs)) cand = in;
  }
  for (int out = 0; out < m_outputs; ++out) {
    const int in = m_candidate[static_cast<size_t>(out)];
    if (in < 0) continue;
    m_match_out[static_cast<size_t>(in)] = out;
    m_in_pointer[static_cast<size_t>(in)] = (out + 1) % m_outputs;
    m_out_pointer[static_cast<size_t>(out)] = (in + 1) % m_inputs;
  }
}

}  // namespace imc::sim::flit
