// SPDX-License-Identifier: MIT
#include "mapping/buffer_fit.h"

#include <algorithm>
#include <cmath>

#include "mapping/pipeline.h"

namespace imc::mapping {
namespace {

/// What the order rules need of one edge, computed once for every buffer size tried.
struct Edge {
  int producer = 0;
  bool after_all = false;
  std::vector<long> needed;  ///< per own pixel: the producer pixel it waits for
  InputWindow window;        ///< empty (pixel_bytes 0) for the accumulator
};

struct Node {
  long per_image = 1;
  std::vector<Edge> inputs;
  std::vector<std::pair<int, int>> outputs;  ///< (consumer, its input index)
};

std::vector<Node> pipeline_nodes(const Mapping& m) {
  std::vector<Node> nodes(m.layers.size());
  for (size_t c = 0; c < m.layers.size(); ++c) {
    const LayerMapping& l = m.layers[c];
    const PixelGrid grid = pixel_grid(l);
    nodes[c].per_image = grid.count();
    for (int p : l.producers) {
      const LayerMapping& producer = m.layers[static_cast<size_t>(p)];
      Edge e;
      e.producer = p;
      e.after_all = waits_for_all(l, producer);
      if (!e.after_all)
        for (int i = 0; i < grid.rows; ++i)
          for (int j = 0; j < grid.cols; ++j) e.needed.push_back(needed_pixel(l, producer, i, j));
      if (l.engine != Engine::Accumulator) e.window = input_window(l, producer);
      nodes[static_cast<size_t>(p)].outputs.emplace_back(static_cast<int>(c), static_cast<int>(nodes[c].inputs.size()));
      nodes[c].inputs.push_back(std::move(e));
    }
  }
  return nodes;
}

std::vector<long> budgets_of(const Node& n, double tile_input_bytes) {
  std::vector<const InputWindow*> windows;
  for (const Edge& e : n.inputs) windows.push_back(&e.window);
  return input_budget_pixels(windows, tile_input_bytes);
}

std::vector<PipelineStall> play(const Mapping& m, const std::vector<Node>& nodes, double tile_input_bytes, int images) {
  const size_t count = nodes.size();
  std::vector<std::vector<long>> budget(count), freed(count);
  std::vector<long> done(count, 0);
  for (size_t i = 0; i < count; ++i) {
    budget[i] = budgets_of(nodes[i], tile_input_bytes);
    freed[i].assign(nodes[i].inputs.size(), 0);
  }
  // One step of layer i: true when it completed its next pixel.
  auto step = [&](size_t i) {
    const Node& n = nodes[i];
    const long pixel = done[i];
    if (pixel >= n.per_image * images) return false;
    const long image = pixel / n.per_image, local = pixel % n.per_image;
    for (const Edge& e : n.inputs) {
      const long produced = nodes[static_cast<size_t>(e.producer)].per_image;
      const long need = image * produced + (e.after_all ? produced - 1 : e.needed[static_cast<size_t>(local)]);
      if (done[static_cast<size_t>(e.producer)] <= need) return false;
    }
    for (const auto& [c, k] : n.outputs) {
      const long b = budget[static_cast<size_t>(c)][static_cast<size_t>(k)];
      if (b > 0 && pixel >= freed[static_cast<size_t>(c)][static_cast<size_t>(k)] + b) return false;
    }
    ++done[i];
    // Free what no later own pixel reads (the controller's rule).
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const Edge& e = n.inputs[k];
      if (budget[i][k] == 0) continue;
      const long produced = nodes[static_cast<size_t>(e.producer)].per_image;
      const long keep = local == n.per_image - 1 ? (image + 1) * produced
                                                 : image * produced + e.window.keep_from[static_cast<size_t>(local)];
      freed[i][k] = std::max(freed[i][k], keep);
    }
    return true;
  };
  for (bool progress = true; progress;) {
    progress = false;
    for (size_t i = 0; i < count; ++i)
      while (step(i)) progress = true;
  }
  std::vector<PipelineStall> stalls;
  for (size_t i = 0; i < count; ++i) {
    const Node& n = nodes[i];
    if (done[i] >= n.per_image * images) continue;
    PipelineStall s;
    s.layer = m.layers[i].layer.name();
    s.done = done[i];
    s.total = n.per_image * images;
    const long image = done[i] / n.per_image, local = done[i] % n.per_image;
    for (const Edge& e : n.inputs) {
      const long produced = nodes[static_cast<size_t>(e.producer)].per_image;
      const long need = image * produced + (e.after_all ? produced - 1 : e.needed[static_cast<size_t>(local)]);
      if (done[static_cast<size_t>(e.producer)] <= need) {
        s.waiting_on = m.layers[static_cast<size_t>(e.producer)].layer.name();
        break;
      }
    }
    if (s.waiting_on.empty())
      for (const auto& [c, k] : n.outputs) {
        const long b = budget[static_cast<size_t>(c)][static_cast<size_t>(k)];
        if (b > 0 && done[i] >= freed[static_cast<size_t>(c)][static_cast<size_t>(k)] + b) {
          s.waiting_on = m.layers[static_cast<size_t>(c)].layer.name();
          s.for_space = true;
          break;
        }
      }
    stalls.push_back(std::move(s));
  }
  return stalls;
}

/// The windows alone: every layer must hold the windows of all its producers at once.
double largest_window_bytes(const std::vector<Node>& nodes) {
  double most = 0;
  for (const Node& n : nodes) {
    double need = 0;
    for (const Edge& e : n.inputs) need += e.window.need_bytes();
    most = std::max(most, need);
  }
  return most;
}

/// A size at which no share ever fills: each holds every image of its producer.
double unbounded_bytes(const std::vector<Node>& nodes, int images) {
  double most = 0;
  for (const Node& n : nodes) {
    double need_bytes = 0;
    for (const Edge& e : n.inputs) need_bytes += e.window.need_bytes();
    for (const Edge& e : n.inputs)
      if (e.window.pixel_bytes > 0 && e.window.need_bytes() > 0)
        most = std::max(most, double(images) * nodes[static_cast<size_t>(e.producer)].per_image * e.window.pixel_bytes *
                                  need_bytes / e.window.need_bytes());
  }
  return most;
}

constexpr double kKiB = 1024;

}  // namespace

std::vector<long> input_budget_pixels(const std::vector<const InputWindow*>& windows, double tile_input_bytes) {
  double need_bytes = 0;
  for (const InputWindow* w : windows) need_bytes += w->need_bytes();
  std::vector<long> out(windows.size(), 0);
  for (size_t k = 0; k < windows.size(); ++k) {
    const InputWindow& w = *windows[k];
    if (w.pixel_bytes > 0 && need_bytes > 0)
      out[k] =
          std::max(w.need_pixels, static_cast<long>(tile_input_bytes * (w.need_bytes() / need_bytes) / w.pixel_bytes));
  }
  return out;
}

std::vector<PipelineStall> pipeline_stalls(const Mapping& m, double tile_input_bytes, int images) {
  return play(m, pipeline_nodes(m), tile_input_bytes, images);
}

namespace {

double smallest_bytes(const Mapping& m, const std::vector<Node>& nodes, int images) {
  // Completing is monotone in the size: a larger buffer only widens every share.
  long lo = static_cast<long>(std::ceil(largest_window_bytes(nodes) / kKiB));
  long hi = std::max(lo, static_cast<long>(std::ceil(unbounded_bytes(nodes, images) / kKiB)) + 1);
  if (!play(m, nodes, double(lo) * kKiB, images).empty()) {
    while (hi - lo > 1) {  // invariant: lo stalls, hi completes
      const long mid = lo + (hi - lo) / 2;
      (play(m, nodes, double(mid) * kKiB, images).empty() ? hi : lo) = mid;
    }
    lo = hi;
  }
  return double(lo) * kKiB;
}

}  // namespace

double smallest_tile_input_bytes(const Mapping& m, int images) { return smallest_bytes(m, pipeline_nodes(m), images); }

config::BufferConfig fitting_buffers(const workloads::Network& net, const config::HwConfig& hw) {
  config::HwConfig roomy = hw;
  constexpr double kUnlimited = 1e15;
  roomy.buffer.pe_line_bytes = roomy.buffer.tile_input_bytes = roomy.buffer.tile_output_bytes = kUnlimited;
  const Mapping m = map_network(net, roomy);
  LayerBufferNeed most;
  for (const LayerMapping& l : m.layers) {
    const LayerBufferNeed need = layer_buffer_need(m, l);
    most.pe_line_bytes = std::max(most.pe_line_bytes, std::ceil(need.pe_line_bytes));
    most.tile_output_bytes = std::max(most.tile_output_bytes, std::ceil(need.tile_output_bytes));
  }
  config::BufferConfig out = hw.buffer;
  out.pe_line_bytes = std::max(out.pe_line_bytes, most.pe_line_bytes);
  out.tile_output_bytes = std::max(out.tile_output_bytes, most.tile_output_bytes);
  out.tile_input_bytes = std::max(out.tile_input_bytes, smallest_tile_input_bytes(m));
  return out;
}

void check_pipeline_completes(const Mapping& m) {
  const std::vector<Node> nodes = pipeline_nodes(m);
  const double bytes = m.hw.buffer.tile_input_bytes;
  const std::vector<PipelineStall> stalls = play(m, nodes, bytes, 2);
  if (stalls.empty()) return;
  std::string chain;
  for (size_t i = 0; i < std::min<size_t>(3, stalls.size()); ++i) {
    const PipelineStall& s = stalls[i];
    chain += "\n  layer '" + s.layer + "' stops after " + std::to_string(s.done) + " of " + std::to_string(s.total) +
             " pixels, waiting " + (s.for_space ? "for room in the input buffer of '" : "for pixels of '") +
             s.waiting_on + "'";
  }
  if (stalls.size() > 3) chain += "\n  (and " + std::to_string(stalls.size() - 3) + " more layers)";
  const long fits = static_cast<long>(smallest_bytes(m, nodes, 2));
  throw MappingError(
      "the pipeline would deadlock: buffer.tile_input_bytes = " + std::to_string(static_cast<long>(bytes)) +
      " is too small to hold what a producer sends ahead to layers that run far apart" + chain +
      "\nThe smallest buffer.tile_input_bytes that completes is " + std::to_string(fits) + " (" +
      std::to_string(fits / 1024) + " KiB): pass --set buffer.tile_input_bytes=" + std::to_string(fits) +
      ", or `imcnas map --fit-buffers` to report it");
}

}  // namespace imc::mapping
