#pragma once

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "spikefit/base/config_error.hpp"

namespace spikefit::base {

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

// Definitions (header-only library).

namespace json_reader_detail {
inline std::string format(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
}  // namespace json_reader_detail

inline nlohmann::json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "cannot open " + what);
  try {
    return nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {  // parse_error, or a number out of range
    throw ConfigError(path, std::string("not valid JSON: ") + e.what());
  }
}

inline std::vector<std::string> split(const std::string& text, char delimiter) {
  std::vector<std::string> parts;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, delimiter)) parts.push_back(part);
  return parts;
}

inline std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

inline std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

inline double json_number(const nlohmann::json& value, const std::string& path) {
  if (!value.is_number()) throw ConfigError(path, "must be a number, got " + value.dump());
  const double v = value.get<double>();
  if (!std::isfinite(v)) throw ConfigError(path, "must be finite");
  return v;
}

inline JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw ConfigError(path_, "must be a JSON object, got " + std::string(object_.type_name()));
  }
}

inline std::string JsonObjectReader::path_of(const std::string& key) const {
  return join_path(path_, key);
}

inline bool JsonObjectReader::has(const std::string& key) const {
  return object_.contains(key);
}

inline const nlohmann::json& JsonObjectReader::required(const std::string& key) {
  read_.insert(key);
  const auto it = object_.find(key);
  if (it == object_.end()) throw ConfigError(path_of(key), "is required");
  return *it;
}

inline const nlohmann::json* JsonObjectReader::optional(const std::string& key) {
  read_.insert(key);
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

inline double JsonObjectReader::number(const std::string& key) {
  return json_number(required(key), path_of(key));
}

inline double JsonObjectReader::number(const std::string& key, double fallback) {
  const nlohmann::json* v = optional(key);
  return v ? json_number(*v, path_of(key)) : fallback;
}

namespace json_reader_detail {
inline double check_range(double v, double lo, double hi, const std::string& path) {
  if (v < lo || v > hi) {
    throw ConfigError(path, "must lie in [" + json_reader_detail::format(lo) + ", " +
                                json_reader_detail::format(hi) + "], got " +
                                json_reader_detail::format(v));
  }
  return v;
}
inline double check_positive(double v, const std::string& path) {
  if (!(v > 0)) throw ConfigError(path, "must be > 0, got " + json_reader_detail::format(v));
  return v;
}
}  // namespace json_reader_detail

inline double JsonObjectReader::number_in(const std::string& key, double lo, double hi) {
  return json_reader_detail::check_range(number(key), lo, hi, path_of(key));
}

inline double JsonObjectReader::number_in(const std::string& key, double lo, double hi,
                                          double fallback) {
  return json_reader_detail::check_range(number(key, fallback), lo, hi, path_of(key));
}

inline double JsonObjectReader::positive(const std::string& key) {
  return json_reader_detail::check_positive(number(key), path_of(key));
}

inline double JsonObjectReader::positive(const std::string& key, double fallback) {
  return json_reader_detail::check_positive(number(key, fallback), path_of(key));
}

inline uint32_t JsonObjectReader::count(const std::string& key, uint32_t min_value) {
  const nlohmann::json& v = required(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min_value || v.get<int64_t>() > UINT32_MAX) {
    throw ConfigError(path_of(key),
                      "must be an integer >= " + std::to_string(min_value) + ", got " + v.dump());
  }
  return v.get<uint32_t>();
}

inline uint32_t JsonObjectReader::count(const std::string& key, uint32_t min_value,
                                        uint32_t fallback) {
  return has(key) ? count(key, min_value) : (read_.insert(key), fallback);
}

inline std::string JsonObjectReader::string(const std::string& key) {
  const nlohmann::json& v = required(key);
  if (!v.is_string()) throw ConfigError(path_of(key), "must be a string, got " + v.dump());
  return v.get<std::string>();
}

inline std::string JsonObjectReader::string(const std::string& key, const std::string& fallback) {
  return has(key) ? string(key) : (read_.insert(key), fallback);
}

inline bool JsonObjectReader::boolean(const std::string& key, bool fallback) {
  const nlohmann::json* v = optional(key);
  if (!v) return fallback;
  if (!v->is_boolean()) throw ConfigError(path_of(key), "must be true or false, got " + v->dump());
  return v->get<bool>();
}

inline void JsonObjectReader::finish() const {
  for (const auto& item : object_.items()) {
    if (!read_.count(item.key())) throw ConfigError(path_of(item.key()), "unknown field");
  }
}

}  // namespace spikefit::base
