#include "batch_parts.hpp"
#include "spikefit/acquisition/candidates.hpp"
#include "spikefit/acquisition/strategies.hpp"
#include "trust_region.hpp"

namespace spikefit::acquisition {

namespace {

class TurboStrategy final : public BatchStrategy {
 public:
  TurboStrategy(int64_t dims, StrategyOptions options)
      : dims_(dims), options_(std::move(options)), region_(dims, options_.trust_region) {}
  std::string name() const override { return "turbo"; }

  Proposal propose(const ModelSet& models, const ProposeRequest& request) override {
    check_proposal_inputs(models, request, dims_);
    region_.update(models, request.q);
    BatchBuilder batch(models, request, options_.min_distance);
    region_.add_batch(batch, models, request.q, ProposalSource::kTrustRegion, options_,
                      derive_seed(request.seed, 0));
    return batch.finish();
  }
  nlohmann::json state() const override { return {{"trust_region", region_.state()}}; }
  void restore(const nlohmann::json& state) override {
    if (!state.contains("trust_region")) {
      throw std::invalid_argument("turbo state: missing 'trust_region'");
    }
    region_.restore(state["trust_region"]);
  }

 private:
  int64_t dims_;
  StrategyOptions options_;
  TrustRegion region_;
};

}  // namespace

std::unique_ptr<BatchStrategy> make_turbo_strategy(int64_t dims, const StrategyOptions& options) {
  if (options.regions > 1) return make_turbo_m_strategy(dims, options);
  return std::make_unique<TurboStrategy>(dims, options);
}

}  // namespace spikefit::acquisition
