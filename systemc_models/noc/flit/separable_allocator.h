// SPDX-License-Identifier: MIT
// A separable input-first allocator with round-robin arbiters, as BookSim 2's
// `separable_input_first`: each input picks one of the outputs it requests (its arbiter's
// pointer decides ties), then each output picks one of the inputs that picked it. An arbiter's
// pointer moves past its winner only when the match is made. One iteration (alloc_iters = 1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace imc::sim::flit {

class SeparableInputFirstAllocator {
 public:
  SeparableInputFirstAllocator(int inputs, int outputs);

  /// Forgets this cycle's requests and matches (the pointers stay).
  void clear();
  /// Input `in` asks for output `out`, with a caller's label (the VC behind the request).
  /// A second request for the same pair replaces the first.
  void request(int in, int out, int label);
  /// Matches inputs to outputs; read the result with output_of and label_of.
  void allocate();
  /// The output matched to `in`, or -1.
  int output_of(int in) const { return m_match_out[static_cast<size_t>(in)]; }
  /// The label of the request (in, out), or -1 when there is none.
  int label_of(int in, int out) const;
  bool requested(int in, int out) const { return label_of(in, out) >= 0; }

 private:
  int m_inputs, m_outputs;
  std::vector<int> m_label;       ///< inputs x outputs: the request's label, -1 for none
  std::vector<int> m_requesting;  ///< inputs with at least one request this cycle
  std::vector<int> m_in_pointer, m_out_pointer;
  std::vector<int> m_match_out;
  std::vector<int> m_candidate;  ///< per output: the input whose arbiter chose it (several: best by pointer)
};

/// Whether requester `a` wins over requester `b` in a round-robin arbiter of `size` positions
/// whose pointer is at `pointer` (the first position at or after the pointer wins).
inline bool round_robin_before(int a, int b, int pointer, int size) {
  return (a - pointer + size) % size < (b - pointer + size) % size;
}

}  // namespace imc::sim::flit
