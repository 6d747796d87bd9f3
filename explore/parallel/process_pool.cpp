// SPDX-License-Identifier: MIT
#include "explore/parallel/process_pool.h"

#include <algorithm>
#include <deque>
#include <stdexcept>

#include "explore/parallel/worker_pool.h"

namespace imc::explore {

std::vector<int64_t> run_in_processes(int jobs, const std::vector<int64_t>& tasks, const ProcessPoolHandlers& h,
                                      const std::atomic<bool>& stop) {
  if (jobs < 1) throw std::invalid_argument("run_in_processes: jobs must be at least 1");
  std::deque<int64_t> queue(tasks.begin(), tasks.end());
  if (queue.empty()) return {};
  // Two tasks per worker: one running, one waiting in its pipe, so no worker idles between tasks.
  WorkerPool pool(
      static_cast<int>(std::min<size_t>(size_t(jobs), queue.size())),
      [&](int64_t task, const std::string&) { return h.work(task); }, 2);
  for (;;) {
    while (!stop && !queue.empty()) {
      const std::optional<int> worker = pool.free_worker();
      if (!worker) break;
      pool.submit(*worker, queue.front(), "");
      queue.pop_front();
    }
    if (pool.pending() == 0 && (queue.empty() || stop)) break;
    const std::optional<WorkerEvent> e = pool.next(200);
    if (!e) continue;
    if (e->done)
      h.done(e->task, e->text);
    else if (e->started)
      h.lost(e->task, e->text);
    else
      queue.push_front(e->task);  // never ran: hand it out again
  }
  return {queue.begin(), queue.end()};
}

}  // namespace imc::explore
