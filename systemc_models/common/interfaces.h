// SPDX-License-Identifier: MIT
// The interfaces the controller's ports bind to. Calls that model parallel
// hardware (every tile of a layer, every packet of a merge) reserve the
// contended resources from the current time and return when the work will be
// done; the calling process waits for the latest of them. Blocking calls say so.
#pragma once

#include <systemc>

#include "mapping/mapping.h"
#include "mapping/pipeline.h"
#include "systemc_models/common/activity.h"
#include "systemc_models/controller/program.h"

namespace imc::sim {

class tile_if : public virtual sc_core::sc_interface {
 public:
  // The crossbar stages start no earlier than `earliest` (at or after the current time): a
  // layer's tiles are its own, so the controller may chain them without waiting in between.
  /// New input into the line buffer of each used PE, then (part of) the window into its input registers.
  virtual sc_core::sc_time load_window(const sc_core::sc_time& earliest, int pes, const mapping::PixelWork& work,
                                       const Activity& a) = 0;
  /// MVM on each used PE, partial sums through the adder tree, results into the output buffer.
  virtual sc_core::sc_time compute(const sc_core::sc_time& earliest, int pes, const MvmShape& shape,
                                   double output_bytes, const Activity& a) = 0;
  /// Partial sums read out of the output buffer for the inter-tile merge.
  virtual sc_core::sc_time read_partial_sums(const sc_core::sc_time& earliest, double bytes, const Activity& a) = 0;
  /// One output pixel of a pooling layer on this tile's pooling unit.
  virtual sc_core::sc_time pool(int channels, int kernel, const mapping::PixelWork& work, const Activity& a) = 0;
};

enum class PacketKind { Merge, Activation };

struct Packet {
  mapping::MeshPos src;
  mapping::MeshPos dst;
  double bits = 0;
  PacketKind kind = PacketKind::Activation;
};

/// Packets a process sends together and waits for (wait_delivered). The packet modes know an
/// arrival when the packet is sent; the flit mode learns it when the tail is ejected.
struct Delivery {
  sc_core::sc_time last_arrival;         ///< the latest arrival known so far (start: the send time)
  int in_flight = 0;                     ///< flit mode: packets sent and not yet ejected
  sc_core::sc_event* arrived = nullptr;  ///< flit mode: notified when in_flight drops to zero
};

class noc_if : public virtual sc_core::sc_interface {
 public:
  /// Sends a packet now without blocking; `d` (the caller's, alive until it is delivered)
  /// learns its arrival.
  virtual void send(const Packet& p, const Activity& a, Delivery& d) = 0;
  /// Whether packets contend for links (then the order of requests at one instant matters).
  virtual bool contention() const = 0;
};

/// Blocks the calling thread process until every packet of `d` has arrived; returns how often
/// it suspended.
inline int wait_delivered(Delivery& d) {
  int suspended = 0;
  // No deadlock is declared while packets are in flight (the flit clock has events pending),
  // so this wait ends before any abort.
  while (d.in_flight > 0) {
    ++suspended;
    sc_core::wait(*d.arrived);
  }
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  if (d.last_arrival > now) {
    ++suspended;
    sc_core::wait(d.last_arrival - now);
  }
  return suspended;
}

class accumulator_if : public virtual sc_core::sc_interface {
 public:
  /// Blocking: one element-wise add (or, `multiply`, product) of `channels` values, operands in
  /// the global buffer.
  virtual void combine(config::AccumulatorOp op, int channels, double buffer_bytes, const Activity& a) = 0;
};

class dram_if : public virtual sc_core::sc_interface {
 public:
  /// Moves `bits` between DRAM and the chip; returns when done.
  virtual sc_core::sc_time transfer(double bits, bool write, const Activity& a) = 0;
};

}  // namespace imc::sim
