#pragma once

#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/stats/statistics.hpp"

namespace spikefit::experiments {

// The statistics an evaluation outcome carries (EvaluationOutcome::statistics as score_trial
// writes it through Model::statistics_json): every number or array of numbers at the top level
// or under "per_population", null read as NaN; feasible and reason are the outcome's. For a
// feasible trial this gives back every statistic the model computed, bit for bit (JSON keeps
// doubles exactly), plus the outcome's numeric fields (simulated_ms, trial_wall_s, ...), which
// no statistic is named like.
stats::Statistics outcome_statistics(const EvaluationOutcome& outcome);

}  // namespace spikefit::experiments
