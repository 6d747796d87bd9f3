// SPDX-License-Identifier: MIT
// noc.*_allocator = "islip": McKeown's iSLIP, one iteration (BookSim 2's `islip` with its
// default alloc_iters = 1). Every output grants the requesting input nearest its pointer; every
// input accepts the granting output nearest its own. Pointers move past an accepted match only,
// so outputs that granted the same input drift apart and later cycles match more pairs.
#include <algorithm>

#include "systemc_models/noc/flit/allocator.h"

namespace imc::sim::flit::allocators {
namespace {

class Islip : public Allocator {
 public:
  Islip(int inputs, int outputs) : Allocator(inputs, outputs), m_grant(size_t(outputs), -1) {}

  // The output grants its only requester, which accepts it.
  void allocate_lone_request(int in, int out) override { move_pointers_past(in, out); }

  void allocate() override {
    for (int out = 0; out < m_outputs; ++out) {  // grant
      int& g = m_grant[static_cast<size_t>(out)];
      g = -1;
      for (int in : m_requesting)
        if (requested(in, out) &&
            (g < 0 || round_robin_before(in, g, m_out_pointer[static_cast<size_t>(out)], m_inputs)))
          g = in;
    }
    for (int in : m_requesting) {  // accept
      int pick = -1;
      for (int out = 0; out < m_outputs; ++out)
        if (m_grant[static_cast<size_t>(out)] == in &&
            (pick < 0 || round_robin_before(out, pick, m_in_pointer[static_cast<size_t>(in)], m_outputs)))
          pick = out;
      if (pick >= 0) match(in, pick);
    }
  }

 private:
  std::vector<int> m_grant;  ///< per output: the input it grants this cycle
};

}  // namespace

std::unique_ptr<Allocator> make_islip(int inputs, int outputs) { return std::make_unique<Islip>(inputs, outputs); }

}  // namespace imc::sim::flit::allocators
