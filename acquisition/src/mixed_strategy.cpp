#include <algorithm>
#include <cmath>

#include "batch_parts.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "trust_region.hpp"

namespace spikefit::acquisition {

namespace {

int64_t share_of(double share, int64_t q) {
  return static_cast<int64_t>(std::llround(share * static_cast<double>(q)));
}

class MixedStrategy final : public BatchStrategy {
 public:
  MixedStrategy(int64_t dims, StrategyOptions options)
      : dims_(dims), options_(std::move(options)), region_(dims, options_.trust_region) {}
  std::string name() const override { return "mixed"; }

  Proposal propose(const ModelSet& models, const ProposeRequest& request) override {
    check_proposal_inputs(models, request, dims_);
    const bool in_region =
        options_.thompson_in_trust_region == TrustRegionUse::kAlways ||
        (options_.thompson_in_trust_region == TrustRegionUse::kAuto && dims_ >= 10);
    if (in_region) region_.update(models, request.q);
    BatchBuilder batch(models, request, options_.min_distance);
    const int64_t incumbent = incumbent_index(models);
    if (models.objective == nullptr || incumbent < 0) {
      add_feasibility_first(batch, models, request.q, options_, request.seed);
      return batch.finish();
    }
    const int64_t q = request.q;
    const int64_t greedy = std::min(q, share_of(options_.greedy_share, q));
    const int64_t sobol = std::min(q - greedy, share_of(options_.sobol_share, q));
    const int64_t thompson = q - greedy - sobol;

    const at::Tensor centre = models.observed_x[incumbent].to(at::kDouble);
    add_greedy(batch, models, greedy, (centre - options_.local_radius).clamp(0.0, 1.0),
               (centre + options_.local_radius).clamp(0.0, 1.0), options_,
               derive_seed(request.seed, 1));
    if (in_region) {
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
    return batch.finish();
  }

  nlohmann::json state() const override { return {{"trust_region", region_.state()}}; }
  void restore(const nlohmann::json& state) override {
    if (!state.contains("trust_region")) {
      throw std::invalid_argument("mixed state: missing 'trust_region'");
    }
    region_.restore(state["trust_region"]);
  }

 private:
  int64_t dims_;
  StrategyOptions options_;
  TrustRegion region_;
};

}  // namespace

std::unique_ptr<BatchStrategy> make_mixed_strategy(int64_t dims, const StrategyOptions& options) {
  return std::make_unique<MixedStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
