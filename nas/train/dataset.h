// SPDX-License-Identifier: MIT
// Image datasets in the formats the seed papers use, read directly from their
// files: IDX (gzipped or not: MNIST, Fashion-MNIST), Sign Language MNIST CSV,
// CIFAR-10 binary. Plain C++: no LibTorch here.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "configs/data_config.h"
#include "configs/registry.h"

namespace imc::nas {

/// A missing, corrupt or inconsistent dataset file; the message names the file and the problem.
class DatasetError : public std::runtime_error {
 public:
  explicit DatasetError(const std::string& message) : std::runtime_error(message) {}
};

struct ImageSet {
  int height = 0;
  int width = 0;
  int channels = 0;
  int classes = 0;
  std::vector<uint8_t> pixels;  ///< N x C x H x W
  std::vector<int64_t> labels;  ///< 0 .. classes-1
  size_t size() const { return labels.size(); }
  size_t image_bytes() const { return size_t(height) * width * channels; }
};

/// IDX images (magic 0x00000803) and labels (0x00000801); labels must be below `classes`.
ImageSet read_idx(const std::string& images_path, const std::string& labels_path, int classes = 10);

/// Sign Language MNIST CSV: a header, then label,pixel1..pixel784 (28x28 grey). Labels 0-25
/// with 9 (J) and 25 (Z) absent, which need motion; they are remapped to 0-23 by
/// sign_language_class().
ImageSet read_sign_csv(const std::string& path);
/// Contiguous class id of a Sign Language MNIST label (0-8 stay, 10-24 become 9-23).
int sign_language_class(int label);

/// CIFAR-10 binary: records of 1 label byte + 3072 pixel bytes (R, G, B planes of 32x32).
ImageSet read_cifar10(const std::vector<std::string>& files);

struct DataSplits {
  std::string name;
  ImageSet train;                 ///< what the model learns from
  ImageSet validation;            ///< what the search scores on
  ImageSet test;                  ///< final reports only
  std::vector<double> mean, std;  ///< per channel, applied to pixels / 255
};

/// Reads the files a data config names, splits off the validation set with the config's
/// seed (deterministic), and settles the normalization.
DataSplits load_dataset(const config::DataConfig& cfg);

/// The registered dataset formats (`format` of a data config): each reads the training and the
/// test images of a config.
using DatasetReader = std::function<std::pair<ImageSet, ImageSet>(const config::DataConfig&)>;
const config::Registry<DatasetReader>& dataset_reader_registry();

/// The first `n` images (or all of them).
ImageSet take(const ImageSet& set, size_t n);

}  // namespace imc::nas
