#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/evaluation/model_evaluator.hpp"
#include "spikefit/stats/target.hpp"

namespace spikefit::experiments {

// What a process needs to build the same evaluator as another: the config document with its
// overrides, the target, the backend and the evaluation options. Rank 0 of an MPI job sends it
// to the other ranks as bytes, so they read no file (every rank runs the same binary: plain
// option structs travel as their bytes).
struct EvaluatorRecipe {
  nlohmann::json config_document;      // the config file as read
  std::string config_source;           // its path, for error messages
  std::vector<std::string> overrides;  // NAME=VALUE, applied in order (apply_overrides)
  stats::Target target;                // without statistics: statistics only, no cost
  std::string backend = "auto";        // auto | cpu | cuda
  ModelEvaluatorOptions options;       // on_trial_done is not sent
};

// The recipe's config: parse_model_config(config_document, config_source) with the overrides.
ModelConfig recipe_config(const EvaluatorRecipe& recipe);

std::vector<uint8_t> encode_recipe(const EvaluatorRecipe& recipe);
EvaluatorRecipe decode_recipe(const std::vector<uint8_t>& bytes);

}  // namespace spikefit::experiments
