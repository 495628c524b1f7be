#include <algorithm>
#include <cmath>
#include <memory>

#include "batch_parts.hpp"
#include "model_based_strategy.hpp"
#include "spikefit/acquisition/analytic.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/optimizer.hpp"
#include "spikefit/acquisition/qlognei.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/surrogate/incremental_gp.hpp"

namespace spikefit::acquisition {

namespace {

// qLogNEI picks: the MC acquisition on the model conditioned on each fantasy. The pending and
// chosen points join the baseline (as BoTorch's pending points join the joint improvement): a
// pick must improve on them too, so a noisy GP, whose fantasies barely move its posterior, does
// not pick the same point again.
void add_greedy_qlognei(BatchBuilder& batch, const ModelSet& models, int64_t count,
                        const at::Tensor& lower, const at::Tensor& upper,
                        const StrategyOptions& options, uint64_t seed) {
  std::unique_ptr<surrogate::PosteriorModel> gp = models.objective->clone();
  const at::Tensor conditioned = batch.pending_and_chosen();
  if (conditioned.size(0) > 0) {
    at::NoGradGuard no_grad;
    gp = gp->believer(conditioned);
  }
  const at::Tensor feasible = at::nonzero(models.observed_y.isfinite()).squeeze(1);
  const at::Tensor baseline = qlognei_baseline(
      *models.objective, models.observed_x.index_select(0, feasible).to(at::kDouble),
      std::min<int64_t>(options.baseline, 20));
  for (int64_t pick = 0; pick < count; ++pick) {
    const uint64_t pick_seed = derive_seed(seed, static_cast<uint64_t>(pick));
    QLogNeiOptions q;
    q.samples = options.mc_samples;
    q.seed = derive_seed(pick_seed, 1);
    const AcquisitionFunction acquisition =
        with_feasibility(qlognei_function(*gp, at::cat({baseline, batch.pending_and_chosen()}), q),
                         models.feasibility);
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
    gp = gp->believer(x);
  }
}

}  // namespace

void add_greedy(BatchBuilder& batch, const ModelSet& models, int64_t count, const at::Tensor& lower,
                const at::Tensor& upper, const StrategyOptions& options, uint64_t seed) {
  count = std::min(count, batch.remaining());
  if (count <= 0) return;
  if (options.greedy_acquisition == GreedyAcquisition::kQLogNei) {
    add_greedy_qlognei(batch, models, count, lower, upper, options, seed);
    return;
  }
  surrogate::IncrementalGp gp = models.objective->incremental();
  const OptimizerOptions& o = options.optimizer;
  at::Tensor raw, raw_log_pf;  // [r x d], [r]
  {
    at::NoGradGuard no_grad;
    const at::Tensor conditioned = batch.pending_and_chosen();
    if (conditioned.size(0) > 0) gp.add(conditioned, gp.posterior(conditioned).mean);
    raw = space_filling(o.raw_samples, batch.dims(), derive_seed(seed, 0), lower.to(at::kDouble),
                        upper.to(at::kDouble));
    gp.track(raw);
    raw_log_pf = models.feasibility != nullptr ? models.feasibility->log_probability(raw).detach()
                                               : at::zeros({o.raw_samples}, at::kDouble);
  }
  const at::Tensor judged = judged_objective(models);
  double best = judged[lowest_index(judged)].item<double>();  // noise-aware f+
  const bool polished = o.max_iterations > 0 &&
                        gp.base().size() + gp.added() + count <= options.greedy_polish_max_points;
  for (int64_t pick = 0; pick < count; ++pick) {
    const uint64_t pick_seed = derive_seed(seed, static_cast<uint64_t>(pick) + 1);
    const at::Tensor raw_values =
        log_expected_improvement(gp.candidate_mean(),
                                 gp.candidate_variance().clamp_min(1e-12).sqrt(), best) +
        raw_log_pf;         // [r]
    int64_t raw_pick = -1;  // the raw sample taken as it is, when not polished
    if (polished) {
      const AcquisitionFunction acquisition = with_feasibility(
          [&gp, best](const at::Tensor& x) {
            const surrogate::GpPosterior p = gp.posterior(x);
            return log_expected_improvement(p.mean, p.variance.clamp_min(1e-12).sqrt(), best);
          },
          models.feasibility);
      OptimizerOptions polish = o;
      polish.seed = derive_seed(pick_seed, 0);
      const OptimizerResult r =
          optimize_acquisition_from(acquisition, raw, raw_values, lower, upper, polish);
      bool added = false;
      for (int64_t i = 0; i < r.x.size(0) && !added; ++i) {
        added = batch.try_add(r.x[i], ProposalSource::kGreedy);
      }
      if (!added) batch.fill(batch.size() + 1, ProposalSource::kSobol, derive_seed(pick_seed, 2));
    } else {
      const at::Tensor order = raw_values.argsort(/*dim=*/0, /*descending=*/true);
      for (int64_t i = 0; i < order.size(0) && raw_pick < 0; ++i) {
        const int64_t index = order[i].item<int64_t>();
        if (batch.try_add(raw[index], ProposalSource::kGreedy)) raw_pick = index;
      }
      if (raw_pick < 0) {
        batch.fill(batch.size() + 1, ProposalSource::kSobol, derive_seed(pick_seed, 2));
      }
    }
    // Kriging believer: the pick is observed at its posterior mean
    at::NoGradGuard no_grad;
    if (raw_pick >= 0) {
      const double mean = gp.candidate_mean()[raw_pick].item<double>();
      gp.add_candidate(raw_pick, mean);
      best = std::min(best, mean);
    } else {
      const at::Tensor x = batch.chosen().slice(0, batch.size() - 1);  // [1 x d]
      const at::Tensor mean = gp.posterior(x).mean;
      gp.add(x, mean);
      best = std::min(best, mean.item<double>());
    }
  }
}

namespace {

class GreedyStrategy final : public ModelBasedStrategy {
 public:
  using ModelBasedStrategy::ModelBasedStrategy;
  std::string name() const override { return "greedy"; }

 private:
  void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) override {
    add_greedy(batch, models, request.q, at::zeros({dims_}, at::kDouble),
               at::ones({dims_}, at::kDouble), options_, derive_seed(request.seed, 1));
  }
};

}  // namespace

std::unique_ptr<BatchStrategy> make_greedy_strategy(int64_t dims, const StrategyOptions& options) {
  return std::make_unique<GreedyStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
