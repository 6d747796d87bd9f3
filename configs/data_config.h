// SPDX-License-Identifier: MIT
// Which dataset to train on, where its files are, how to normalize it and how
// to split off the validation set. Parsed once here; readers live in nas/train.
#pragma once

#include <string>
#include <vector>

#include "configs/overrides.h"

namespace imc::config {

struct DataConfig {
  std::string name;    ///< e.g. fashion-mnist
  std::string format;  ///< idx | sign-csv | cifar10-bin
  std::string source;  ///< file the config came from, or "builtin:NAME"
  // idx
  std::string train_images, train_labels, test_images, test_labels;
  // sign-csv
  std::string train_csv, test_csv;
  // cifar10-bin: data_batch_1..5.bin and test_batch.bin
  std::string dir;
  int classes = 0;           ///< 0: the format's own (idx 10, sign-csv 24, cifar10-bin 10)
  std::vector<double> mean;  ///< per channel; empty: computed from the training split
  std::vector<double> std;
  double validation_fraction = 0.1;
  int split_seed = 0;
};

/// `NAME` (built-in) or a TOML path. Throws ConfigError naming the file, line and key.
DataConfig load_data_config(const std::string& name_or_path, const std::vector<Override>& overrides = {});
DataConfig parse_data_config(const std::string& text, const std::string& source,
                             const std::vector<Override>& overrides = {});

}  // namespace imc::config
