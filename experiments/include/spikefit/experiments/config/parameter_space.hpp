#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace spikefit::experiments {

// A free parameter of a model: a name bound to one or more fields of the network document, with
// its search range. E.g. SNOPS's "taudsynE" binds projections.EE.synapse.tau_decay_ms and
// projections.IE.synapse.tau_decay_ms. The default is the value those fields hold in the config.
struct FreeParameter {
  std::string name;
  std::vector<std::string> bindings;  // dotted paths into the network object
  double lower = 0.0;
  double upper = 1.0;
  bool log_scale = false;
  double default_value = 0.0;
};

// The ordered free parameters of a config ("parameters" array). Parameter vectors follow this
// order: X [B x D] has D = size() columns.
class ParameterSpace {
 public:
  ParameterSpace() = default;
  // Parses `parameters` (path for messages) against the network document it binds into.
  static ParameterSpace parse(const nlohmann::json& parameters, const nlohmann::json& network,
                              const std::string& path = "parameters");

  std::size_t size() const { return parameters_.size(); }
  const FreeParameter& operator[](std::size_t i) const { return parameters_[i]; }
  const std::vector<FreeParameter>& parameters() const { return parameters_; }
  // Index of the parameter called `name`, or -1.
  int index_of(const std::string& name) const;
  std::vector<double> defaults() const;

  // A copy of `network` with values[d] written into every field bound to parameter d. Values
  // outside [lower, upper] are rejected with an error that names the parameter.
  nlohmann::json bind(const nlohmann::json& network, const std::vector<double>& values) const;

 private:
  std::vector<FreeParameter> parameters_;
};

}  // namespace spikefit::experiments
