// SPDX-License-Identifier: MIT
#include "systemc_models/noc/flit/allocator.h"

#include <algorithm>

#include "configs/policy_names.h"

namespace imc::sim::flit {

Allocator::Allocator(int inputs, int outputs) : m_inputs(inputs), m_outputs(outputs) {
  const size_t in = static_cast<size_t>(inputs), out = static_cast<size_t>(outputs);
  m_storage.assign(3 * in + out + in * out, 0);
  m_in_pointer = m_storage.data();
  m_out_pointer = m_in_pointer + in;
  m_match_out = m_out_pointer + out;
  m_is_requesting = m_match_out + in;
  m_label = m_is_requesting + in;
  std::fill_n(m_match_out, in, -1);
  std::fill_n(m_label, in * out, -1);
}

void Allocator::clear() {
  for (int in : m_requesting) {
    std::fill_n(m_label + static_cast<std::ptrdiff_t>(in) * m_outputs, m_outputs, -1);
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
  out.insert(out.end(), m_in_pointer, m_in_pointer + m_inputs);
  out.insert(out.end(), m_out_pointer, m_out_pointer + m_outputs);
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
