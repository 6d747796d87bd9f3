// SPDX-License-Identifier: MIT
#include "configs/buffers/impl/models.h"

namespace imc::config {

const BufferModels& buffer_models() {
  static const BufferModels registry = [] {
    BufferModels r("buffer model");
    r.add("fixed", buffers::make_fixed());
    r.add("table", buffers::make_table());
    return r;
  }();
  return registry;
}

}  // namespace imc::config
