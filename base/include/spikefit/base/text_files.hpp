#pragma once

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace spikefit::base {

// The whole file at `path`, byte for byte ("" when it cannot be read).
inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Writes `text` to `path`, replacing it whole: through "<path>.partial" and a rename, so that a
// process killed while writing leaves the old file or the new one, never half of one. Throws
// std::runtime_error naming the path on failure.
inline void write_text(const std::string& path, const std::string& text) {
  const std::string partial = path + ".partial";
  const auto fail = [&]() {
    const std::string reason = std::strerror(errno);
    std::remove(partial.c_str());
    throw std::runtime_error("cannot write " + path + ": " + reason);
  };
  std::ofstream out(partial, std::ios::binary | std::ios::trunc);
  if (!out) fail();
  out << text;
  out.close();
  if (!out) fail();
  if (std::rename(partial.c_str(), path.c_str()) != 0) fail();
}

// Creates the folder `path` unless it exists; throws std::runtime_error naming it on failure.
inline void make_directory(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST) {
    throw std::runtime_error("cannot create the folder " + path + ": " + std::strerror(errno));
  }
}

// The shortest "%.<digits>g" text of v: 17 digits round-trip a double, 10 are for labels.
inline std::string number_text(double v, int digits = 17) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
  return buffer;
}

}  // namespace spikefit::base
