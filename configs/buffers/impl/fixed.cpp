// SPDX-License-Identifier: MIT
// model = "fixed": the powers and the area are the config's own (MNSIM's preset).
#include "configs/buffers/impl/models.h"

namespace imc::config::buffers {
namespace {

class Fixed : public BufferModel {
 public:
  bool derives_powers_and_area() const override { return false; }
  void resolve(BufferConfig&) const override {}
  std::optional<double> tile_buffer_area_um2(const BufferConfig&, int) const override { return std::nullopt; }
};

}  // namespace

std::shared_ptr<const BufferModel> make_fixed() { return std::make_shared<Fixed>(); }

}  // namespace imc::config::buffers
