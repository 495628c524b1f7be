#include "spikefit/experiments/config/model_config.hpp"

#include <cctype>
#include <cstdio>

#include "spikefit/base/json_path.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/experiments/evaluation/model_registry.hpp"

namespace spikefit::experiments {

using base::ConfigError;
using nlohmann::json;

const Model& ModelConfig::model() const {
  return find_model(model_name);
}

json ModelConfig::bound_document() const {
  return space.bind(network, values);
}

engine::NetworkSpec ModelConfig::bound_network() const {
  if (model_name != "balanced") {
    throw base::ConfigError(source,
                            "is a " + model_name + " config; this command runs balanced networks");
  }
  return engine::parse_network_spec(bound_document());
}

void ModelConfig::validate() const {
  model().validate(bound_document(), "network");
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
  json out = {{"name", name}, {"network", space.bind(network, values)}, {"parameters", parameters}};
  // Documents of the default model keep the hash they had before models were named.
  if (model_name != default_model_name()) out["model"] = model_name;
  return out;
}

ModelConfig parse_model_config(const json& document, const std::string& source) {
  base::JsonObjectReader r(document, "");
  ModelConfig config;
  config.source = source;
  config.name = r.string("name");
  config.description = r.string("description", "");
  config.model_name = r.string("model", default_model_name());
  find_model(config.model_name);  // an unknown name lists the known ones
  config.network = r.required("network");
  const json empty = json::array();
  const json* parameters = r.optional("parameters");
  config.space = ParameterSpace::parse(parameters ? *parameters : empty, config.network);
  config.values = config.space.defaults();
  r.finish();
  config.validate();  // the network now, with its messages
  return config;
}

ModelConfig load_model_config(const std::string& path) {
  return base::parse_json_file(path, "config file", [&path](const json& document) {
    return parse_model_config(document, path);
  });
}

namespace {
// A word that is not JSON (procedural, eif) is taken as a string, so `--set K=procedural` needs no
// quotes; anything else must parse as JSON.
bool is_bare_word(const std::string& text) {
  if (text.empty() || !std::isalpha(static_cast<unsigned char>(text[0]))) return false;
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-' && c != '/' &&
        c != '.') {
      return false;
    }
  }
  return true;
}

json parse_value(const std::string& text, const std::string& name) {
  try {
    return json::parse(text);
  } catch (const json::exception&) {  // parse_error, or a number out of range
    if (is_bare_word(text)) return text;
    throw base::UsageError("--set " + name, "value '" + text + "' is not a number or JSON value");
  }
}

// The field at `path`, added (null) when only its last segment is missing from an object: an
// optional key the config leaves out (network.size_factor). The network's parser still refuses
// keys it does not know, so a misspelt name fails there with its path.
json& field_to_set(json& network, const std::string& path) {
  const auto dot = path.rfind('.');
  json& parent =
      dot == std::string::npos ? network : base::resolve_path(network, path.substr(0, dot));
  const std::string leaf = dot == std::string::npos ? path : path.substr(dot + 1);
  if (parent.is_object() && !leaf.empty() && !parent.contains(leaf)) return parent[leaf];
  return base::resolve_path(network, path);
}

}  // namespace

void apply_overrides(ModelConfig& config, const std::vector<std::string>& assignments) {
  for (const std::string& a : assignments) {
    const auto eq = a.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw base::UsageError("--set " + a, "expected NAME=VALUE");
    }
    const std::string name = a.substr(0, eq);
    const json value = parse_value(a.substr(eq + 1), name);
    const int d = config.space.index_of(name);
    if (d >= 0) {
      config.values[d] = base::json_number(value, "--set " + name);
      std::vector<double> check = config.values;
      config.space.bind(config.network, check);  // range check with the parameter's name
    } else {
      for (const auto& p : config.space.parameters()) {
        for (const auto& b : p.bindings) {
          if (b == name) {
            throw base::UsageError("--set " + name, "is bound to free parameter '" + p.name +
                                                        "': set that parameter instead");
          }
        }
      }
      // Models may take short names (BG: offset_sd.GPe, w.GPe->STN, ctx.rate_hz).
      const std::string path = config.model().field_path(name);
      json& field = field_to_set(config.network, path);
      if (field.is_structured()) {
        throw base::UsageError("--set " + name, "is not a free parameter or a single field");
      }
      field = value;
    }
  }
  config.validate();
}

std::string duration_field(const ModelConfig& config) {
  return config.model().duration_field();
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
