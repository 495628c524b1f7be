#include "spikefit/experiments/model_config.hpp"

#include <cstdio>

#include "spikefit/engine/json_reader.hpp"

namespace spikefit::experiments {

using engine::ConfigError;
using nlohmann::json;

engine::NetworkSpec ModelConfig::bound_network() const {
  return engine::parse_network_spec(space.bind(network, values));
}

json ModelConfig::effective_document() const {
  json parameters = json::array();
  for (std::size_t d = 0; d < space.size(); ++d) {
    const auto& p = space[d];
    parameters.push_back({{"name", p.name},
                          {"bind", p.bindings},
                          {"range", {p.lower, p.upper}},
                          {"log_scale", p.log_scale},
                          {"value", values[d]}});
  }
  return {{"name", name}, {"network", space.bind(network, values)}, {"parameters", parameters}};
}

ModelConfig parse_model_config(const json& document, const std::string& source) {
  engine::JsonObjectReader r(document, "");
  ModelConfig config;
  config.source = source;
  config.name = r.string("name");
  config.description = r.string("description", "");
  config.network = r.required("network");
  const json empty = json::array();
  const json* parameters = r.optional("parameters");
  config.space = engine::ParameterSpace::parse(parameters ? *parameters : empty, config.network);
  config.values = config.space.defaults();
  r.finish();
  config.bound_network();  // validates the network now, with its messages
  return config;
}

ModelConfig load_model_config(const std::string& path) {
  return engine::parse_json_file(path, "config file", [&path](const json& document) {
    return parse_model_config(document, path);
  });
}

namespace {
json parse_value(const std::string& text, const std::string& name) {
  try {
    return json::parse(text);
  } catch (const json::parse_error&) {
    throw ConfigError("--set " + name, "value '" + text + "' is not a number or JSON value");
  }
}
}  // namespace

void apply_overrides(ModelConfig& config, const std::vector<std::string>& assignments) {
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError("--set " + a, "expected NAME=VALUE");
    }
    const std::string name = a.substr(0, eq);
    const json value = parse_value(a.substr(eq + 1), name);
    const int d = config.space.index_of(name);
    if (d >= 0) {
      config.values[d] = engine::json_number(value, "--set " + name);
      std::vector<double> check = config.values;
      config.space.bind(config.network, check);  // range check with the parameter's name
    } else {
      for (const auto& p : config.space.parameters()) {
        for (const auto& b : p.bindings) {
          if (b == name) {
            throw ConfigError("--set " + name, "is bound to free parameter '" + p.name +
                                                   "': set that parameter instead");
          }
        }
      }
      json& field = engine::resolve_path(config.network, name);
      if (field.is_structured()) {
        throw ConfigError("--set " + name, "is not a free parameter or a single field");
      }
      field = value;
    }
  }
  config.bound_network();
}

std::string document_hash(const json& document) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : document.dump()) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(h));
  return buffer;
}

}  // namespace spikefit::experiments
