// SPDX-License-Identifier: MIT
#include "nas/train/dataset.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <tuple>

#include "configs/policy_names.h"

namespace imc::nas {
namespace {

/// The whole file, gunzipped if it is gzip (zlib reads plain files unchanged).
std::vector<uint8_t> read_maybe_gzipped(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw DatasetError(path + ": no such file");
  if (std::filesystem::is_directory(path)) throw DatasetError(path + ": is a directory, expected a data file");
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw DatasetError(path + ": cannot open");
  std::vector<uint8_t> out;
  std::vector<uint8_t> buf(1 << 16);
  int n;
  while ((n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()))) > 0)
    out.insert(out.end(), buf.begin(), buf.begin() + n);
  int err = 0;
  const std::string message = gzerror(f, &err);  // copied: gzclose frees it
  gzclose(f);
  if (n < 0 || (err != Z_OK && err != Z_STREAM_END)) throw DatasetError(path + ": corrupt gzip data (" + message + ")");
  return out;
}

uint32_t big_endian(const std::vector<uint8_t>& b, size_t at) {
  return uint32_t(b[at]) << 24 | uint32_t(b[at + 1]) << 16 | uint32_t(b[at + 2]) << 8 | uint32_t(b[at + 3]);
}

std::string hex(uint32_t v) {
  std::ostringstream os;
  os << "0x" << std::hex << v;
  return os.str();
}

void check_label(const std::string& path, size_t index, int64_t label, int classes) {
  if (label < 0 || label >= classes)
    throw DatasetError(path + ": label " + std::to_string(label) + " of item " + std::to_string(index) +
                       " is out of range, expected 0.." + std::to_string(classes - 1));
}

void append(ImageSet& to, const ImageSet& from, size_t i) {
  const size_t b = from.image_bytes();
  to.pixels.insert(to.pixels.end(), from.pixels.begin() + long(i * b), from.pixels.begin() + long((i + 1) * b));
  to.labels.push_back(from.labels[i]);
}

ImageSet empty_like(const ImageSet& s) {
  ImageSet e;
  e.height = s.height;
  e.width = s.width;
  e.channels = s.channels;
  e.classes = s.classes;
  return e;
}

}  // namespace

ImageSet read_idx(const std::string& images_path, const std::string& labels_path, int classes) {
  const std::vector<uint8_t> img = read_maybe_gzipped(images_path);
  const std::vector<uint8_t> lab = read_maybe_gzipped(labels_path);
  if (img.size() < 16)
    throw DatasetError(images_path + ": truncated IDX header (" + std::to_string(img.size()) + " bytes)");
  if (big_endian(img, 0) != 0x00000803)
    throw DatasetError(images_path + ": wrong magic number " + hex(big_endian(img, 0)) +
                       ", expected 0x803 (IDX unsigned-byte images, 3 dimensions)");
  if (lab.size() < 8)
    throw DatasetError(labels_path + ": truncated IDX header (" + std::to_string(lab.size()) + " bytes)");
  if (big_endian(lab, 0) != 0x00000801)
    throw DatasetError(labels_path + ": wrong magic number " + hex(big_endian(lab, 0)) +
                       ", expected 0x801 (IDX unsigned-byte labels)");
  const size_t n = big_endian(img, 4), rows = big_endian(img, 8), cols = big_endian(img, 12);
  const size_t n_labels = big_endian(lab, 4);
  if (rows == 0 || cols == 0 || rows > 4096 || cols > 4096)
    throw DatasetError(images_path + ": implausible image size " + std::to_string(rows) + "x" + std::to_string(cols));
  if (img.size() < 16 + n * rows * cols)
    throw DatasetError(images_path + ": truncated: the header promises " + std::to_string(n) + " images of " +
                       std::to_string(rows) + "x" + std::to_string(cols) + " (" + std::to_string(16 + n * rows * cols) +
                       " bytes), the file has " + std::to_string(img.size()));
  if (lab.size() < 8 + n_labels)
    throw DatasetError(labels_path + ": truncated: the header promises " + std::to_string(n_labels) +
                       " labels, the file has " + std::to_string(lab.size() - 8));
  if (n != n_labels)
    throw DatasetError(labels_path + ": has " + std::to_string(n_labels) + " labels for " + std::to_string(n) +
                       " images in " + images_path);
  ImageSet s;
  s.height = static_cast<int>(rows);
  s.width = static_cast<int>(cols);
  s.channels = 1;
  s.classes = classes;
  s.pixels.assign(img.begin() + 16, img.begin() + long(16 + n * rows * cols));
  for (size_t i = 0; i < n; ++i) {
    check_label(labels_path, i, lab[8 + i], classes);
    s.labels.push_back(lab[8 + i]);
  }
  return s;
}

int sign_language_class(int label) { return label > 9 ? label - 1 : label; }

ImageSet read_sign_csv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw DatasetError(path + ": no such file or cannot open");
  ImageSet s;
  s.height = 28;
  s.width = 28;
  s.channels = 1;
  s.classes = 24;
  std::string line;
  if (!std::getline(in, line) || line.rfind("label", 0) != 0)
    throw DatasetError(path + ": line 1: expected the header label,pixel1,...,pixel784");
  size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    std::stringstream ss(line);
    std::string field;
    std::vector<int> values;
    while (std::getline(ss, field, ',')) {
      try {
        values.push_back(std::stoi(field));
      } catch (const std::exception&) {
        throw DatasetError(path + ": line " + std::to_string(line_no) + ": '" + field + "' is not an integer");
      }
    }
    if (values.size() != 785)
      throw DatasetError(path + ": line " + std::to_string(line_no) + ": has " + std::to_string(values.size()) +
                         " fields, expected 785 (label and 28x28 pixels)");
    const int label = values[0];
    if (label < 0 || label > 24 || label == 9)
      throw DatasetError(path + ": line " + std::to_string(line_no) + ": label " + std::to_string(label) +
                         " is out of range, expected 0..24 without 9 (J and Z need motion)");
    for (size_t i = 1; i < values.size(); ++i) {
      if (values[i] < 0 || values[i] > 255)
        throw DatasetError(path + ": line " + std::to_string(line_no) + ": pixel " + std::to_string(values[i]) +
                           " is out of range 0..255");
      s.pixels.push_back(static_cast<uint8_t>(values[i]));
    }
    s.labels.push_back(sign_language_class(label));
  }
  if (s.size() == 0) throw DatasetError(path + ": no images");
  return s;
}

ImageSet read_cifar10(const std::vector<std::string>& files) {
  constexpr size_t kRecord = 1 + 3 * 32 * 32;
  ImageSet s;
  s.height = 32;
  s.width = 32;
  s.channels = 3;
  s.classes = 10;
  for (const std::string& path : files) {
    const std::vector<uint8_t> bytes = read_maybe_gzipped(path);
    if (bytes.empty() || bytes.size() % kRecord != 0)
      throw DatasetError(path + ": truncated: " + std::to_string(bytes.size()) +
                         " bytes is not a whole number of 3073-byte CIFAR-10 records");
    for (size_t r = 0; r < bytes.size() / kRecord; ++r) {
      const uint8_t* rec = bytes.data() + r * kRecord;
      check_label(path, r, rec[0], 10);
      s.labels.push_back(rec[0]);
      s.pixels.insert(s.pixels.end(), rec + 1, rec + kRecord);
    }
  }
  return s;
}

ImageSet take(const ImageSet& set, size_t n) {
  if (n == 0 || n >= set.size()) return set;
  ImageSet out = empty_like(set);
  out.pixels.assign(set.pixels.begin(), set.pixels.begin() + long(n * set.image_bytes()));
  out.labels.assign(set.labels.begin(), set.labels.begin() + long(n));
  return out;
}

const config::Registry<DatasetReader>& dataset_reader_registry() {
  static const config::Registry<DatasetReader> registry = [] {
    config::Registry<DatasetReader> r("dataset format");
    r.add("idx", [](const config::DataConfig& cfg) {
      const int classes = cfg.classes ? cfg.classes : 10;
      return std::pair{read_idx(cfg.train_images, cfg.train_labels, classes),
                       read_idx(cfg.test_images, cfg.test_labels, classes)};
    });
    r.add("sign-csv", [](const config::DataConfig& cfg) {
      return std::pair{read_sign_csv(cfg.train_csv), read_sign_csv(cfg.test_csv)};
    });
    r.add("cifar10-bin", [](const config::DataConfig& cfg) {
      std::vector<std::string> train_files;
      for (int i = 1; i <= 5; ++i) train_files.push_back(cfg.dir + "/data_batch_" + std::to_string(i) + ".bin");
      return std::pair{read_cifar10(train_files), read_cifar10({cfg.dir + "/test_batch.bin"})};
    });
    r.require_names(config::dataset_format_names());
    return r;
  }();
  return registry;
}

DataSplits load_dataset(const config::DataConfig& cfg) {
  DataSplits d;
  d.name = cfg.name;
  ImageSet train_all;
  std::tie(train_all, d.test) = dataset_reader_registry().at(cfg.format)(cfg);
  if (d.test.height != train_all.height || d.test.width != train_all.width || d.test.channels != train_all.channels)
    throw DatasetError(cfg.source + ": test images are " + std::to_string(d.test.height) + "x" +
                       std::to_string(d.test.width) + ", training images " + std::to_string(train_all.height) + "x" +
                       std::to_string(train_all.width));

  // Seeded split: the same seed always holds out the same images.
  std::vector<size_t> order(train_all.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(static_cast<uint64_t>(cfg.split_seed));
  std::shuffle(order.begin(), order.end(), rng);
  const size_t n_val = static_cast<size_t>(std::llround(cfg.validation_fraction * double(train_all.size())));
  d.train = empty_like(train_all);
  d.validation = empty_like(train_all);
  for (size_t k = 0; k < order.size(); ++k) append(k < n_val ? d.validation : d.train, train_all, order[k]);

  if (!cfg.mean.empty()) {
    if (static_cast<int>(cfg.mean.size()) != train_all.channels)
      throw DatasetError(cfg.source + ": normalization has " + std::to_string(cfg.mean.size()) +
                         " channel(s), the images have " + std::to_string(train_all.channels));
    d.mean = cfg.mean;
    d.std = cfg.std;
  } else {  // from the training split only
    const size_t plane = size_t(train_all.height) * train_all.width;
    for (int c = 0; c < train_all.channels; ++c) {
      double sum = 0, sq = 0;
      size_t count = 0;
      for (size_t i = 0; i < d.train.size(); ++i)
        for (size_t p = 0; p < plane; ++p) {
          const double v = d.train.pixels[i * d.train.image_bytes() + size_t(c) * plane + p] / 255.0;
          sum += v;
          sq += v * v;
          ++count;
        }
      const double mean = count ? sum / double(count) : 0;
      d.mean.push_back(mean);
      d.std.push_back(count ? std::max(1e-6, std::sqrt(sq / double(count) - mean * mean)) : 1);
    }
  }
  return d;
}

}  // namespace imc::nas
