// SPDX-License-Identifier: MIT
// Where a buffer's powers and the tile's buffer area come from: the `model` key of [buffer].
// Variants in impl/, one file each, registered in buffer_models.cpp; the config layer accepts
// exactly the registered names.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "configs/hw_config.h"
#include "configs/registry.h"

namespace imc::config {

/// A buffer model's complaint about one key of [buffer].
class BufferModelError : public std::invalid_argument {
 public:
  BufferModelError(std::string key, const std::string& why) : std::invalid_argument(why), key(std::move(key)) {}
  std::string key;
};

class BufferModel {
 public:
  virtual ~BufferModel() = default;
  /// Whether the model derives the access powers and the tile's buffer area (the file's values,
  /// then optional, are unused); otherwise the file must give them.
  virtual bool derives_powers_and_area() const = 0;
  /// Fills what the model derives into `c` (read from the file otherwise); throws
  /// BufferModelError naming the key at fault.
  virtual void resolve(BufferConfig& c) const = 0;
  /// The buffer area of one tile with `pes_per_tile` PE line buffers (um2), when derived.
  virtual std::optional<double> tile_buffer_area_um2(const BufferConfig& c, int pes_per_tile) const = 0;
};

using BufferModels = Registry<std::shared_ptr<const BufferModel>>;
const BufferModels& buffer_models();

}  // namespace imc::config
