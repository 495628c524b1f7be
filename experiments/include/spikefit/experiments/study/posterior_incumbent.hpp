#pragma once

#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/experiments/study/study_storage.hpp"
#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

// SNOPS's incumbent: the feasible observed point with the lowest posterior mean of the study's
// model (the cost GP, or the composite model of a --model composite study, fitted on every stored
// evaluation as a round fits it), i.e. the best point judged by the model rather than by its own
// replicates. With 2-3 noisy replicates the lowest replicate mean is a lucky draw (its cost is
// typically 2-3x optimistic); the model's expected cost pools every neighbouring evaluation.
struct PosteriorIncumbent {
  PointSummary point;          // with its replicate mean and SE
  double log_cost_mean = 0.0;  // posterior mean of the model's log cost at the point
  double log_cost_sd = 0.0;    // its posterior sd
  // The model's expected cost of a fresh run at the point: the cost GP's log-normal mean
  // exp(mean + noise / 2); the composite model's exp(mean) (it models log E[cost]).
  double expected_cost = 0.0;
  std::string model;  // "cost" or "composite"
};

// The incumbent of `models` (fitted on the points' rows; `cube` that of the fit) over `points`;
// nullopt without a feasible point or a fitted model.
std::optional<PosteriorIncumbent> posterior_incumbent(const surrogate::UnitCube& cube,
                                                      const RoundModels& models,
                                                      const std::vector<PointSummary>& points);

// The parameter box of a stored study (its document's "parameters").
surrogate::UnitCube study_unit_cube(const nlohmann::json& parameters);

// Fits the stored study's model (cost GP, or composite for a composite study) and finds its
// incumbent.
std::optional<PosteriorIncumbent> study_posterior_incumbent(const StudyStorage& storage);

}  // namespace spikefit::experiments
