// SPDX-License-Identifier: MIT
// noc.*_allocator = "wavefront" and "rr_wavefront": BookSim 2's wavefront allocators (Tamir and
// Chi's). The request matrix is padded to N x N (N = max(inputs, outputs)) and swept one
// diagonal at a time, starting at the priority diagonal: a cell on a diagonal is matched when its
// input and its output are both still free, so a full request matrix is matched perfectly in one
// cycle. After each allocation with requests the priority diagonal moves on by one (wavefront),
// or to the one after the first diagonal that matched (rr_wavefront).
#include <algorithm>

#include "systemc_models/noc/flit/allocator.h"

namespace imc::sim::flit::allocators {
namespace {

class Wavefront : public Allocator {
 public:
  Wavefront(int inputs, int outputs, bool skip_diagonals)
      : Allocator(inputs, outputs),
        m_square(std::max(inputs, outputs)),
        m_skip_diagonals(skip_diagonals),
        m_output_taken(static_cast<size_t>(outputs), 0) {}

  void allocate() override {
    if (m_requesting.empty()) return;
    std::fill(m_output_taken.begin(), m_output_taken.end(), 0);
    int first_diagonal = -1;
    for (int p = 0; p < m_square; ++p)
      for (int out = 0; out < m_square; ++out) {
        // Cells (in, out) with in + out = priority + p (mod N).
        const int in = (m_priority + p + m_square - out) % m_square;
        if (in >= m_inputs || out >= m_outputs || output_of(in) >= 0 || m_output_taken[static_cast<size_t>(out)] ||
            !requested(in, out))
          continue;
        match(in, out);
        m_output_taken[static_cast<size_t>(out)] = 1;
        if (first_diagonal < 0) first_diagonal = in + out;
      }
    m_priority = ((m_skip_diagonals ? first_diagonal : m_priority) + 1) % m_square;
  }
  void append_state(std::vector<int64_t>& out) const override {
    Allocator::append_state(out);
    out.push_back(m_priority);
  }

 private:
  int m_square;
  bool m_skip_diagonals;
  int m_priority = 0;  ///< the diagonal swept first
  std::vector<char> m_output_taken;
};

}  // namespace

std::unique_ptr<Allocator> make_wavefront(int inputs, int outputs) {
  return std::make_unique<Wavefront>(inputs, outputs, false);
}

std::unique_ptr<Allocator> make_rr_wavefront(int inputs, int outputs) {
  return std::make_unique<Wavefront>(inputs, outputs, true);
}

}  // namespace imc::sim::flit::allocators
