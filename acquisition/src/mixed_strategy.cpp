#include <algorithm>
#include <cmath>

#include "batch_parts.hpp"
#include "model_based_strategy.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"

namespace spikefit::acquisition {

namespace {

int64_t share_of(double share, int64_t q) {
  return static_cast<int64_t>(std::llround(share * static_cast<double>(q)));
}

class MixedStrategy final : public TrustRegionStrategy {
 public:
  MixedStrategy(int64_t dims, StrategyOptions options)
      : TrustRegionStrategy(dims, std::move(options)),
        in_region_(options_.thompson_in_trust_region == TrustRegionUse::kAlways ||
                   (options_.thompson_in_trust_region == TrustRegionUse::kAuto && dims >= 10)) {}
  std::string name() const override { return "mixed"; }

 private:
  void prepare(const ModelSet& models, const ProposeRequest& request) override {
    if (in_region_) region_.update(models, request.q);
  }

  void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) override {
    const int64_t q = request.q;
    const int64_t greedy = std::min(q, share_of(options_.greedy_share, q));
    const int64_t sobol = std::min(q - greedy, share_of(options_.sobol_share, q));
    const int64_t thompson = q - greedy - sobol;

    const at::Tensor centre = models.observed_x[incumbent_index(models)].to(at::kDouble);
    add_greedy(batch, models, greedy, (centre - options_.local_radius).clamp(0.0, 1.0),
               (centre + options_.local_radius).clamp(0.0, 1.0), options_,
               derive_seed(request.seed, 1));
    if (in_region_) {
      region_.add_batch(batch, models, thompson, ProposalSource::kTrustRegion, options_,
                        derive_seed(request.seed, 2));
    } else {
      const at::Tensor candidates =
          global_candidates(models, options_, derive_seed(request.seed, 3));
      add_thompson(batch, models, candidates, thompson, ProposalSource::kThompson,
                   derive_seed(request.seed, 4));
    }
    // Sobol points: the share asked for, plus whatever the parts above could not supply
    batch.fill(q, ProposalSource::kSobol, derive_seed(request.seed, 5));
  }

  bool in_region_;
};

}  // namespace

std::unique_ptr<BatchStrategy> make_mixed_strategy(int64_t dims, const StrategyOptions& options) {
  return std::make_unique<MixedStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
