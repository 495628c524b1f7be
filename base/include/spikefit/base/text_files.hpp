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

// Writes `text` to `path` (replacing it); throws std::runtime_error naming the path on failure.
inline void write_text(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
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
