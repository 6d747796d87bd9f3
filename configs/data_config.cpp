// SPDX-License-Identifier: MIT
#include "configs/data_config.h"

#include <filesystem>

#include "configs/config_error.h"
#include "configs/detail/table_reader.h"
#include "configs/policy_names.h"

namespace imc::config {
namespace {

using detail::TableReader;

const char* kFashionMnist = R"(# Fashion-MNIST from Debian's dataset-fashion-mnist package.
name = "fashion-mnist"
format = "idx"
train_images = "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"
train_labels = "/usr/share/datasets/fashion-mnist/train-labels-idx1-ubyte.gz"
test_images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
test_labels = "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz"
[normalization]
mean = [0.2860]
std = [0.3530]
[split]
validation_fraction = 0.1
seed = 0
)";

/// Relative paths in a data TOML are relative to the TOML file.
std::string resolve(const std::string& path, const std::string& source) {
  if (path.empty() || std::filesystem::path(path).is_absolute() || source.rfind("builtin:", 0) == 0) return path;
  return (std::filesystem::path(source).parent_path() / path).string();
}

DataConfig read_data(const toml::table& doc, std::shared_ptr<detail::ReadContext> ctx) {
  const TableReader root(doc, "", ctx);
  DataConfig d;
  d.source = ctx->file;
  d.name = root.string("name");
  d.format = root.choice("format", dataset_format_names());
  auto path = [&](const char* key) { return resolve(root.string(key), ctx->file); };
  if (d.format == "idx") {
    d.train_images = path("train_images");
    d.train_labels = path("train_labels");
    d.test_images = path("test_images");
    d.test_labels = path("test_labels");
  } else if (d.format == "sign-csv") {
    d.train_csv = path("train_csv");
    d.test_csv = path("test_csv");
  } else {
    d.dir = path("dir");
  }
  d.classes = static_cast<int>(root.integer_or("classes", 0, 2, 100000));
  if (auto n = root.table_opt("normalization")) {
    if (n->has("mean") || n->has("std")) {
      const TableReader& t = *n;
      d.mean = t.number_list("mean", -1e6, 1e6);
      d.std = t.number_list("std", 1e-9, 1e6);
      if (d.mean.size() != d.std.size())
        t.fail("std", "has " + std::to_string(d.std.size()) + " values, mean has " + std::to_string(d.mean.size()));
    }
    n->finish();
  }
  if (auto s = root.table_opt("split")) {
    d.validation_fraction = s->number_or("validation_fraction", 0.1, 0.0, 0.9);
    d.split_seed = static_cast<int>(s->integer_or("seed", 0, 0, 1 << 30));
    s->finish();
  }
  root.finish();
  return d;
}

}  // namespace

DataConfig parse_data_config(const std::string& text, const std::string& source,
                             const std::vector<Override>& overrides) {
  const detail::Document d = detail::document_from_text(text, source, overrides);
  return read_data(d.root, d.ctx);
}

DataConfig load_data_config(const std::string& name_or_path, const std::vector<Override>& overrides) {
  if (name_or_path == "fashion-mnist") return parse_data_config(kFashionMnist, "builtin:fashion-mnist", overrides);
  std::error_code ec;  // a name the file system cannot even look up (too long) is not there
  if (!std::filesystem::exists(name_or_path, ec))
    throw ConfigError(name_or_path +
                      ": no such data config file, and not a built-in dataset (built-in: fashion-mnist)");
  return parse_data_config(detail::read_text_file(name_or_path), name_or_path, overrides);
}

}  // namespace imc::config
