#include "spikefit/experiments/config/parameter_space.hpp"

#include <cmath>
#include <sstream>

#include "spikefit/base/json_path.hpp"
#include "spikefit/base/json_reader.hpp"

namespace spikefit::experiments {

using nlohmann::json;

ParameterSpace ParameterSpace::parse(const json& parameters, const json& network,
                                     const std::string& path) {
  if (!parameters.is_array()) throw base::ConfigError(path, "must be an array");
  ParameterSpace space;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    const std::string ppath = base::index_path(path, i);
    base::JsonObjectReader r(parameters[i], ppath);
    FreeParameter p;
    p.name = r.string("name");
    if (space.index_of(p.name) >= 0)
      throw base::ConfigError(r.path_of("name"), "duplicate parameter '" + p.name + "'");
    const json& bind = r.required("bind");
    if (bind.is_string()) {
      p.bindings.push_back(bind.get<std::string>());
    } else if (bind.is_array() && !bind.empty()) {
      for (const auto& b : bind) {
        if (!b.is_string())
          throw base::ConfigError(r.path_of("bind"), "must hold field paths (strings)");
        p.bindings.push_back(b.get<std::string>());
      }
    } else {
      throw base::ConfigError(r.path_of("bind"),
                              "must be a field path or a non-empty list of them");
    }
    const json& range = r.required("range");
    if (!range.is_array() || range.size() != 2) {
      throw base::ConfigError(r.path_of("range"), "must be [lower, upper]");
    }
    p.lower = base::json_number(range[0], base::index_path(r.path_of("range"), 0));
    p.upper = base::json_number(range[1], base::index_path(r.path_of("range"), 1));
    if (!(p.lower < p.upper))
      throw base::ConfigError(r.path_of("range"), "lower must be below upper");
    p.log_scale = r.boolean("log_scale", false);
    if (p.log_scale && p.lower <= 0) {
      throw base::ConfigError(r.path_of("log_scale"), "needs a range above 0");
    }
    for (std::size_t b = 0; b < p.bindings.size(); ++b) {
      double v = 0.0;
      try {
        v = base::json_number(base::resolve_path(network, p.bindings[b]), p.bindings[b]);
      } catch (const base::ConfigError& e) {
        throw base::ConfigError(r.path_of("bind"), e.what());
      }
      if (b == 0) {
        p.default_value = v;
      } else if (v != p.default_value) {
        throw base::ConfigError(r.path_of("bind"), "bound fields disagree on the default value (" +
                                                       p.bindings[0] + " vs " + p.bindings[b] +
                                                       ")");
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
    throw base::ConfigError("parameters", "expected " + std::to_string(parameters_.size()) +
                                              " values, got " + std::to_string(values.size()));
  }
  json out = network;
  for (std::size_t d = 0; d < parameters_.size(); ++d) {
    const FreeParameter& p = parameters_[d];
    const double v = values[d];
    if (!std::isfinite(v) || v < p.lower || v > p.upper) {
      std::ostringstream msg;
      msg << "value " << v << " is outside its range [" << p.lower << ", " << p.upper << "]";
      throw base::ConfigError("parameter " + p.name, msg.str());
    }
    for (const std::string& b : p.bindings) base::resolve_path(out, b) = v;
  }
  return out;
}

}  // namespace spikefit::experiments
