#include <cmath>
#include <limits>
#include <stdexcept>

#include "pareto_candidates.hpp"
#include "spikefit/acquisition/hypervolume_improvement.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"

namespace spikefit::acquisition {

namespace {

// BoTorch's infer_reference_point: the nadir of the front moved out by 0.1 of its range (or of
// its magnitude where the range is zero).
std::vector<double> inferred_reference(const at::Tensor& front) {
  const at::Tensor low = std::get<0>(front.min(0)), high = std::get<0>(front.max(0));
  at::Tensor range = high - low;
  range = at::where(range > 0, range, high.abs().clamp_min(1.0));
  const at::Tensor ref = high + 0.1 * range;
  return {ref[0].item<double>(), ref[1].item<double>()};
}

class EhviStrategy final : public ParetoStrategy {
 public:
  explicit EhviStrategy(const ParetoOptions& options) : options_(options) {}
  std::string name() const override { return "ehvi"; }

  Proposal propose(const ParetoModelSet& models, const ProposeRequest& request) override {
    at::NoGradGuard no_grad;
    if (models.objectives.size() != 2) {
      throw std::invalid_argument("ehvi: implemented for exactly 2 objectives");
    }
    const detail::ParetoCandidates c = detail::build_pareto_candidates(models, request, options_);
    const std::vector<double> ref = models.reference_point.empty()
                                        ? inferred_reference(c.observed_front)
                                        : models.reference_point;
    if (ref.size() != 2) throw std::invalid_argument("ehvi: reference point must have 2 entries");
    const int64_t m = c.candidates, samples = options_.mc_samples;
    auto y1 = c.samples[0].accessor<double, 2>();  // [S x (m + b)]
    auto y2 = c.samples[1].accessor<double, 2>();
    std::vector<Front2d> fronts(static_cast<std::size_t>(samples));
    for (int64_t s = 0; s < samples; ++s) {
      for (int64_t j = m; j < m + c.baseline; ++j) fronts[s].insert(y1[s][j], y2[s][j]);
    }
    // Spread of the samples: the fallback score where no candidate improves in any sample.
    const at::Tensor spread =
        (c.samples[0].slice(1, 0, m).var(0) + c.samples[1].slice(1, 0, m).var(0)).contiguous();
    auto spread_a = spread.accessor<double, 1>();
    auto log_feasibility = c.log_feasibility.accessor<double, 1>();

    auto pick = [&](int64_t, const std::vector<bool>& available) {
      int64_t best_j = -1, fallback_j = -1;
      double best_score = -std::numeric_limits<double>::infinity();
      double fallback_score = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < m; ++j) {
        if (!available[static_cast<std::size_t>(j)]) continue;
        double total = 0.0;
        for (int64_t s = 0; s < samples; ++s) {
          total += fronts[s].improvement(y1[s][j], y2[s][j], ref[0], ref[1]);
        }
        if (total > 0.0) {
          const double score = std::log(total / static_cast<double>(samples)) + log_feasibility[j];
          if (score > best_score) best_score = score, best_j = j;
        }
        const double fallback = std::log(spread_a[j] + 1e-300) + log_feasibility[j];
        if (fallback > fallback_score) fallback_score = fallback, fallback_j = j;
      }
      return best_j >= 0 ? best_j : fallback_j;
    };
    auto take = [&](int64_t j) {
      for (int64_t s = 0; s < samples; ++s) fronts[s].insert(y1[s][j], y2[s][j]);
    };
    return detail::pick_sequentially(c, request.q, options_.min_distance, name(), pick, take);
  }

 private:
  ParetoOptions options_;
};

}  // namespace

std::unique_ptr<ParetoStrategy> make_ehvi_strategy(const ParetoOptions& options) {
  return std::make_unique<EhviStrategy>(options);
}

}  // namespace spikefit::acquisition
