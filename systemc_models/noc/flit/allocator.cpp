// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/allocator.h"

#include <algorithm>

#include "configs/policy_names.h"

namespace imc::sim::flit {

Allocator::Allocator(int inputs, int outputs)
    : m_inputs(inputs),
      m_outputs(outputs),
      m_label(static_cast<size_t>(inputs) * static_cast<size_t>(outputs), -1),
      m_in_pointer(static_cast<size_t>(inputs), 0),
      m_out_pointer(static_cast<size_t>(outputs), 0),
      m_match_out(static_cast<size_t>(inputs), -1),
      m_is_requesting(static_cast<size_t>(inputs), 0) {}

void Allocator::clear() {
  for (int in : m_requesting) {
    std::fill_n(m_label.begin() + static_cast<std::ptrdiff_t>(in) * m_outputs, m_outputs, -1);
    m_match_out[static_cast<size_t>(in)] = -1;
    m_is_requesting[static_cast<size_t>(in)] = 0;
  }
  m_requesting.clear();
}

void Allocator::request(int in, int out, int label) {
  int& slot = m_label[static_cast<size_t>(in) * static_cast<size_t>(m_outputs) + static_cast<size_t>(out)];
  if (!m_is_requesting[static_cast<size_t>(in)])
    m_is_requesting[static_cast<size_t>(in)] = 1, m_requesting.push_back(in);
  slot = label;
}

void Allocator::allocate_lone_request(int in, int out) {
  request(in, out, 0);
  allocate();
  clear();
}

void Allocator::append_state(std::vector<int64_t>& out) const {
  out.insert(out.end(), m_in_pointer.begin(), m_in_pointer.end());
  out.insert(out.end(), m_out_pointer.begin(), m_out_pointer.end());
}

namespace allocators {
#define IMC_NOC_ALLOCATOR(name) std::unique_ptr<Allocator> make_##name(int inputs, int outputs);
#include "configs/policies/noc_allocators.def"
#undef IMC_NOC_ALLOCATOR
}  // namespace allocators

const AllocatorRegistry& allocator_registry() {
  static const AllocatorRegistry registry = [] {
    AllocatorRegistry r("NoC allocator");
#define IMC_NOC_ALLOCATOR(name) r.add(#name, allocators::make_##name);
#include "configs/policies/noc_allocators.def"
#undef IMC_NOC_ALLOCATOR
    r.require_names(config::noc_allocator_names());
    return r;
  }();
  return registry;
}

}  // namespace imc::sim::flit
