// SPDX-License-Identifier: MIT
// An allocator of the flit-level router (noc.vc_allocator, noc.sw_allocator): matches inputs to
// outputs each cycle from the requests the router makes, as BookSim 2's allocators do (one
// iteration, round-robin arbiters whose pointers move on a grant only). The request book-keeping
// is shared; a variant is its allocate(), one file in impl/, registered by its line in
// configs/policies/noc_allocators.def.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "configs/registry.h"

namespace imc::sim::flit {

class Allocator {
 public:
  Allocator(int inputs, int outputs);
  Allocator(const Allocator&) = delete;  // its arrays point into its own block
  Allocator& operator=(const Allocator&) = delete;
  virtual ~Allocator() = default;

  /// Forgets this cycle's requests and matches (the pointers stay).
  void clear();
  /// Input `in` asks for output `out`, with a caller's label (the VC behind the request).
  /// A second request for the same pair replaces the first.
  void request(int in, int out, int label);
  /// Matches inputs to outputs; read the result with output_of and label_of.
  virtual void allocate() = 0;
  /// A cycle whose only request is (in, out), with no other request pending: every variant
  /// grants it; this moves the pointers as request, allocate and clear would, without their
  /// book-keeping (a router streaming one packet allocates so every cycle). The default does
  /// exactly those three.
  virtual void allocate_lone_request(int in, int out);
  /// The output matched to `in`, or -1.
  int output_of(int in) const { return m_match_out[static_cast<size_t>(in)]; }
  /// The label of the request (in, out), or -1 when there is none.
  int label_of(int in, int out) const {
    return m_label[static_cast<size_t>(in) * static_cast<size_t>(m_outputs) + static_cast<size_t>(out)];
  }
  bool requested(int in, int out) const { return label_of(in, out) >= 0; }
  /// Appends what decides the next matches (the arbiters' pointers; a variant adds its own):
  /// two allocators that append the same values match the same requests alike.
  virtual void append_state(std::vector<int64_t>& out) const;

 protected:
  /// Records the match (in, out) and moves both round-robin pointers past it.
  void match(int in, int out) {
    m_match_out[static_cast<size_t>(in)] = out;
    move_pointers_past(in, out);
  }
  /// Moves the input's and the output's round-robin pointers past the grant (in, out).
  void move_pointers_past(int in, int out) {
    m_in_pointer[static_cast<size_t>(in)] = out + 1 == m_outputs ? 0 : out + 1;
    m_out_pointer[static_cast<size_t>(out)] = in + 1 == m_inputs ? 0 : in + 1;
  }

  int m_inputs, m_outputs;

 private:
  /// The per-input and per-output arrays below in one block, the pointers first (a router
  /// streaming one packet moves two of them every cycle): one allocation instead of five, and a
  /// 64x64 mesh may build 8192 allocators.
  std::vector<int> m_storage;

 protected:
  int* m_in_pointer;              ///< per input: its arbiter's round-robin pointer
  int* m_out_pointer;             ///< per output: its arbiter's
  int* m_match_out;               ///< per input: the output matched, -1 none
  int* m_label;                   ///< inputs x outputs: the request's label, -1 for none
  std::vector<int> m_requesting;  ///< inputs with at least one request this cycle

 private:
  int* m_is_requesting;  ///< per input: 1 when in m_requesting
};

/// Whether `a` comes before `b` for a round-robin arbiter of `size` whose pointer is `pointer`.
inline bool round_robin_before(int a, int b, int pointer, int size) {
  return (a - pointer + size) % size < (b - pointer + size) % size;
}

using AllocatorFactory = std::function<std::unique_ptr<Allocator>(int inputs, int outputs)>;
using AllocatorRegistry = config::Registry<AllocatorFactory>;
const AllocatorRegistry& allocator_registry();

}  // namespace imc::sim::flit
