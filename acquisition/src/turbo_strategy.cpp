#include "batch_parts.hpp"
#include "model_based_strategy.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"

namespace spikefit::acquisition {

namespace {

// The region supplies its own feasibility-first or space-filling rows until it has an incumbent.
class TurboStrategy final : public TrustRegionStrategy {
 public:
  using TrustRegionStrategy::TrustRegionStrategy;
  std::string name() const override { return "turbo"; }

 private:
  void prepare(const ModelSet& models, const ProposeRequest& request) override {
    region_.update(models, request.q);
  }
  bool feasibility_first() const override { return false; }
  void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) override {
    region_.add_batch(batch, models, request.q, ProposalSource::kTrustRegion, options_,
                      derive_seed(request.seed, 0));
  }
};

}  // namespace

std::unique_ptr<BatchStrategy> make_turbo_strategy(int64_t dims, const StrategyOptions& options) {
  if (options.regions > 1) return make_turbo_m_strategy(dims, options);
  return std::make_unique<TurboStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
