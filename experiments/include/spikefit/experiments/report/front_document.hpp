#pragma once

#include <nlohmann/json.hpp>

#include <vector>

#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

// The Pareto front of a multi-objective study (`fit --objectives`) by replicate means, as
// `spikefit pareto` lists it and the report tabulates it:
//   {"objectives": [names], "reference_point": [k], "hypervolume", "hypervolume_se",
//    "front": [{"point", "evaluations", "objectives": [k means], "parameters": {name: value},
//               "statistics": {name: mean over the point's evaluations (scalar statistics)},
//               "trial_seeds": ["..."]}]}
// with the front sorted by its first objective. std::runtime_error naming the study when it has
// no objectives.
nlohmann::json front_document(const nlohmann::json& study,
                              const std::vector<StoredEvaluation>& evaluations,
                              const std::string& study_path);

}  // namespace spikefit::experiments
