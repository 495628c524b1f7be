#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "spikefit/experiments/config/model_config.hpp"
#include "spikefit/experiments/study/cost_formula.hpp"

namespace spikefit::experiments {

// What is read back from a stored study's document (StudyStorage::study()), without LibTorch.

// Refuses to resume `stored` with `given` (both study documents): the error names every field
// that differs (config hash, target, option values).
void check_resume(const nlohmann::json& stored, const nlohmann::json& given,
                  const std::string& study_path);

// The config of a stored simulation study, rebuilt from its document and overrides.
ModelConfig study_model_config(const nlohmann::json& study);

// The cost a simulation study's evaluations were scored by: its stored target and --metric.
CostFormula study_cost_formula(const nlohmann::json& study);

// Whether the study's rounds proposed from the statistics-level model (fit --model composite).
bool study_uses_composite_model(const nlohmann::json& study);

}  // namespace spikefit::experiments
