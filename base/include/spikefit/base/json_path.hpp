#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"

namespace spikefit::base {

namespace json_path_detail {
template <class Json>
inline Json& resolve(Json& document, const std::string& path) {
  Json* node = &document;
  for (const std::string& part : split(path, '.')) {
    if (part.empty()) throw ConfigError(path, "is not a valid field path");
    if (node->is_object()) {
      if (!node->contains(part)) throw ConfigError(path, "no field '" + part + "' at this path");
      node = &(*node)[part];
    } else if (node->is_array()) {
      Json* match = nullptr;
      for (auto& element : *node) {
        if (element.is_object() && element.contains("name") && element["name"] == part) {
          match = &element;
        }
      }
      if (!match) throw ConfigError(path, "no element named '" + part + "' at this path");
      node = match;
    } else {
      throw ConfigError(path, "'" + part + "' goes below a value that has no fields");
    }
  }
  return *node;
}

}  // namespace json_path_detail

// The JSON value at a dotted path inside a document. A segment selects an object key, or the
// element of an array whose "name" equals the segment ("projections.EE.weight"). Throws
// ConfigError naming `path` when the path does not exist.
inline nlohmann::json& resolve_path(nlohmann::json& document, const std::string& path) {
  return json_path_detail::resolve(document, path);
}
inline const nlohmann::json& resolve_path(const nlohmann::json& document, const std::string& path) {
  return json_path_detail::resolve(document, path);
}

}  // namespace spikefit::base
