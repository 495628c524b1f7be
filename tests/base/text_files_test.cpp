#include "spikefit/base/text_files.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "temp_path.hpp"

namespace spikefit::base {
namespace {

bool exists(const std::string& path) {
  return access(path.c_str(), F_OK) == 0;
}

TEST(TextFiles, AWriteReplacesTheWholeFileAndLeavesNoPartialFile) {
  const std::string path = testing::fresh_temp_path("spikefit_text_files_replace.txt");
  write_text(path, std::string(10000, 'a'));
  write_text(path, "short");
  EXPECT_EQ(read_text(path), "short");
  EXPECT_FALSE(exists(path + ".partial"));
}

TEST(TextFiles, AWriteThatCannotHappenNamesThePathAndKeepsTheOldFile) {
  const std::string folder = testing::fresh_temp_path("spikefit_text_files_folder");
  make_directory(folder);
  const std::string path = folder + "/kept.txt";
  write_text(path, "old");
  // A folder where the partial file should go makes the write fail after the old file exists.
  make_directory(path + ".partial");
  try {
    write_text(path, "new");
    FAIL() << "the write should have failed";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write " + path), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_text(path), "old");
  rmdir((path + ".partial").c_str());
  EXPECT_THROW(write_text(folder + "/no/such/folder.txt", "x"), std::runtime_error);
}

}  // namespace
}  // namespace spikefit::base
