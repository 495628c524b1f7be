#pragma once

#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/model.hpp"

namespace spikefit::experiments {

// The model a config's "model" field names ("balanced" when absent). Adding a model: its plug-in
// (a Model in evaluation/models/<model>_model.cpp) and its entry in model_registry.cpp.
const Model& find_model(const std::string& name);
bool has_model(const std::string& name);
std::vector<std::string> model_names();  // in registry order; the first is the default
const std::string& default_model_name();

}  // namespace spikefit::experiments
