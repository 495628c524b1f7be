#include <cmath>
#include <limits>

#include "pareto_candidates.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"
#include "spikefit/acquisition/scalarization.hpp"

namespace spikefit::acquisition {

namespace {

// log softplus(z), finite for any z.
at::Tensor log_softplus(const at::Tensor& z) {
  const at::Tensor mid = z.clamp(-20.0, 20.0);
  return at::where(z > 20.0, z.clamp_min(1.0).log(),
                   at::where(z < -20.0, z, mid.exp().log1p().log()));
}

class ParegoStrategy final : public ParetoStrategy {
 public:
  explicit ParegoStrategy(const ParetoOptions& options) : options_(options) {}
  std::string name() const override { return "parego"; }

  Proposal propose(const ParetoModelSet& models, const ProposeRequest& request) override {
    at::NoGradGuard no_grad;
    const detail::ParetoCandidates c = detail::build_pareto_candidates(models, request, options_);
    const int64_t m = c.candidates, k = static_cast<int64_t>(c.samples.size());
    // Objectives min-max normalised from the ideal to the nadir of the observed Pareto front
    // (not of all observations: far-off dominated points would squeeze the front into a
    // corner of the weight simplex): [S x (m + b) x k].
    const at::Tensor low = std::get<0>(c.observed_front.min(0));
    const at::Tensor range = (std::get<0>(c.observed_front.max(0)) - low).clamp_min(1e-9);
    const at::Tensor y = (at::stack(c.samples, 2) - low) / range;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(request.seed ^ 0x5bd1e995ULL);
    const at::Tensor weights = sample_simplex_weights(request.q, k, generator);  // [q x k]

    std::vector<int64_t> incumbents;  // joint-sample columns whose values the picks must beat
    for (int64_t j = m; j < m + c.baseline; ++j) incumbents.push_back(j);
    const double log_samples = std::log(static_cast<double>(options_.mc_samples));
    auto pick = [&](int64_t t, const std::vector<bool>& available) -> int64_t {
      const at::Tensor scalar = augmented_chebyshev(y, weights[t], options_.chebyshev_rho);
      const at::Tensor best = std::get<0>(
          scalar.index_select(1, at::tensor(incumbents, at::kLong)).min(1, /*keepdim=*/true));
      const at::Tensor improvement = best - scalar.slice(1, 0, m);  // [S x m]
      at::Tensor score = at::logsumexp(log_softplus(improvement / options_.log_ei_tau), 0) -
                         log_samples + std::log(options_.log_ei_tau) + c.log_feasibility;
      const at::Tensor mask =
          at::tensor(std::vector<uint8_t>(available.begin(), available.end()), at::kByte)
              .to(at::kBool);
      score = score.masked_fill(mask.logical_not(), -std::numeric_limits<double>::infinity());
      const int64_t j = score.argmax().item<int64_t>();
      return available[static_cast<std::size_t>(j)] ? j : -1;
    };
    return detail::pick_sequentially(c, request.q, options_.min_distance, name(), pick,
                                     [&](int64_t j) { incumbents.push_back(j); });
  }

 private:
  ParetoOptions options_;
};

}  // namespace

std::unique_ptr<ParetoStrategy> make_parego_strategy(const ParetoOptions& options) {
  return std::make_unique<ParegoStrategy>(options);
}

}  // namespace spikefit::acquisition
