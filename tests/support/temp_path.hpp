#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace spikefit::testing {

// The test temp folder's path for `name`, with any file of that name removed first.
inline std::string fresh_temp_path(const std::string& name) {
  const std::string path = ::testing::TempDir() + name;
  std::remove(path.c_str());
  return path;
}

}  // namespace spikefit::testing
