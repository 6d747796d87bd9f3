// SPDX-License-Identifier: MIT
#include "reports/trace_outputs/trace_output.h"

namespace imc::reports {

namespace trace_outputs {
std::shared_ptr<const TraceOutput> make_perfetto();
std::shared_ptr<const TraceOutput> make_csv();
std::shared_ptr<const TraceOutput> make_vcd();
}  // namespace trace_outputs

const TraceOutputRegistry& trace_output_registry() {
  static const TraceOutputRegistry registry = [] {
    TraceOutputRegistry r("trace format");
    r.add("perfetto", trace_outputs::make_perfetto());
    r.add("csv", trace_outputs::make_csv());
    r.add("vcd", trace_outputs::make_vcd());
    return r;
  }();
  return registry;
}

}  // namespace imc::reports
