// SPDX-License-Identifier: MIT
// The data a search config trains and scores on (the search and supernet commands).
#pragma once

#include "configs/data_config.h"
#include "configs/search_config.h"
#include "nas/train/dataset.h"

namespace imc::cli {

/// The dataset, its validation split cut to the config's train.validation_subset.
nas::DataSplits search_data(const config::SearchConfig& cfg, const config::DataConfig& data_cfg);

}  // namespace imc::cli
