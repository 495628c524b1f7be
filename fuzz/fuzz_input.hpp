#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>

#include "spikefit/base/usage_error.hpp"

// What every fuzz target shares: the input as a file, and which exceptions a bad input may end in.
namespace spikefit::fuzz {

// The input written to this process's scratch file (in $TMPDIR, else /tmp), for the readers
// that take a path; `suffix` is the file name's ending (".mat"). The file is rewritten for every
// input, and the files SQLite keeps beside a database (journal, WAL) are removed first.
inline std::string input_file(const uint8_t* data, size_t size, const std::string& suffix = "") {
  const char* dir = std::getenv("TMPDIR");
  static const std::string path = std::string(dir != nullptr && *dir != '\0' ? dir : "/tmp") +
                                  "/spikefit_fuzz_" + std::to_string(getpid()) + suffix;
  for (const char* side : {"-journal", "-wal", "-shm"}) std::remove((path + side).c_str());
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}

// Runs `read`: the project's errors for bad input (base::ConfigError and the other
// std::runtime_errors, base::UsageError) are expected; any other exception escapes this
// function, so libFuzzer reports it as a crash with the input that caused it.
template <class Read>
void expect_input_errors(Read read) {
  try {
    read();
  } catch (const std::runtime_error&) {
  } catch (const base::UsageError&) {
  }
}

}  // namespace spikefit::fuzz
