#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/experiments/config/parameter_space.hpp"

namespace spikefit::experiments {

class Model;

// A model config file: {"name", "description", "model"?, "network": {...}, "parameters": [...]}.
// "model" names the model plug-in the network is for (evaluation/model_registry.hpp: "balanced",
// the default, or "basal_ganglia"). `network` is kept as JSON so each trial binds its own
// parameter values into it.
struct ModelConfig {
  std::string source;  // file the config came from
  std::string name;
  std::string description;
  std::string model_name = "balanced";
  nlohmann::json network;
  ParameterSpace space;
  std::vector<double> values;  // current value of every free parameter (defaults, then --set)

  // The model plug-in of `model_name`.
  const Model& model() const;
  // The network document with `values` bound.
  nlohmann::json bound_document() const;
  // The bound network parsed as a balanced network (a config of another model throws a
  // base::ConfigError saying so): for the balanced engine's own tools and benchmarks.
  engine::NetworkSpec bound_network() const;
  // Parses the bound network with the parser of its model (errors name field and reason).
  void validate() const;
  // The effective config (network with values bound, parameters) as one JSON document.
  nlohmann::json effective_document() const;
};

// Reads and validates a config file. Errors name the file, the JSON path and the reason.
ModelConfig load_model_config(const std::string& path);
ModelConfig parse_model_config(const nlohmann::json& document, const std::string& source);

// Applies "NAME=VALUE" overrides: NAME is a free parameter (range-checked) or a dotted field
// path into the network ("simulation.duration_ms", "projections.EE.weight", or a short name of
// the model, Model::field_path: for BG configs e.g. "offset_sd.GPe").
void apply_overrides(ModelConfig& config, const std::vector<std::string>& assignments);

// The network field of the simulated time (Model::duration_field: "simulation.duration_ms" for
// balanced, "duration_ms" for basal-ganglia networks), for --duration-ms.
std::string duration_field(const ModelConfig& config);

// FNV-1a 64-bit hash of a JSON document's compact dump, as 16 hex digits.
std::string document_hash(const nlohmann::json& document);

}  // namespace spikefit::experiments
