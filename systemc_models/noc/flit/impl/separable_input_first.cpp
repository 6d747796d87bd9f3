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

  // The lone input's arbiter picks its only output, whose arbiter keeps it.
  void allocate_lone_request(int in, int out) override { move_pointers_past(in, out); }

  void allocate() override {
    if (m_requesting.size() == 1) {  // a lone input: the output's arbiter has only it to keep
      const int in = m_requesting.front();
      match(in, first_requested(in));
      return;
    }
    m_picked.clear();
    for (int in : m_requesting) {
      const int pick = first_requested(in);
      // Output stage, folded in: the output's arbiter keeps the input nearest its pointer.
      int& cand = m_candidate[static_cast<size_t>(pick)];
      if (cand < 0) {
        cand = in;
        m_picked.push_back(pick);
      } else if (round_robin_before(in, cand, m_out_pointer[static_cast<size_t>(pick)], m_inputs)) {
        cand = in;
      }
    }
    for (int out : m_picked) {
      match(m_candidate[static_cast<size_t>(out)], out);
      m_candidate[static_cast<size_t>(out)] = -1;
    }
  }

 private:
  /// The first output `in` requests from its pointer on, round the ring.
  int first_requested(int in) const {
    int pick = m_in_pointer[static_cast<size_t>(in)];
    while (!requested(in, pick)) pick = pick + 1 == m_outputs ? 0 : pick + 1;
    return pick;
  }

  std::vector<int> m_candidate;  ///< per output: the input its arbiter keeps (-1 between allocations)
  std::vector<int> m_picked;     ///< outputs some input picked this allocation
};

}  // namespace

std::unique_ptr<Allocator> make_separable_input_first(int inputs, int outputs) {
  return std::make_unique<SeparableInputFirst>(inputs, outputs);
}

}  // namespace imc::sim::flit::allocators
