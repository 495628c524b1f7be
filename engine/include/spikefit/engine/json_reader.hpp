#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "spikefit/engine/config_error.hpp"

namespace spikefit::engine {

// Reads the fields of one JSON object with validation; every error names the field's path.
// finish() rejects keys that were never read, so a misspelt field is an error, not a default.
class JsonObjectReader {
 public:
  JsonObjectReader(const nlohmann::json& object, std::string path);

  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const;
  bool has(const std::string& key) const;

  const nlohmann::json& required(const std::string& key);
  const nlohmann::json* optional(const std::string& key);

  double number(const std::string& key);
  double number(const std::string& key, double fallback);
  // A number that must lie in [lo, hi].
  double number_in(const std::string& key, double lo, double hi);
  double number_in(const std::string& key, double lo, double hi, double fallback);
  double positive(const std::string& key);
  double positive(const std::string& key, double fallback);
  uint32_t count(const std::string& key, uint32_t min_value);
  uint32_t count(const std::string& key, uint32_t min_value, uint32_t fallback);
  std::string string(const std::string& key);
  std::string string(const std::string& key, const std::string& fallback);
  bool boolean(const std::string& key, bool fallback);

  void finish() const;

 private:
  const nlohmann::json& object_;
  std::string path_;
  std::set<std::string> read_;
};

double json_number(const nlohmann::json& value, const std::string& path);

nlohmann::json read_json_file(const std::string& path, const std::string& what);

// Parses a JSON file and hands it to `parse`; every error, the parser's included, is a
// ConfigError prefixed with the file's path. `what` names the kind of file in the open error.
template <class Parse>
auto parse_json_file(const std::string& path, const std::string& what, Parse parse) {
  const nlohmann::json document = read_json_file(path, what);
  try {
    return parse(document);
  } catch (const ConfigError& e) {
    throw ConfigError(path, e.what());
  }
}

// `text` split at every `delimiter` (empty pieces kept, none for an empty text).
std::vector<std::string> split(const std::string& text, char delimiter);
std::string join_path(const std::string& parent, const std::string& key);
std::string index_path(const std::string& parent, std::size_t index);

}  // namespace spikefit::engine
