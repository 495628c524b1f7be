#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "spikefit/engine/network_spec.hpp"
#include "spikefit/engine/parameter_space.hpp"

namespace spikefit::experiments {

// A model config file: {"name", "description", "network": {...}, "parameters": [...]}.
// `network` is kept as JSON so each trial binds its own parameter values into it.
struct ModelConfig {
  std::string source;  // file the config came from
  std::string name;
  std::string description;
  nlohmann::json network;
  engine::ParameterSpace space;
  std::vector<double> values;  // current value of every free parameter (defaults, then --set)

  // The network with `values` bound, parsed and validated.
  engine::NetworkSpec bound_network() const;
  // The effective config (network with values bound, parameters) as one JSON document.
  nlohmann::json effective_document() const;
};

// Reads and validates a config file. Errors name the file, the JSON path and the reason.
ModelConfig load_model_config(const std::string& path);
ModelConfig parse_model_config(const nlohmann::json& document, const std::string& source);

// Applies "NAME=VALUE" overrides: NAME is a free parameter (range-checked) or a dotted field
// path into the network ("simulation.duration_ms", "projections.EE.weight").
void apply_overrides(ModelConfig& config, const std::vector<std::string>& assignments);

// FNV-1a 64-bit hash of a JSON document's compact dump, as 16 hex digits.
std::string document_hash(const nlohmann::json& document);

}  // namespace spikefit::experiments
