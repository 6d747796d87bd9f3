// SPDX-License-Identifier: MIT
// --trace-format vcd: the chip's own signal dump (trace.vcd) of the mapping's layers. SystemC
// writes it without reporting errors, so it goes to a temporary name and is installed at the end.
#include "reports/trace_outputs/trace_output.h"
#include "traces/output_file.h"

namespace imc::reports::trace_outputs {
namespace {

std::string stem(const std::string& dir) { return dir + "/trace.partial"; }

class Vcd : public TraceOutput {
 public:
  void before_elaboration(const std::string& dir, const mapping::Mapping& m, sim::ChipOptions& chip) const override {
    chip.vcd_path_stem = stem(dir);
    for (const mapping::LayerMapping& l : m.layers) chip.vcd_layers.push_back(l.layer.name());
  }
  void after_run(const std::string& dir, const sim::SimResult&, sim::Chip& chip) const override {
    chip.close_vcd();
    traces::install_written_file(stem(dir) + ".vcd", dir + "/trace.vcd");
  }
};

}  // namespace

std::shared_ptr<const TraceOutput> make_vcd() { return std::make_shared<Vcd>(); }

}  // namespace imc::reports::trace_outputs
