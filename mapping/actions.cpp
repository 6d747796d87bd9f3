// SPDX-License-Identifier: MIT
#include "mapping/actions.h"

namespace imc::mapping {

const char* component_name(Component c) {
  switch (c) {
    case Component::Xbar:
      return "crossbar";
    case Component::Dac:
      return "dac";
    case Component::Adc:
      return "adc";
    case Component::Digital:
      return "digital";
    case Component::InputBuffer:
      return "input_buffer";
    case Component::OutputBuffer:
      return "output_buffer";
    case Component::MergeRead:
      return "merge_read";
    case Component::IntraTile:
      return "intra_tile";
    case Component::Pooling:
      return "pooling";
    case Component::Accumulator:
      return "accumulator";
    case Component::GlobalBuffer:
      return "global_buffer";
    case Component::Noc:
      return "noc";
    case Component::Dram:
      return "dram";
    case Component::Activation:
      return "activation";
  }
  return "?";
}

}  // namespace imc::mapping
