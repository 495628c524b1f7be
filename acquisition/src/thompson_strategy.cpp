#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "batch_parts.hpp"
#include "model_based_strategy.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"

namespace spikefit::acquisition {

void add_thompson(BatchBuilder& batch, const ModelSet& models, const at::Tensor& candidates,
                  int64_t count, ProposalSource source, uint64_t seed,
                  const surrogate::PosteriorSamplerOptions& sampler) {
  count = std::min(count, batch.remaining());
  if (count <= 0) return;
  at::NoGradGuard no_grad;
  const int64_t c = candidates.size(0);
  at::Tensor samples =
      models.objective->sample(candidates, count, derive_seed(seed, 0), sampler);  // [count x c]
  at::Tensor log_pf;                                                               // [c]
  if (models.feasibility != nullptr) {
    log_pf = models.feasibility->log_probability(candidates).detach();
    const auto generator = at::make_generator<at::CPUGeneratorImpl>(derive_seed(seed, 1));
    const at::Tensor u = at::rand({count, c}, generator, at::kDouble);  // [count x c]
    samples.masked_fill_(u.log() > log_pf.unsqueeze(0), std::numeric_limits<double>::infinity());
  }
  const at::Tensor order =
      samples.argsort(/*dim=*/int64_t{1}).contiguous();  // [count x c], best first
  const auto rank = order.accessor<int64_t, 2>();
  const auto value = samples.accessor<double, 2>();
  at::Tensor by_feasibility;  // fallback order when a sample draws every candidate infeasible
  int64_t fallbacks = 0, non_finite = 0;
  for (int64_t s = 0; s < count; ++s) {
    bool added = false;
    for (int64_t j = 0; j < c && !added; ++j) {
      const int64_t i = rank[s][j];
      if (!std::isfinite(value[s][i])) break;
      added = batch.try_add(candidates[i], source);
    }
    if (added) continue;
    ++fallbacks;
    for (int64_t i = 0; i < c; ++i) {
      if (std::isnan(value[s][i]) || value[s][i] == -std::numeric_limits<double>::infinity()) {
        ++non_finite;
        break;
      }
    }
    if (log_pf.defined()) {
      if (!by_feasibility.defined()) by_feasibility = log_pf.argsort(0, /*descending=*/true);
      for (int64_t j = 0; j < c && !added; ++j) {
        added = batch.try_add(candidates[by_feasibility[j].item<int64_t>()], source);
      }
    }
  }
  if (fallbacks > 0) {
    std::fprintf(stderr,
                 "thompson sampling: %lld of %lld posterior samples gave no finite, feasible, new "
                 "candidate (%lld with non-finite values); %s\n",
                 static_cast<long long>(fallbacks), static_cast<long long>(count),
                 static_cast<long long>(non_finite),
                 log_pf.defined() ? "took the most probably feasible candidates instead"
                                  : "their rows are left to the batch's filler");
  }
}

at::Tensor global_candidates(const ModelSet& models, const StrategyOptions& options,
                             uint64_t seed) {
  const int64_t d = models.observed_x.size(1);
  const int64_t total = options.candidates > 0 ? options.candidates : default_candidate_count(d);
  // the best observed (finite) rows as judged (noise-aware), lowest first
  const at::Tensor y = judged_objective(models);
  const at::Tensor finite = at::nonzero(y.isfinite()).squeeze(1);
  const at::Tensor order = finite.index_select(0, y.index_select(0, finite).argsort());
  const int64_t centres = std::min<int64_t>(options.local_centres, order.size(0));
  const int64_t local = centres > 0 ? total / 2 : 0;
  std::vector<at::Tensor> parts{space_filling(total - local, d, derive_seed(seed, 0))};
  for (int64_t k = 0; k < centres; ++k) {
    const int64_t n = local / centres + (k < local % centres ? 1 : 0);
    const at::Tensor centre = models.observed_x[order[k].item<int64_t>()].to(at::kDouble);
    const at::Tensor lower = (centre - options.local_radius).clamp(0.0, 1.0);
    const at::Tensor upper = (centre + options.local_radius).clamp(0.0, 1.0);
    parts.push_back(perturbation_candidates(centre, lower, upper, n, derive_seed(seed, 1 + k)));
  }
  return at::cat(parts);
}

namespace {

class ThompsonStrategy final : public ModelBasedStrategy {
 public:
  using ModelBasedStrategy::ModelBasedStrategy;
  std::string name() const override { return "ts"; }

 private:
  void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) override {
    const at::Tensor candidates = global_candidates(models, options_, derive_seed(request.seed, 0));
    add_thompson(batch, models, candidates, request.q, ProposalSource::kThompson,
                 derive_seed(request.seed, 1), options_.thompson_sampler);
    batch.fill(request.q, ProposalSource::kSobol, derive_seed(request.seed, 2));
  }
};

}  // namespace

std::unique_ptr<BatchStrategy> make_thompson_strategy(int64_t dims,
                                                      const StrategyOptions& options) {
  return std::make_unique<ThompsonStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
