// SPDX-License-Identifier: MIT
// Dataset readers on tiny files written here, including broken ones.
#include "nas/train/dataset.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "configs/config_error.h"
#include "configs/policy_names.h"
#include "tests/test_util.h"

namespace imc::nas {
namespace {

std::string temp(const std::string& name) { return testing::TempDir() + name; }

std::vector<uint8_t> be32(uint32_t v) { return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)}; }

void write_bytes(const std::string& path, const std::vector<uint8_t>& bytes, bool gzip) {
  if (gzip) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(f);
  } else {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), long(bytes.size()));
  }
}

/// n images of 2x2 whose pixels are the image index, and labels i % 3.
std::vector<uint8_t> idx_images(uint32_t n, uint32_t magic = 0x803) {
  std::vector<uint8_t> b;
  for (uint32_t v : {magic, n, 2u, 2u}) {
    const auto w = be32(v);
    b.insert(b.end(), w.begin(), w.end());
  }
  for (uint32_t i = 0; i < n; ++i) b.insert(b.end(), 4, uint8_t(i));
  return b;
}

std::vector<uint8_t> idx_labels(uint32_t n, uint8_t max_label = 2) {
  std::vector<uint8_t> b;
  for (uint32_t v : {0x801u, n}) {
    const auto w = be32(v);
    b.insert(b.end(), w.begin(), w.end());
  }
  for (uint32_t i = 0; i < n; ++i) b.push_back(uint8_t(i % (max_label + 1)));
  return b;
}

TEST(DatasetFormats, TheRegistryReadsExactlyTheFormatsTheConfigLayerAccepts) {
  EXPECT_EQ(dataset_reader_registry().names(), config::dataset_format_names());
  EXPECT_THROW(dataset_reader_registry().at("npz"), config::UnknownPolicyError);
}

TEST(Idx, ReadsGzippedAndPlainFiles) {
  for (bool gz : {true, false}) {
    write_bytes(temp("img.idx"), idx_images(5), gz);
    write_bytes(temp("lab.idx"), idx_labels(5), gz);
    const ImageSet s = read_idx(temp("img.idx"), temp("lab.idx"), 10);
    ASSERT_EQ(s.size(), 5u);
    EXPECT_EQ(s.height, 2);
    EXPECT_EQ(s.channels, 1);
    EXPECT_EQ(s.pixels[4 * 3], 3);
    EXPECT_EQ(s.labels[4], 1);
  }
}

TEST(Idx, EveryBrokenFileNamesTheFileAndTheProblem) {
  write_bytes(temp("ok_img.idx"), idx_images(4), true);
  write_bytes(temp("ok_lab.idx"), idx_labels(4), true);
  auto error = [](const std::string& img, const std::string& lab, int classes = 10) {
    return imc::test::error_of<DatasetError>([&] { read_idx(img, lab, classes); });
  };
  EXPECT_NE(error(temp("missing.idx"), temp("ok_lab.idx")).find("missing.idx: no such file"), std::string::npos);

  write_bytes(temp("magic.idx"), idx_images(4, 0x802), true);
  EXPECT_NE(error(temp("magic.idx"), temp("ok_lab.idx")).find("magic.idx: wrong magic number 0x802"),
            std::string::npos);

  std::vector<uint8_t> cut = idx_images(4);
  cut.resize(cut.size() - 3);
  write_bytes(temp("cut.idx"), cut, true);
  EXPECT_NE(error(temp("cut.idx"), temp("ok_lab.idx")).find("cut.idx: truncated"), std::string::npos);

  write_bytes(temp("few_lab.idx"), idx_labels(3), true);
  EXPECT_NE(error(temp("ok_img.idx"), temp("few_lab.idx")).find("has 3 labels for 4 images"), std::string::npos);

  write_bytes(temp("big_lab.idx"), idx_labels(4, 3), true);
  EXPECT_NE(error(temp("ok_img.idx"), temp("big_lab.idx"), 3).find("label 3 of item 3 is out of range"),
            std::string::npos);

  write_bytes(temp("garbage.gz"), {0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3}, false);
  EXPECT_NE(error(temp("garbage.gz"), temp("ok_lab.idx")).find("garbage.gz"), std::string::npos);
}

std::string sign_row(int label, int pixel) {
  std::string row = std::to_string(label);
  for (int i = 0; i < 784; ++i) row += "," + std::to_string(pixel);
  return row + "\n";
}

std::string sign_header() {
  std::string h = "label";
  for (int i = 1; i <= 784; ++i) h += ",pixel" + std::to_string(i);
  return h + "\n";
}

TEST(SignCsv, RemapsLabelsToContiguousClasses) {
  std::ofstream(temp("sign.csv")) << sign_header() << sign_row(0, 1) << sign_row(8, 2) << sign_row(10, 3)
                                  << sign_row(24, 4);
  const ImageSet s = read_sign_csv(temp("sign.csv"));
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s.classes, 24);
  EXPECT_EQ(s.labels, (std::vector<int64_t>{0, 8, 9, 23}));
  EXPECT_EQ(s.pixels[784 * 2], 3);
}

TEST(SignCsv, BrokenRowsAreErrorsWithLineNumbers) {
  std::ofstream(temp("sign_j.csv")) << sign_header() << sign_row(9, 1);
  EXPECT_NE(imc::test::error_of<DatasetError>([&] { read_sign_csv(temp("sign_j.csv")); }).find("line 2: label 9"),
            std::string::npos);
  std::ofstream(temp("sign_short.csv")) << sign_header() << "3,1,2,3\n";
  EXPECT_NE(imc::test::error_of<DatasetError>([&] {
              read_sign_csv(temp("sign_short.csv"));
            }).find("line 2: has 4 fields, expected 785"),
            std::string::npos);
  std::ofstream(temp("sign_noheader.csv")) << sign_row(1, 1);
  EXPECT_NE(imc::test::error_of<DatasetError>([&] { read_sign_csv(temp("sign_noheader.csv")); }).find("header"),
            std::string::npos);
}

std::vector<uint8_t> cifar_records(int n, uint8_t label = 7) {
  std::vector<uint8_t> b;
  for (int i = 0; i < n; ++i) {
    b.push_back(label);
    b.insert(b.end(), 3072, uint8_t(i));
  }
  return b;
}

TEST(Cifar10, ReadsRecordsAndRejectsBrokenFiles) {
  write_bytes(temp("c1.bin"), cifar_records(2), false);
  write_bytes(temp("c2.bin"), cifar_records(1), false);
  const ImageSet s = read_cifar10({temp("c1.bin"), temp("c2.bin")});
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s.channels, 3);
  EXPECT_EQ(s.labels[2], 7);
  EXPECT_EQ(s.pixels[3072], 1);

  std::vector<uint8_t> cut = cifar_records(2);
  cut.pop_back();
  write_bytes(temp("cut.bin"), cut, false);
  EXPECT_NE(imc::test::error_of<DatasetError>([&] { read_cifar10({temp("cut.bin")}); }).find("cut.bin: truncated"),
            std::string::npos);
  write_bytes(temp("label.bin"), cifar_records(1, 10), false);
  EXPECT_NE(imc::test::error_of<DatasetError>([&] { read_cifar10({temp("label.bin")}); }).find("label 10"),
            std::string::npos);
}

TEST(LoadDataset, SeededSplitAndNormalizationFromTheTrainingSplit) {
  write_bytes(temp("tr_img.idx"), idx_images(20), true);
  write_bytes(temp("tr_lab.idx"), idx_labels(20), true);
  const std::string toml =
      "name = \"tiny\"\nformat = \"idx\"\ntrain_images = \"tr_img.idx\"\ntrain_labels = "
      "\"tr_lab.idx\"\ntest_images = \"tr_img.idx\"\ntest_labels = \"tr_lab.idx\"\n"
      "[split]\nvalidation_fraction = 0.25\nseed = 3\n";
  std::ofstream(temp("tiny.toml")) << toml;
  const config::DataConfig cfg = config::load_data_config(temp("tiny.toml"));
  EXPECT_EQ(cfg.train_images, temp("tr_img.idx")) << "paths are relative to the TOML";
  const DataSplits a = load_dataset(cfg), b = load_dataset(cfg);
  EXPECT_EQ(a.train.size(), 15u);
  EXPECT_EQ(a.validation.size(), 5u);
  EXPECT_EQ(a.validation.pixels, b.validation.pixels);  // deterministic
  ASSERT_EQ(a.mean.size(), 1u);
  EXPECT_GT(a.mean[0], 0);
  EXPECT_GT(a.std[0], 0);
  config::DataConfig other = cfg;
  other.split_seed = 4;
  EXPECT_NE(load_dataset(other).validation.pixels, a.validation.pixels);
}

TEST(DataConfig, TyposAndMissingFilesAreClearErrors) {
  const std::string typo = imc::test::error_of<config::ConfigError>([] {
    config::parse_data_config(
        "name = \"x\"\nformat = \"idx\"\ntrain_images = \"a\"\ntrain_labels = \"b\"\n"
        "test_images = \"c\"\ntest_labels = \"d\"\n[split]\nvalidaton_fraction = 0.2\n",
        "x.toml");
  });
  EXPECT_NE(typo.find("x.toml:8"), std::string::npos) << typo;
  EXPECT_NE(typo.find("split.validaton_fraction"), std::string::npos) << typo;
  EXPECT_NE(typo.find("validation_fraction"), std::string::npos) << "did you mean: " << typo;
  const std::string missing =
      imc::test::error_of<config::ConfigError>([] { config::load_data_config("/nonexistent/data.toml"); });
  EXPECT_NE(missing.find("not a built-in dataset"), std::string::npos) << missing;
  const config::DataConfig fm = config::load_data_config("fashion-mnist");
  EXPECT_EQ(fm.format, "idx");
  EXPECT_NE(fm.train_images.find("/usr/share/datasets/fashion-mnist/"), std::string::npos);
}

}  // namespace
}  // namespace imc::nas
