#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "spikefit/base/json_reader.hpp"
#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::fuzz {

// The study document `spikefit fit` stores for a config and a target (the fields of
// study_document(), which needs LibTorch's headers), for the seed studies and as the study that
// --resume is given.
inline nlohmann::json simulation_study(const std::string& config_file,
                                       const std::string& target_file,
                                       const std::string& target_name) {
  const experiments::ModelConfig config = experiments::load_model_config(config_file);
  const nlohmann::json effective = config.effective_document();
  const nlohmann::json target = stats::target_to_json(stats::load_target(target_file, target_name));
  nlohmann::json parameters = nlohmann::json::array();
  for (const auto& p : config.space.parameters()) {
    parameters.push_back(
        {{"name", p.name}, {"lower", p.lower}, {"upper", p.upper}, {"log_scale", p.log_scale}});
  }
  return {{"kind", "simulation"},
          {"config_file", config_file},
          {"config_document", base::read_json_file(config_file, "config file")},
          {"overrides", nlohmann::json::array()},
          {"effective_config", effective},
          {"config_hash", experiments::document_hash(effective)},
          {"target_file", target_file},
          {"target_name", target_name},
          {"target", target},
          {"target_hash", experiments::document_hash(target)},
          {"parameters", parameters},
          {"error_names", {"rate", "fano"}},
          {"options", {{"seed", 1}, {"batch", 2}, {"strategy", "mixed"}}}};
}

}  // namespace spikefit::fuzz
