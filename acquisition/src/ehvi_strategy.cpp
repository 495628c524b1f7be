#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "pareto_candidates.hpp"
#include "spikefit/acquisition/nondominated_boxes.hpp"
#include "spikefit/acquisition/pareto_strategy.hpp"

namespace spikefit::acquisition {

namespace {

// BoTorch's infer_reference_point: the nadir of the front moved out by 0.1 of its range (or of
// its magnitude where the range is zero).
std::vector<double> inferred_reference(const at::Tensor& front) {
  const at::Tensor low = std::get<0>(front.min(0)), high = std::get<0>(front.max(0));
  at::Tensor range = high - low;
  range = at::where(range > 0, range, high.abs().clamp_min(1.0));
  const at::Tensor ref = (high + 0.1 * range).contiguous();
  return std::vector<double>(ref.data_ptr<double>(), ref.data_ptr<double>() + ref.numel());
}

class EhviStrategy final : public ParetoStrategy {
 public:
  explicit EhviStrategy(const ParetoOptions& options) : options_(options) {}
  std::string name() const override { return "ehvi"; }

  Proposal propose(const ParetoModelSet& models, const ProposeRequest& request) override {
    at::NoGradGuard no_grad;
    const std::size_t k = models.objectives.size();
    if (k < 2 || k > kMaxEhviObjectives) {
      throw std::invalid_argument("ehvi: implemented for 2 to 4 objectives, got " +
                                  std::to_string(k) + " (use parego)");
    }
    const detail::ParetoCandidates c = detail::build_pareto_candidates(models, request, options_);
    const std::vector<double> ref = models.reference_point.empty()
                                        ? inferred_reference(c.observed_front)
                                        : models.reference_point;
    if (ref.size() != k) {
      throw std::invalid_argument("ehvi: reference point must have " + std::to_string(k) +
                                  " entries");
    }
    const int64_t m = c.candidates, samples = options_.mc_samples;
    // y[s][j][o]: sample s of objective o at column j (candidates, then the baseline)
    const at::Tensor y = at::stack(c.samples, 2).contiguous();  // [S x (m + b) x k]
    auto ya = y.accessor<double, 3>();
    // Per sample: the non-dominated baseline values and the boxes of the region they leave.
    std::vector<Points> baseline(static_cast<std::size_t>(samples));
    std::vector<NondominatedBoxes> boxes(static_cast<std::size_t>(samples),
                                         NondominatedBoxes({}, ref));
    auto add_to_baseline = [&](int64_t s, int64_t j) {
      baseline[s].emplace_back(&ya[s][j][0], &ya[s][j][0] + k);
    };
    auto rebuild = [&](int64_t s) {
      Points front;
      for (std::size_t i : pareto_front(baseline[s])) front.push_back(baseline[s][i]);
      baseline[s] = std::move(front);
      boxes[s] = NondominatedBoxes(baseline[s], ref);
    };
    for (int64_t s = 0; s < samples; ++s) {
      for (int64_t j = m; j < m + c.baseline; ++j) add_to_baseline(s, j);
      rebuild(s);
    }
    // Spread of the samples: the fallback score where no candidate improves in any sample.
    at::Tensor spread = at::zeros({m}, at::kDouble);
    for (const at::Tensor& sample : c.samples) spread += sample.slice(1, 0, m).var(0);
    auto spread_a = spread.accessor<double, 1>();
    auto log_feasibility = c.log_feasibility.accessor<double, 1>();

    auto pick = [&](int64_t, const std::vector<bool>& available) {
      int64_t best_j = -1, fallback_j = -1;
      double best_score = -std::numeric_limits<double>::infinity();
      double fallback_score = -std::numeric_limits<double>::infinity();
      for (int64_t j = 0; j < m; ++j) {
        if (!available[static_cast<std::size_t>(j)]) continue;
        double total = 0.0;
        for (int64_t s = 0; s < samples; ++s) total += boxes[s].improvement(&ya[s][j][0]);
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
      for (int64_t s = 0; s < samples; ++s) {
        add_to_baseline(s, j);
        rebuild(s);
      }
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
