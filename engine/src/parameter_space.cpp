#include "spikefit/engine/parameter_space.hpp"

#include <cmath>
#include <sstream>

#include "spikefit/engine/json_reader.hpp"

namespace spikefit::engine {

using nlohmann::json;

namespace {

template <class Json>
Json& resolve(Json& document, const std::string& path) {
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

}  // namespace

json& resolve_path(json& document, const std::string& path) {
  return resolve(document, path);
}

const json& resolve_path(const json& document, const std::string& path) {
  return resolve(document, path);
}

ParameterSpace ParameterSpace::parse(const json& parameters, const json& network,
                                     const std::string& path) {
  if (!parameters.is_array()) throw ConfigError(path, "must be an array");
  ParameterSpace space;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const std::string ppath = index_path(path, i);
    JsonObjectReader r(parameters[i], ppath);
    FreeParameter p;
    p.name = r.string("name");
    if (space.index_of(p.name) >= 0)
      throw ConfigError(r.path_of("name"), "duplicate parameter '" + p.name + "'");
    const json& bind = r.required("bind");
    if (bind.is_string()) {
      p.bindings.push_back(bind.get<std::string>());
    } else if (bind.is_array() && !bind.empty()) {
      for (const auto& b : bind) {
        if (!b.is_string()) throw ConfigError(r.path_of("bind"), "must hold field paths (strings)");
        p.bindings.push_back(b.get<std::string>());
      }
    } else {
      throw ConfigError(r.path_of("bind"), "must be a field path or a non-empty list of them");
    }
    const json& range = r.required("range");
    if (!range.is_array() || range.size() != 2) {
      throw ConfigError(r.path_of("range"), "must be [lower, upper]");
    }
    p.lower = json_number(range[0], index_path(r.path_of("range"), 0));
    p.upper = json_number(range[1], index_path(r.path_of("range"), 1));
    if (!(p.lower < p.upper)) throw ConfigError(r.path_of("range"), "lower must be below upper");
    p.log_scale = r.boolean("log_scale", false);
    if (p.log_scale && p.lower <= 0) {
      throw ConfigError(r.path_of("log_scale"), "needs a range above 0");
    }
    for (std::size_t b = 0; b < p.bindings.size(); ++b) {
      double v = 0.0;
      try {
        v = json_number(resolve_path(network, p.bindings[b]), p.bindings[b]);
      } catch (const ConfigError& e) {
        throw ConfigError(r.path_of("bind"), e.what());
      }
      if (b == 0) {
        p.default_value = v;
      } else if (v != p.default_value) {
        throw ConfigError(r.path_of("bind"), "bound fields disagree on the default value (" +
                                                 p.bindings[0] + " vs " + p.bindings[b] + ")");
      }
    }
    r.finish();
    space.parameters_.push_back(std::move(p));
  }
  return space;
}

int ParameterSpace::index_of(const std::string& name) const {
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (parameters_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> ParameterSpace::defaults() const {
  std::vector<double> d;
  for (const auto& p : parameters_) d.push_back(p.default_value);
  return d;
}

json ParameterSpace::bind(const json& network, const std::vector<double>& values) const {
  if (values.size() != parameters_.size()) {
    throw ConfigError("parameters", "expected " + std::to_string(parameters_.size()) +
                                        " values, got " + std::to_string(values.size()));
  }
  json out = network;
  for (std::size_t d = 0; d < parameters_.size(); ++d) {
    const FreeParameter& p = parameters_[d];
    const double v = values[d];
    if (!std::isfinite(v) || v < p.lower || v > p.upper) {
      std::ostringstream msg;
      msg << "value " << v << " is outside its range [" << p.lower << ", " << p.upper << "]";
      throw ConfigError("parameter " + p.name, msg.str());
    }
    for (const std::string& b : p.bindings) resolve_path(out, b) = v;
  }
  return out;
}

}  // namespace spikefit::engine
