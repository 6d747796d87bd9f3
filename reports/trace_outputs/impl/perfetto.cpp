// SPDX-License-Identifier: MIT
// --trace-format perfetto: every traced event into trace.json (Chrome/Perfetto JSON).
#include "reports/trace_outputs/trace_output.h"
#include "traces/perfetto_sink.h"

namespace imc::reports::trace_outputs {
namespace {

class Perfetto : public TraceOutput {
 public:
  std::unique_ptr<traces::TraceSink> sink(const std::string& dir) const override {
    return std::make_unique<traces::PerfettoSink>(dir + "/trace.json");
  }
};

}  // namespace

std::shared_ptr<const TraceOutput> make_perfetto() { return std::make_shared<Perfetto>(); }

}  // namespace imc::reports::trace_outputs
