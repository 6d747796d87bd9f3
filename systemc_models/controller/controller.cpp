// SPDX-License-Identifier: MIT
#include "systemc_models/controller/controller.h"

#include <algorithm>

#include "systemc_models/common/timeline.h"
#include "systemc_models/common/vcd_probe.h"

namespace imc::sim {

using sc_core::sc_time;
using sc_core::sc_time_stamp;

namespace {

/// One copy's tiles, viewed in place: crossbar_pixel runs for every pixel, so no copy.
struct SlotRange {
  const TileSlot* first;
  const TileSlot* last;
  const TileSlot* begin() const { return first; }
  const TileSlot* end() const { return last; }
};

}  // namespace

Controller::Controller(sc_core::sc_module_name name, const TraceContext* trace) : sc_module(name), m_trace(trace) {
  SC_HAS_PROCESS(Controller);
  SC_THREAD(start_loop);
}

void Controller::load(const Program& program, int batch) {
  m_program = program;
  m_batch = batch;
  m_runs.clear();
  m_tracks.clear();
  m_activations = 0;
  for (const LayerTask& t : m_program.tasks) {
    auto run = std::make_unique<LayerRun>();
    run->finish.assign(static_cast<size_t>(t.grid.count() * batch), sc_core::SC_ZERO_TIME);
    run->completed.assign(run->finish.size(), 0);
    run->freed.assign(t.inputs.size(), 0);
    run->copy_buffer_wait_ns.assign(static_cast<size_t>(t.replicas), 0.0);
    m_runs.push_back(std::move(run));
    m_tracks.push_back(std::string(name()) + ".layer." + t.name);
  }
  m_start.notify(sc_core::SC_ZERO_TIME);
}

void Controller::abort_run() {
  m_aborting = true;
  m_abort.notify(sc_core::SC_ZERO_TIME);
}

void Controller::start_loop() {
  for (;;) {
    sc_core::wait(m_start);
    m_aborting = false;
    size_t next = 0;
    for (size_t i = 0; i < m_program.tasks.size(); ++i) {
      for (int copy = 0; copy < m_program.tasks[i].replicas; ++copy) {  // one process per copy of the weights
        const bool fresh = next == m_workers.size();
        if (fresh) m_workers.push_back(std::make_unique<Worker>());
        Worker& w = *m_workers[next];
        w.index = static_cast<int>(i);
        w.copy = copy;
        if (fresh) {
          // A new process runs its first assignment at once; it becomes runnable now, like a
          // waiting one notified now, so the processes start in the same order either way.
          sc_core::sc_spawn_options opts;
          opts.set_stack_size(64 * 1024);
          sc_core::sc_spawn([this, next] { worker_loop(next); }, ("layer_worker_" + std::to_string(next)).c_str(),
                            &opts);
        } else {
          w.start.notify();  // immediate: runnable in this evaluation phase
        }
        ++next;
      }
    }
  }
}

void Controller::worker_loop(size_t worker) {
  for (;;) {
    Worker& w = *m_workers[worker];
    run_layer(w.index, w.copy, w.delivered);
    sc_core::wait(m_workers[worker]->start);
  }
}

bool Controller::finished() const {
  for (size_t i = 0; i < m_runs.size(); ++i)
    if (m_runs[i]->done < m_program.tasks[i].grid.count() * m_batch) return false;
  return true;
}

std::vector<std::string> Controller::stuck_layers() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < m_runs.size(); ++i) {
    const LayerRun& r = *m_runs[i];
    const long total = m_program.tasks[i].grid.count() * m_batch;
    if (r.done >= total) continue;
    std::string line = "layer " + m_program.tasks[i].name + " stopped after " + std::to_string(r.done) + " of " +
                       std::to_string(total) + " pixels";
    if (r.waiting_task >= 0 && r.waiting_for_space)
      line += ", waiting on buffer space in the input buffer of " +
              m_program.tasks[static_cast<size_t>(r.waiting_task)].name;
    else if (r.waiting_task >= 0)
      line += ", waiting for pixel " + std::to_string(r.waiting_pixel) + " of " +
              m_program.tasks[static_cast<size_t>(r.waiting_task)].name + " (image " + std::to_string(r.waiting_image) +
              ")";
    out.push_back(line);
  }
  return out;
}

void Controller::wait_until(const sc_time& t) {
  const sc_time now = sc_time_stamp();
  if (t > now) {
    ++m_activations;
    sc_core::wait(t - now);
  }
}

void Controller::wait_for_inputs(int index, int image, long pixel) {
  const LayerTask& t = m_program.tasks[static_cast<size_t>(index)];
  LayerRun& self = *m_runs[static_cast<size_t>(index)];
  for (const TaskInput& in : t.inputs) {
    const LayerTask& producer = m_program.tasks[static_cast<size_t>(in.task)];
    const long per_image = producer.grid.count();
    const long local = in.after_all ? per_image - 1 : in.needed[static_cast<size_t>(pixel)];
    const long need = image * per_image + local;
    LayerRun& p = *m_runs[static_cast<size_t>(in.task)];
    if (m_trace->vcd && p.done <= need) m_trace->vcd->waiting(static_cast<size_t>(index), true);
    while (p.done <= need && !m_aborting) {
      self.waiting_task = in.task;
      self.waiting_pixel = local;
      self.waiting_image = image;
      ++m_activations;
      sc_core::wait(p.advanced | m_abort);
    }
  }
  self.waiting_task = -1;
  if (m_trace->vcd) m_trace->vcd->waiting(static_cast<size_t>(index), false);
}

void Controller::wait_for_space(int index, long pixel, const Activity& a) {
  const LayerTask& t = m_program.tasks[static_cast<size_t>(index)];
  LayerRun& self = *m_runs[static_cast<size_t>(index)];
  const sc_time asked = sc_time_stamp();
  for (const TaskOutput& out : t.outputs) {
    const LayerRun& consumer = *m_runs[static_cast<size_t>(out.task)];
    const TaskInput& in = m_program.tasks[static_cast<size_t>(out.task)].inputs[static_cast<size_t>(out.input)];
    while (pixel >= consumer.freed[static_cast<size_t>(out.input)] + in.budget_pixels && !m_aborting) {
      self.waiting_task = out.task;
      self.waiting_for_space = true;
      ++m_activations;
      sc_core::wait(consumer.advanced | m_abort);
    }
  }
  self.waiting_task = -1;
  self.waiting_for_space = false;
  const sc_time got = sc_time_stamp();
  if (got > asked) {
    const double waited_ns = (got - asked).to_seconds() * 1e9;
    self.wait_buffer_ns += waited_ns;
    self.copy_buffer_wait_ns[static_cast<size_t>((pixel) % t.replicas)] += waited_ns;
    if (m_trace->tracer)
      m_trace->busy(m_tracks[static_cast<size_t>(index)], "wait buffer", a, asked, got - asked, "wait");
  }
  // The pixel now occupies each consumer's tile input buffers: the same bytes in each of its
  // tiles, so they are counted once per consumer.
  for (const TaskOutput& out : t.outputs) {
    LayerRun& consumer = *m_runs[static_cast<size_t>(out.task)];
    consumer.input_held_bytes +=
        m_program.tasks[static_cast<size_t>(out.task)].inputs[static_cast<size_t>(out.input)].window.pixel_bytes;
    consumer.peak_input_held_bytes = std::max(consumer.peak_input_held_bytes, consumer.input_held_bytes);
    if (m_trace->tracer)
      m_trace->counter(m_tracks[static_cast<size_t>(out.task)], "input_buffer_bytes", got, consumer.input_held_bytes);
  }
}

void Controller::free_inputs(int index) {
  const LayerTask& t = m_program.tasks[static_cast<size_t>(index)];
  LayerRun& run = *m_runs[static_cast<size_t>(index)];
  if (run.done == 0) return;
  const long per_image = t.grid.count();
  const long last = run.done - 1;  // every own pixel up to here is done
  const long image = last / per_image, q = last % per_image;
  for (size_t k = 0; k < t.inputs.size(); ++k) {
    const TaskInput& in = t.inputs[k];
    if (in.budget_pixels == 0) continue;
    const long produced = m_program.tasks[static_cast<size_t>(in.task)].grid.count();
    const long keep =
        q == per_image - 1 ? (image + 1) * produced : image * produced + in.window.keep_from[static_cast<size_t>(q)];
    if (keep <= run.freed[k]) continue;
    run.input_held_bytes -= double(keep - run.freed[k]) * in.window.pixel_bytes;
    run.freed[k] = keep;
    if (m_trace->tracer)
      m_trace->counter(m_tracks[static_cast<size_t>(index)], "input_buffer_bytes", sc_time_stamp(),
                       run.input_held_bytes);
  }
}

void Controller::release(int index, long pixel, const sc_time& done) {
  LayerRun& run = *m_runs[static_cast<size_t>(index)];
  run.finish[static_cast<size_t>(pixel)] = done;
  run.completed[static_cast<size_t>(pixel)] = 1;
  // In order: pixel n is visible to consumers once every earlier pixel is complete too.
  while (run.done < static_cast<long>(run.completed.size()) && run.completed[static_cast<size_t>(run.done)]) {
    if (run.done > 0)
      run.finish[static_cast<size_t>(run.done)] =
          std::max(run.finish[static_cast<size_t>(run.done)], run.finish[static_cast<size_t>(run.done - 1)]);
    ++run.done;
  }
  free_inputs(index);
}

void Controller::run_layer(int index, int copy, sc_core::sc_event& delivered) {
  const LayerTask& t = m_program.tasks[static_cast<size_t>(index)];
  LayerRun& self = *m_runs[static_cast<size_t>(index)];
  const Activity act{index, &t.name, &self.counters};
  const long per_image = t.grid.count();
  for (int image = 0; image < m_batch; ++image) {
    for (int i = 0; i < t.grid.rows; ++i) {
      for (int j = 0; j < t.grid.cols; ++j) {
        const long pixel = long(i) * t.grid.cols + j;
        if ((image * per_image + pixel) % t.replicas != copy) continue;  // another copy's pixel
        const sc_time asked = sc_time_stamp();
        wait_for_inputs(index, image, pixel);
        if (m_aborting) return;
        const sc_time ready = sc_time_stamp();
        if (ready > asked) self.wait_input_ns += (ready - asked).to_seconds() * 1e9;
        if (m_trace->tracer && ready > asked)
          m_trace->busy(m_tracks[static_cast<size_t>(index)], "wait input", act, asked, ready - asked, "wait");
        if (!self.started) {
          self.started = true;
          self.start = ready;
        }
        if (m_trace->vcd) m_trace->vcd->busy(static_cast<size_t>(index), true);
        if (t.inputs.empty()) dram->transfer(t.input_bits_per_pixel, false, act);

        const auto pos = static_cast<size_t>(mapping::pixel_position(i, j));
        const mapping::PixelWork& w = t.work[pos];
        const long global_pixel = image * per_image + pixel;
        double& buffer_wait_ns = self.copy_buffer_wait_ns[static_cast<size_t>(copy)];
        buffer_wait_ns = 0;
        switch (t.engine) {
          case mapping::Engine::Crossbar:
            crossbar_pixel(t, copy, global_pixel, w, act, delivered);
            break;
          case mapping::Engine::Pooling:
            pooling_pixel(t, global_pixel, w, act, delivered);
            break;
          case mapping::Engine::Accumulator:
            accumulator_pixel(t, global_pixel, w, act, delivered);
            break;
        }
        if (m_aborting) return;
        const sc_time done = sc_time_stamp();
        const double slowed_ns =
            (done - ready).to_seconds() * 1e9 - buffer_wait_ns - t.ideal_pixel_ns[static_cast<size_t>(copy)][pos];
        if (slowed_ns > 1e-3) {
          self.wait_resource_ns += slowed_ns;
          if (m_trace->tracer)
            m_trace->busy(m_tracks[static_cast<size_t>(index)], "wait resource", act, done - ns(slowed_ns),
                          ns(slowed_ns), "wait");
        }
        if (m_trace->tracer) m_trace->busy(m_tracks[static_cast<size_t>(index)], "pixel", act, ready, done - ready);
        release(index, global_pixel, done);
        if (m_trace->vcd) {
          m_trace->vcd->busy(static_cast<size_t>(index), false);
          m_trace->vcd->pixels(static_cast<size_t>(index), self.done);
        }
        self.advanced.notify(sc_core::SC_ZERO_TIME);
      }
    }
  }
}

void Controller::crossbar_pixel(const LayerTask& t, int copy, long pixel, const mapping::PixelWork& w,
                                const Activity& a, sc_core::sc_event& delivered) {
  const size_t per_copy = t.tiles.size() / static_cast<size_t>(t.replicas);
  const SlotRange slots{t.tiles.data() + copy * per_copy, t.tiles.data() + (copy + 1) * per_copy};
  const mapping::MeshPos& aggregation = t.aggregations[static_cast<size_t>(copy)];
  // Each stage starts when the previous one has ended on all of the copy's tiles. The tiles are
  // the copy's own, so without link contention the stages chain with no return to the kernel in
  // between: the same times as waiting for each, a third of the process activations. With
  // contention, which layer gets a link first at one instant follows the order in which the
  // kernel wakes them, so each stage keeps its wait and the results stay those of waiting.
  const bool chain = !noc->contention();
  sc_time end = sc_time_stamp();
  sc_time from = end;
  for (const TileSlot& s : slots) end = std::max(end, tile(s.index).load_window(from, s.pes, w, a));
  if (!chain) wait_until(end);
  from = end;
  for (const TileSlot& s : slots)
    end = std::max(end, tile(s.index).compute(from, s.pes, t.shape, w.output_write_bytes, a));
  if (!chain) wait_until(end);
  from = end;
  for (const TileSlot& s : slots) end = std::max(end, tile(s.index).read_partial_sums(from, w.merge_read_bytes, a));
  wait_until(end);
  Delivery merge{end, 0, &delivered};
  for (const TileSlot& s : slots)
    if (!(s.pos == aggregation)) noc->send({s.pos, aggregation, w.merge_bits, PacketKind::Merge}, a, merge);
  m_activations += static_cast<uint64_t>(wait_delivered(merge));
  send_results(t, copy, pixel, w, a, delivered);
}

void Controller::pooling_pixel(const LayerTask& t, long pixel, const mapping::PixelWork& w, const Activity& a,
                               sc_core::sc_event& delivered) {
  const TileSlot& s = t.tiles.front();
  wait_until(tile(s.index).pool(t.channels, t.kernel, w, a));
  send_results(t, 0, pixel, w, a, delivered);
}

void Controller::accumulator_pixel(const LayerTask& t, long pixel, const mapping::PixelWork& w, const Activity& a,
                                   sc_core::sc_event& delivered) {
  accumulator->combine(t.op, t.channels, w.global_buffer_bytes, a);
  send_results(t, 0, pixel, w, a, delivered);
}

void Controller::send_results(const LayerTask& t, int copy, long pixel, const mapping::PixelWork& w, const Activity& a,
                              sc_core::sc_event& delivered) {
  if (t.activation_ns > 0) {  // the fused activations, on the results' way out
    a.count(Component::Activation, static_cast<uint64_t>(t.channels), t.activation_ns);
    wait_until(sc_time_stamp() + ns(t.activation_ns));
  }
  wait_for_space(a.layer, pixel, a);
  if (m_aborting) return;
  Delivery results{sc_time_stamp(), 0, &delivered};
  const mapping::MeshPos& from = t.aggregations[static_cast<size_t>(copy)];
  const std::vector<mapping::MeshPos>& to = t.destinations[static_cast<size_t>(copy)];
  for (const mapping::MeshPos& d : to) noc->send({from, d, w.transfer_bits, PacketKind::Activation}, a, results);
  if (to.empty()) results.last_arrival = std::max(results.last_arrival, dram->transfer(w.transfer_bits, true, a));
  m_activations += static_cast<uint64_t>(wait_delivered(results));
}

}  // namespace imc::sim
