// SPDX-License-Identifier: MIT
#include "mapping/schedule.h"

#include <algorithm>
#include <array>
#include <functional>
#include <queue>
#include <utility>

#include "mapping/pipeline.h"
#include "mapping/timing.h"
#include "mapping/traffic.h"

namespace imc::mapping {
namespace {

/// The packets of one pixel on one copy, as the chip's controller sends them (traffic.h).
struct PixelTraffic {
  int packets = 0;
  double bit_hops = 0;
  FlitActions flit;
  double merge_read_ns = 0;  ///< every tile of the copy reads its partial sums out
};

PixelTraffic pixel_traffic(const Mapping& m, const LayerMapping& l, PixelPosition pos, const CopyHops& h) {
  const PixelWork w = pixel_work(m, l, pos);
  PixelTraffic t;
  t.bit_hops = h.merge_hops * w.merge_bits + h.transfer_hops * w.transfer_bits;
  t.packets = h.merge_packets + h.transfer_packets;
  t.flit = copy_flit_actions(m.hw.noc.flit, h, w);
  t.merge_read_ns = h.tiles * timing::buffer_access_ns(m.hw.buffer, w.merge_read_bytes);
  return t;
}

class Pipeline {
 public:
  explicit Pipeline(const Mapping& m) : m_(m), layers_(m.layers.size()) {
    for (size_t i = 0; i < layers_.size(); ++i) {
      const LayerMapping& l = m.layers[i];
      State& s = layers_[i];
      s.grid = pixel_grid(l);
      s.done.resize(static_cast<size_t>(s.grid.count()));
      s.copy_free.assign(static_cast<size_t>(l.replicas), 0.0);
      // A pixel's time depends only on its position class and its copy: compute each once.
      s.times.resize(s.copy_free.size());
      s.traffic.resize(s.copy_free.size());
      for (size_t c = 0; c < s.times.size(); ++c) {
        const CopyHops hops = copy_hops(m, l, static_cast<int>(c));
        for (PixelPosition pos : kPixelPositions) {
          s.times[c][static_cast<size_t>(pos)] = pixel_time(m, l, pos, static_cast<int>(c));
          s.traffic[c][static_cast<size_t>(pos)] = pixel_traffic(m, l, pos, hops);
        }
      }
    }
  }

  std::vector<LayerSchedule> run() {
    const auto shares_accumulator = [](const LayerMapping& l) { return l.engine == Engine::Accumulator; };
    if (std::count_if(m_.layers.begin(), m_.layers.end(), shares_accumulator) <= 1) {
      // Nothing to share: layer by layer in topological order is the same schedule.
      for (size_t i = 0; i < layers_.size(); ++i)
        for (double ready = 0; ready_time(i, ready);) run_pixel(i, ready);
    } else {
      play_in_time_order();
    }
    std::vector<LayerSchedule> out;
    for (State& s : layers_) {
      s.out.finish_ns = s.previous;
      out.push_back(std::move(s.out));
    }
    return out;
  }

 private:
  struct State {
    PixelGrid grid;
    long next = 0;             ///< pixels done
    std::vector<double> done;  ///< per pixel: released (it and every earlier pixel finished)
    std::vector<double> copy_free;
    std::vector<std::array<PixelTime, kPixelPositions.size()>> times;
    std::vector<std::array<PixelTraffic, kPixelPositions.size()>> traffic;
    double previous = 0;
    bool queued = false;
    LayerSchedule out;
  };

  /// When layer i's next pixel can start: false while a producer pixel it reads is not done.
  bool ready_time(size_t i, double& ready) const {
    const State& s = layers_[i];
    const LayerMapping& l = m_.layers[i];
    const long n = s.next;
    if (n >= s.grid.count()) return false;
    const int row = static_cast<int>(n / s.grid.cols), col = static_cast<int>(n % s.grid.cols);
    ready = s.copy_free[static_cast<size_t>(n) % s.copy_free.size()];
    for (int p : l.producers) {
      const State& ps = layers_[static_cast<size_t>(p)];
      const LayerMapping& pl = m_.layers[static_cast<size_t>(p)];
      const long need = waits_for_all(l, pl) ? ps.grid.count() - 1 : needed_pixel(l, pl, row, col);
      if (ps.next <= need) return false;
      ready = std::max(ready, ps.done[static_cast<size_t>(need)]);
    }
    return true;
  }

  void run_pixel(size_t i, double ready) {
    State& s = layers_[i];
    const LayerMapping& l = m_.layers[i];
    const long n = s.next++;
    const size_t copy = static_cast<size_t>(n) % s.copy_free.size();
    const auto pos =
        static_cast<size_t>(pixel_position(static_cast<int>(n / s.grid.cols), static_cast<int>(n % s.grid.cols)));
    const PixelTime& t = s.times[copy][pos];
    const PixelTraffic& tr = s.traffic[copy][pos];
    s.out.noc.actions += static_cast<uint64_t>(tr.packets);
    s.out.noc.bits += tr.bit_hops;
    s.out.flit += tr.flit;
    s.out.merge_read_ns += tr.merge_read_ns;
    if (n == 0) s.out.start_ns = ready;
    double start = ready;
    if (l.engine == Engine::Accumulator) {
      // Operands read, added and written back through the one port and adder.
      start = std::max(ready, accumulator_free_);
      accumulator_free_ = start + t.output_buffer_ns + t.accumulator_ns;
      s.out.accumulator_wait_ns += start - ready;
    }
    const double finish = start + t.total_ns();
    s.copy_free[copy] = finish;
    s.previous = std::max(s.previous, finish);
    s.done[static_cast<size_t>(n)] = s.previous;
    s.out.busy += t;
  }

  /// The accumulator's pixels in the order they become ready, so it serves them in that order.
  /// Other pixels share nothing, so they run as soon as their producers' pixels are done. A
  /// pixel is ready no earlier than the pixel that let it start finished, so no accumulator
  /// pixel can become ready before one already served.
  void play_in_time_order() {
    using Entry = std::pair<double, size_t>;  // ready time, layer: ties go to the earlier layer
    std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
    std::vector<size_t> pending(layers_.size());
    for (size_t i = 0; i < pending.size(); ++i) pending[i] = pending.size() - 1 - i;  // first layer on top
    const auto drain = [&] {
      while (!pending.empty()) {
        const size_t i = pending.back();
        pending.pop_back();
        double ready = 0;
        if (m_.layers[i].engine == Engine::Accumulator) {
          if (!layers_[i].queued && ready_time(i, ready)) {
            layers_[i].queued = true;
            queue.emplace(ready, i);
          }
          continue;
        }
        bool ran = false;
        for (; ready_time(i, ready); ran = true) run_pixel(i, ready);
        if (ran)
          for (int c : m_.layers[i].consumers) pending.push_back(static_cast<size_t>(c));
      }
    };
    drain();
    while (!queue.empty()) {
      const auto [ready, i] = queue.top();
      queue.pop();
      layers_[i].queued = false;
      run_pixel(i, ready);
      pending.push_back(i);
      for (int c : m_.layers[i].consumers) pending.push_back(static_cast<size_t>(c));
      drain();
    }
  }

  const Mapping& m_;
  std::vector<State> layers_;
  double accumulator_free_ = 0;
};

}  // namespace

std::vector<LayerSchedule> schedule_pipeline(const Mapping& m) { return Pipeline(m).run(); }

}  // namespace imc::mapping
