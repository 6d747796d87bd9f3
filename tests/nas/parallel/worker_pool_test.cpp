// SPDX-License-Identifier: MIT
// The worker pool under the search's use: tasks with payloads handed out as workers free up,
// a worker killed in a task reported as such and replaced, and nothing lost at the end.
#include "nas/parallel/worker_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <map>
#include <set>
#include <thread>

namespace imc::nas {
namespace {

TEST(WorkerPool, PayloadsGoOutAndResultsComeBackFromEachWorker) {
  WorkerPool pool(2, [](int64_t task, const std::string& payload) {
    if (payload == "die") ::raise(SIGKILL);
    return payload + "@" + std::to_string(task) + " by " + std::to_string(::getpid());
  });
  EXPECT_TRUE(single_threaded());
  std::map<int64_t, WorkerEvent> events;
  int64_t next_task = 0;
  auto handed = [&] { return next_task; };
  while (events.size() < 20) {
    while (handed() < 20) {
      const std::optional<int> w = pool.free_worker();
      if (!w) break;
      pool.submit(*w, next_task, next_task == 7 ? "die" : "p" + std::to_string(next_task));
      ++next_task;
    }
    if (const std::optional<WorkerEvent> e = pool.next(1000)) events[e->task] = *e;
  }
  std::set<std::string> pids;
  for (const auto& [task, e] : events) {
    if (task == 7) {
      EXPECT_FALSE(e.done);
      EXPECT_TRUE(e.started);
      EXPECT_NE(e.text.find("was killed by signal 9"), std::string::npos) << e.text;
      continue;
    }
    EXPECT_TRUE(e.done) << task << ": " << e.text;
    EXPECT_EQ(e.text.substr(0, e.text.find(" by ")), "p" + std::to_string(task) + "@" + std::to_string(task));
    pids.insert(e.text.substr(e.text.find(" by ") + 4));
  }
  EXPECT_GE(pids.size(), 3u) << "two workers and the one that replaced the killed worker";
  EXPECT_EQ(pool.pending(), 0u);
  pool.close_tasks();
  while (!pool.finished()) EXPECT_FALSE(pool.next(1000).has_value()) << "no event after the last result";
}

TEST(WorkerPool, RefusesToForkAProcessThatRunsThreads) {
  std::thread t([] { ::usleep(200000); });
  EXPECT_FALSE(single_threaded());
  EXPECT_THROW(WorkerPool(1, [](int64_t, const std::string&) { return std::string(); }), std::runtime_error);
  t.join();
}

}  // namespace
}  // namespace imc::nas
