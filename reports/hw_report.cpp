// SPDX-License-Identifier: MIT
#include "reports/hw_report.h"

namespace imc::reports {

nlohmann::json hw_json(const config::HwConfig& hw) {
  return {{"schema", "imcnas.hw.v1"},
          {"source", hw.source},
          {"name", hw.name},
          {"valid", true},
          {"mesh_rows", hw.chip.mesh_rows},
          {"mesh_cols", hw.chip.mesh_cols},
          {"pes_per_tile", hw.tile.pes_per_tile},
          {"placement", hw.chip.placement},
          {"crossbar_rows", hw.crossbar.rows},
          {"crossbar_cols", hw.crossbar.cols},
          {"bits_per_cell", hw.crossbar.bits_per_cell},
          {"dac_bits", hw.dac.bits},
          {"dac_per_pe", hw.pe.dac_count},
          {"adc_bits", hw.adc.bits},
          {"adc_per_pe", hw.pe.adc_count},
          {"weight_bits", hw.quantization.weight_bits},
          {"activation_bits", hw.quantization.activation_bits},
          {"noc_mode", config::noc_mode_name(hw.noc.mode)}};
}

}  // namespace imc::reports
