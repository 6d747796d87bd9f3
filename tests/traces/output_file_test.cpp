// SPDX-License-Identifier: MIT
// Output files are complete or untouched: a full disk is an error and the old file stays.
#include "traces/output_file.h"

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/test_util.h"
#include "traces/csv_writer.h"

namespace imc::traces {
namespace {

namespace fs = std::filesystem;

size_t files_in(const fs::path& dir) {
  size_t n = 0;
  for (const auto& f : fs::directory_iterator(dir)) n += f.is_regular_file();
  return n;
}

TEST(OutputFile, WritesAndReplaces) {
  const fs::path dir = fs::path(testing::TempDir()) / "output_file_basic";
  fs::remove_all(dir);
  fs::create_directories(dir);
  write_file((dir / "a.txt").string(), "old\n");
  write_file((dir / "a.txt").string(), "new\n");
  EXPECT_EQ(imc::test::read_text((dir / "a.txt").string()), "new\n");
  EXPECT_EQ(files_in(dir), 1u);
  {
    OutputFile abandoned((dir / "a.txt").string());
    abandoned.write("half");
  }  // no commit: the old file stays, the temporary goes
  EXPECT_EQ(imc::test::read_text((dir / "a.txt").string()), "new\n");
  EXPECT_EQ(files_in(dir), 1u);
  write_file("/dev/null", "written in place to a device");
  EXPECT_THROW(write_file((dir / "no_dir" / "b.txt").string(), "x"), std::runtime_error);
  EXPECT_THROW(write_file(dir.string(), "x"), std::runtime_error);
}

// A real full disk: a 64 KiB tmpfs. Needs root (CI runs as root); skipped otherwise.
TEST(OutputFile, FullDiskIsAnErrorAndTheOldFileStays) {
  const fs::path dir = fs::path(testing::TempDir()) / "output_file_full";
  fs::create_directories(dir);
  if (::geteuid() != 0 || ::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=64k") != 0)
    GTEST_SKIP() << "needs root to mount a small tmpfs";
  const fs::path csv = dir / "trials.csv";
  CsvTable small{{"a small table"}, {"x"}, {{"1"}}};
  write_csv(csv.string(), small);
  const std::string good = imc::test::read_text(csv.string());
  CsvTable big{{}, {"x"}, {}};
  for (int i = 0; i < 100000; ++i) big.rows.push_back({std::to_string(i)});
  std::string message;
  try {
    write_csv(csv.string(), big);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  EXPECT_NE(message.find(csv.string()), std::string::npos) << message;
  EXPECT_NE(message.find("No space left"), std::string::npos) << message;
  EXPECT_EQ(imc::test::read_text(csv.string()), good) << "the old file stays";
  EXPECT_EQ(files_in(dir), 1u) << "no temporary file is left";
  ::umount(dir.c_str());
}

}  // namespace
}  // namespace imc::traces
