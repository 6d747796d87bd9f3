// SPDX-License-Identifier: MIT
// noc.*_allocator = "separable_input_first": BookSim 2's separable input-first allocator. Each
// input's arbiter picks one of the outputs it requests (its pointer breaks ties), then each
// output's arbiter picks one of the inputs that picked it.
#include <algorithm>

#include "systemc_models/noc/flit/allocator.h"

namespace imc::sim::flit::allocators {
namespace {

class SeparableInputFirst : public Allocator {
 public:
  SeparableInputFirst(int inputs, int outputs) : Allocator(inputs, outputs), m_candidate(size_t(outputs), -1) {}

  void allocate() override {
    std::fill(m_candidate.begin(), m_candidate.end(), -1);
    for (int in : m_requesting) {
      // The first requested output from the pointer on, round the ring.
      int pick = m_in_pointer[static_cast<size_t>(in)];
      while (!requested(in, pick)) pick = pick + 1 == m_outputs ? 0 : pick + 1;
      // Output stage, folded in: the output's arbiter keeps the input nearest its pointer.
      int& cand = m_candidate[static_cast<size_t>(pick)];
      if (cand < 0 || round_robin_before(in, cand, m_out_pointer[static_cast<size_t>(pick)], m_inputs)) cand = in;
    }
    for (int out = 0; out < m_outputs; ++out)
      if (m_candidate[static_cast<size_t>(out)] >= 0) match(m_candidate[static_cast<size_t>(out)], out);
  }

 private:
  std::vector<int> m_candidate;  ///< per output: the input its arbiter keeps
};

}  // namespace

std::unique_ptr<Allocator> make_separable_input_first(int inputs, int outputs) {
  return std::make_unique<SeparableInputFirst>(inputs, outputs);
}

}  // namespace imc::sim::flit::allocators
