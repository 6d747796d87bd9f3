// SPDX-License-Identifier: MIT
// --trace-format csv: the per-layer and per-module statistics of the run (layers.csv, modules.csv).
#include "reports/sim_report.h"
#include "reports/trace_outputs/trace_output.h"

namespace imc::reports::trace_outputs {
namespace {

class Csv : public TraceOutput {
 public:
  void after_run(const std::string& dir, const sim::SimResult& r, sim::Chip&) const override {
    write_stats_csv(dir, r);
  }
};

}  // namespace

std::shared_ptr<const TraceOutput> make_csv() { return std::make_shared<Csv>(); }

}  // namespace imc::reports::trace_outputs
