#include <algorithm>
#include <cmath>

#include "batch_parts.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/optimizer.hpp"
#include "spikefit/acquisition/qlognei.hpp"
#include "spikefit/acquisition/strategies.hpp"

namespace spikefit::acquisition {

void add_greedy(BatchBuilder& batch, const ModelSet& models, int64_t count, const at::Tensor& lower,
                const at::Tensor& upper, const StrategyOptions& options, uint64_t seed) {
  count = std::min(count, batch.remaining());
  if (count <= 0) return;
  surrogate::ExactGp gp = *models.objective;
  const at::Tensor conditioned = batch.pending_and_chosen();
  if (conditioned.size(0) > 0) {
    at::NoGradGuard no_grad;
    gp = gp.extended(conditioned, gp.posterior(conditioned).mean);
  }
  double best = models.observed_y[incumbent_index(models)].item<double>();
  at::Tensor baseline;  // qLogNEI: the observed feasible rows with the lowest posterior mean
  if (options.greedy_acquisition == GreedyAcquisition::kQLogNei) {
    const at::Tensor feasible = at::nonzero(models.observed_y.isfinite()).squeeze(1);
    baseline = qlognei_baseline(*models.objective,
                                models.observed_x.index_select(0, feasible).to(at::kDouble),
                                std::min<int64_t>(options.baseline, 20));
  }
  for (int64_t pick = 0; pick < count; ++pick) {
    const uint64_t pick_seed = derive_seed(seed, static_cast<uint64_t>(pick));
    AcquisitionFunction acquisition;
    if (options.greedy_acquisition == GreedyAcquisition::kQLogNei) {
      QLogNeiOptions q;
      q.samples = options.mc_samples;
      q.seed = derive_seed(pick_seed, 1);
      acquisition = qlognei_function(gp, baseline, q);
    } else {
      acquisition = log_ei_function(gp, best);
    }
    acquisition = with_feasibility(std::move(acquisition), models.feasibility);
    OptimizerOptions o = options.optimizer;
    o.seed = derive_seed(pick_seed, 0);
    const OptimizerResult r = optimize_acquisition(acquisition, lower, upper, o);
    bool added = false;
    for (int64_t i = 0; i < r.x.size(0) && !added; ++i) {
      added = batch.try_add(r.x[i], ProposalSource::kGreedy);
    }
    if (!added) batch.fill(batch.size() + 1, ProposalSource::kSobol, derive_seed(pick_seed, 2));
    // Kriging believer: the pick is observed at its posterior mean
    at::NoGradGuard no_grad;
    const at::Tensor x = batch.chosen().slice(0, batch.size() - 1);  // [1 x d]
    const at::Tensor mean = gp.posterior(x).mean;
    gp = gp.extended(x, mean);
    best = std::min(best, mean.item<double>());
  }
}

namespace {

class GreedyStrategy final : public BatchStrategy {
 public:
  GreedyStrategy(int64_t dims, StrategyOptions options)
      : dims_(dims), options_(std::move(options)) {}
  std::string name() const override { return "greedy"; }

  Proposal propose(const ModelSet& models, const ProposeRequest& request) override {
    check_proposal_inputs(models, request, dims_);
    BatchBuilder batch(models, request, options_.min_distance);
    if (models.objective == nullptr || incumbent_index(models) < 0) {
      add_feasibility_first(batch, models, request.q, options_, request.seed);
      return batch.finish();
    }
    add_greedy(batch, models, request.q, at::zeros({dims_}, at::kDouble),
               at::ones({dims_}, at::kDouble), options_, derive_seed(request.seed, 1));
    return batch.finish();
  }

 private:
  int64_t dims_;
  StrategyOptions options_;
};

}  // namespace

std::unique_ptr<BatchStrategy> make_greedy_strategy(int64_t dims, const StrategyOptions& options) {
  return std::make_unique<GreedyStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
