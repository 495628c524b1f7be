#include "spikefit/engine/json_reader.hpp"

#include <cmath>
#include <fstream>
#include <sstream>

namespace spikefit::engine {

using nlohmann::json;

namespace {
std::string format(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}
}  // namespace

json read_json_file(const std::string& path, const std::string& what) {
  std::ifstream in(path);
  if (!in) throw ConfigError(path, "cannot open " + what);
  try {
    return json::parse(in);
  } catch (const json::parse_error& e) {
    throw ConfigError(path, std::string("not valid JSON: ") + e.what());
  }
}

std::vector<std::string> split(const std::string& text, char delimiter) {
  std::vector<std::string> parts;
  std::stringstream s(text);
  std::string part;
  while (std::getline(s, part, delimiter)) parts.push_back(part);
  return parts;
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

double json_number(const nlohmann::json& value, const std::string& path) {
  if (!value.is_number()) throw ConfigError(path, "must be a number, got " + value.dump());
  const double v = value.get<double>();
  if (!std::isfinite(v)) throw ConfigError(path, "must be finite");
  return v;
}

JsonObjectReader::JsonObjectReader(const nlohmann::json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object()) {
    throw ConfigError(path_, "must be a JSON object, got " + std::string(object_.type_name()));
  }
}

std::string JsonObjectReader::path_of(const std::string& key) const {
  return join_path(path_, key);
}

bool JsonObjectReader::has(const std::string& key) const {
  return object_.contains(key);
}

const nlohmann::json& JsonObjectReader::required(const std::string& key) {
  read_.insert(key);
  const auto it = object_.find(key);
  if (it == object_.end()) throw ConfigError(path_of(key), "is required");
  return *it;
}

const nlohmann::json* JsonObjectReader::optional(const std::string& key) {
  read_.insert(key);
  const auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

double JsonObjectReader::number(const std::string& key) {
  return json_number(required(key), path_of(key));
}

double JsonObjectReader::number(const std::string& key, double fallback) {
  const nlohmann::json* v = optional(key);
  return v ? json_number(*v, path_of(key)) : fallback;
}

namespace {
double check_range(double v, double lo, double hi, const std::string& path) {
  if (v < lo || v > hi) {
    throw ConfigError(path,
                      "must lie in [" + format(lo) + ", " + format(hi) + "], got " + format(v));
  }
  return v;
}
double check_positive(double v, const std::string& path) {
  if (!(v > 0)) throw ConfigError(path, "must be > 0, got " + format(v));
  return v;
}
}  // namespace

double JsonObjectReader::number_in(const std::string& key, double lo, double hi) {
  return check_range(number(key), lo, hi, path_of(key));
}

double JsonObjectReader::number_in(const std::string& key, double lo, double hi, double fallback) {
  return check_range(number(key, fallback), lo, hi, path_of(key));
}

double JsonObjectReader::positive(const std::string& key) {
  return check_positive(number(key), path_of(key));
}

double JsonObjectReader::positive(const std::string& key, double fallback) {
  return check_positive(number(key, fallback), path_of(key));
}

uint32_t JsonObjectReader::count(const std::string& key, uint32_t min_value) {
  const nlohmann::json& v = required(key);
  if (!v.is_number_integer() || v.get<int64_t>() < min_value || v.get<int64_t>() > UINT32_MAX) {
    throw ConfigError(path_of(key),
                      "must be an integer >= " + std::to_string(min_value) + ", got " + v.dump());
  }
  return v.get<uint32_t>();
}

uint32_t JsonObjectReader::count(const std::string& key, uint32_t min_value, uint32_t fallback) {
  return has(key) ? count(key, min_value) : (read_.insert(key), fallback);
}

std::string JsonObjectReader::string(const std::string& key) {
  const nlohmann::json& v = required(key);
  if (!v.is_string()) throw ConfigError(path_of(key), "must be a string, got " + v.dump());
  return v.get<std::string>();
}

std::string JsonObjectReader::string(const std::string& key, const std::string& fallback) {
  return has(key) ? string(key) : (read_.insert(key), fallback);
}

bool JsonObjectReader::boolean(const std::string& key, bool fallback) {
  const nlohmann::json* v = optional(key);
  if (!v) return fallback;
  if (!v->is_boolean()) throw ConfigError(path_of(key), "must be true or false, got " + v->dump());
  return v->get<bool>();
}

void JsonObjectReader::finish() const {
  for (const auto& item : object_.items()) {
    if (!read_.count(item.key())) throw ConfigError(path_of(item.key()), "unknown field");
  }
}

}  // namespace spikefit::engine
