// SPDX-License-Identifier: MIT
// The buffer models' factories, one per file of this folder (registered in buffer_models.cpp).
#pragma once

#include "configs/buffers/buffer_model.h"

namespace imc::config::buffers {

std::shared_ptr<const BufferModel> make_fixed();
std::shared_ptr<const BufferModel> make_table();

}  // namespace imc::config::buffers
