#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/engine/models/basal_ganglia/bg_network_spec.hpp"
#include "spikefit/engine/models/balanced/network_spec.hpp"
#include "spikefit/experiments/config/parameter_space.hpp"

namespace spikefit::experiments {

// Which engine a config's network is for: "model": "balanced" (the default; engine::NetworkSpec)
// or "basal_ganglia" (engine::bg::BgNetworkSpec).
enum class ModelKind { kBalanced, kBasalGanglia };

// A model config file: {"name", "description", "model"?, "network": {...}, "parameters": [...]}.
// `network` is kept as JSON so each trial binds its own parameter values into it.
struct ModelConfig {
  std::string source;  // file the config came from
  std::string name;
  std::string description;
  ModelKind model = ModelKind::kBalanced;
  nlohmann::json network;
  ParameterSpace space;
  std::vector<double> values;  // current value of every free parameter (defaults, then --set)

  bool basal_ganglia() const { return model == ModelKind::kBasalGanglia; }
  // The network with `values` bound, parsed and validated (balanced configs; a BG config throws
  // a base::ConfigError saying so).
  engine::NetworkSpec bound_network() const;
  // The same for basal-ganglia configs (a balanced config throws).
  engine::bg::BgNetworkSpec bound_bg_network() const;
  // Parses the bound network with the parser of its model (errors name field and reason).
  void validate() const;
  // The effective config (network with values bound, parameters) as one JSON document.
  nlohmann::json effective_document() const;
};

// Reads and validates a config file. Errors name the file, the JSON path and the reason.
ModelConfig load_model_config(const std::string& path);
ModelConfig parse_model_config(const nlohmann::json& document, const std::string& source);

// Applies "NAME=VALUE" overrides: NAME is a free parameter (range-checked) or a dotted field
// path into the network ("simulation.duration_ms", "projections.EE.weight"; for BG configs also
// the engine's short names of engine::bg::bg_field_path, e.g. "offset_sd.GPe").
void apply_overrides(ModelConfig& config, const std::vector<std::string>& assignments);

// The network field of the simulated time: "simulation.duration_ms" (balanced) or "duration_ms"
// (basal ganglia), for --duration-ms.
std::string duration_field(const ModelConfig& config);

// FNV-1a 64-bit hash of a JSON document's compact dump, as 16 hex digits.
std::string document_hash(const nlohmann::json& document);

}  // namespace spikefit::experiments
