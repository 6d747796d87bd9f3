// SPDX-License-Identifier: MIT
#include "cli/supernet_run.h"

#include <iostream>
#include <stdexcept>

#include "cli/search_data.h"
#include "configs/data_config.h"
#include "explore/study/run_directory.h"
#include "explore/study/study_db.h"

namespace imc::cli {

nas::DataSplits supernet_data(const config::SearchConfig& cfg) {
  return search_data(cfg, config::load_data_config(cfg.data_config));
}

workloads::Shape input_of(const nas::DataSplits& d) { return {d.train.height, d.train.width, d.train.channels, false}; }

config::SearchConfig supernet_run_config(const std::string& dir) {
  explore::RunDirectory::refuse_planted(dir);
  return nas::supernet_run_config(dir);
}

void with_supernet_errors(const std::function<void()>& command) {
  try {
    command();
  } catch (const nas::DatasetError& e) {
    throw std::runtime_error(std::string("dataset error: ") + e.what());
  } catch (const explore::StudyError& e) {
    throw std::runtime_error(std::string("run directory error: ") + e.what());
  }
}

SupernetRun open_supernet_run(const std::string& dir) {
  SupernetRun r;
  r.cfg = supernet_run_config(dir);
  const std::string checkpoint = nas::supernet_checkpoint(dir);  // before the data is loaded for nothing
  r.hw = config::load_hw_config(r.cfg.hw_config, config::parse_overrides(r.cfg.hw_sets));
  r.data = supernet_data(r.cfg);
  r.input = input_of(r.data);
  const nas::SupernetTrainConfig sc = nas::supernet_train_config(r.cfg, r.hw, r.input, r.data.train.classes);
  r.supernet = std::make_unique<nas::TrainedSupernet>(sc, checkpoint);
  if (!r.supernet->finished())
    std::cerr << "warning: the supernet has only " << r.supernet->steps_done()
              << " steps of its training; continue it with imcnas supernet train --resume " << dir << "\n";
  return r;
}

}  // namespace imc::cli
