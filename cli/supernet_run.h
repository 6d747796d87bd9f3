// SPDX-License-Identifier: MIT
// What the supernet subcommands share: a supernet run directory's config, data and checkpoint.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "configs/hw_config.h"
#include "configs/search_config.h"
#include "nas/oneshot/supernet_training.h"
#include "nas/train/dataset.h"
#include "workloads/shape.h"

namespace imc::cli {

/// The data a supernet trains and is scored on: its search config's.
nas::DataSplits supernet_data(const config::SearchConfig& cfg);

workloads::Shape input_of(const nas::DataSplits& d);

/// The search config a supernet's run directory was created with (its supernet.toml); refuses a
/// planted symlink and a directory of another kind.
config::SearchConfig supernet_run_config(const std::string& dir);

/// Runs a supernet subcommand, its dataset and run-directory errors said as such.
void with_supernet_errors(const std::function<void()>& command);

/// A supernet run directory, opened to score candidates.
struct SupernetRun {
  config::SearchConfig cfg;
  config::HwConfig hw;  ///< the study's chip
  nas::DataSplits data;
  workloads::Shape input;
  std::unique_ptr<nas::TrainedSupernet> supernet;
};
/// Reads runs/NAME's config, data and supernet.pt; warns on stderr when the training is unfinished.
SupernetRun open_supernet_run(const std::string& dir);

}  // namespace imc::cli
