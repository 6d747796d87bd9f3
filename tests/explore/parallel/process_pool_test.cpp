// SPDX-License-Identifier: MIT
// Worker processes: every task is done once, a worker killed in a task loses only that task
// (with the signal as its reason) and is replaced, and a stop hands out nothing more.
#include "explore/parallel/process_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <map>

namespace imc::explore {
namespace {

std::vector<int64_t> range(int64_t n) {
  std::vector<int64_t> v;
  for (int64_t i = 0; i < n; ++i) v.push_back(i);
  return v;
}

TEST(ProcessPool, EveryTaskIsDoneOnceInAnotherProcess) {
  const pid_t parent = getpid();
  std::map<int64_t, std::string> done;
  ProcessPoolHandlers h;
  h.work = [&](int64_t t) { return std::to_string(t * t) + (getpid() == parent ? " parent" : " child"); };
  h.done = [&](int64_t t, const std::string& r) { EXPECT_TRUE(done.emplace(t, r).second) << "task " << t; };
  h.lost = [&](int64_t t, const std::string& why) { ADD_FAILURE() << "lost " << t << ": " << why; };
  const std::atomic<bool> stop{false};
  EXPECT_TRUE(run_in_processes(3, range(50), h, stop).empty());
  ASSERT_EQ(done.size(), 50u);
  for (const auto& [t, r] : done) EXPECT_EQ(r, std::to_string(t * t) + " child");
}

TEST(ProcessPool, AWorkerKilledInATaskLosesOnlyThatTask) {
  std::map<int64_t, std::string> done, lost;
  ProcessPoolHandlers h;
  h.work = [](int64_t t) {
    if (t == 7 || t == 20) ::raise(SIGKILL);
    if (t == 12) throw std::runtime_error("a bug");
    return std::string(size_t(t) * 1000, 'x');  // results larger than one read
  };
  h.done = [&](int64_t t, const std::string& r) { done[t] = r; };
  h.lost = [&](int64_t t, const std::string& why) { lost[t] = why; };
  const std::atomic<bool> stop{false};
  EXPECT_TRUE(run_in_processes(2, range(30), h, stop).empty());
  EXPECT_EQ(done.size(), 27u);
  ASSERT_EQ(lost.size(), 3u);
  EXPECT_NE(lost.at(7).find("killed by signal 9"), std::string::npos) << lost.at(7);
  EXPECT_NE(lost.at(20).find("killed by signal 9"), std::string::npos) << lost.at(20);
  EXPECT_NE(lost.at(12).find("exited with status 3"), std::string::npos) << lost.at(12);
  for (const auto& [t, r] : done) EXPECT_EQ(r.size(), size_t(t) * 1000);
}

TEST(ProcessPool, AStopHandsOutNothingMoreAndReturnsWhatWasNotRun) {
  std::atomic<bool> stop{false};
  size_t done = 0;
  ProcessPoolHandlers h;
  h.work = [](int64_t t) { return std::to_string(t); };
  h.done = [&](int64_t, const std::string&) {
    if (++done == 5) stop = true;
  };
  h.lost = [](int64_t, const std::string&) {};
  const std::vector<int64_t> left = run_in_processes(2, range(100), h, stop);
  EXPECT_GE(done, 5u);
  // Only tasks handed out before the stop finish: two per worker in its pipe, and those two
  // workers' results already read but not yet reported when the stop came.
  EXPECT_LE(done, 5u + 4u + 4u) << "at most the tasks already handed out finish";
  EXPECT_EQ(done + left.size(), 100u);
}

}  // namespace
}  // namespace imc::explore
