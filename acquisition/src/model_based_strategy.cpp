#include "model_based_strategy.hpp"

#include <stdexcept>

#include "batch_parts.hpp"

namespace spikefit::acquisition {

Proposal ModelBasedStrategy::propose(const ModelSet& models, const ProposeRequest& request) {
  check_proposal_inputs(models, request, dims_);
  prepare(models, request);
  BatchBuilder batch(models, request, options_.min_distance);
  if (feasibility_first() && (models.objective == nullptr || lowest_index(models.observed_y) < 0)) {
    add_feasibility_first(batch, models, request.q, options_, request.seed);
  } else {
    fill(batch, models, request);
  }
  return batch.finish();
}

void TrustRegionStrategy::restore(const nlohmann::json& state) {
  if (!state.contains("trust_region")) {
    throw std::invalid_argument(name() + " state: missing 'trust_region'");
  }
  region_.restore(state["trust_region"]);
}

}  // namespace spikefit::acquisition
