#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "batch_builder.hpp"
#include "spikefit/acquisition/batch_strategy.hpp"
#include "spikefit/acquisition/strategy_options.hpp"
#include "trust_region.hpp"

namespace spikefit::acquisition {

// The shell of the single-objective model-based strategies (ts, greedy, turbo, turbo-m, mixed):
// propose() checks the inputs, lets the strategy look at the models first (prepare: trust-region
// bookkeeping), builds the de-duplicated batch and, while there is no objective model or no
// feasible row, fills it feasibility-first (unless the strategy handles that itself); otherwise
// the strategy's fill() supplies the request.q rows.
class ModelBasedStrategy : public BatchStrategy {
 public:
  ModelBasedStrategy(int64_t dims, StrategyOptions options)
      : dims_(dims), options_(std::move(options)) {}
  Proposal propose(const ModelSet& models, const ProposeRequest& request) final;

 protected:
  virtual void prepare(const ModelSet& /*models*/, const ProposeRequest& /*request*/) {}
  // Whether the shell fills the batch feasibility-first without a model or a feasible row.
  virtual bool feasibility_first() const { return true; }
  virtual void fill(BatchBuilder& batch, const ModelSet& models, const ProposeRequest& request) = 0;

  int64_t dims_;
  StrategyOptions options_;
};

// A model-based strategy with one persistent trust region (turbo, mixed): state() / restore()
// keep it under "trust_region".
class TrustRegionStrategy : public ModelBasedStrategy {
 public:
  TrustRegionStrategy(int64_t dims, StrategyOptions options)
      : ModelBasedStrategy(dims, std::move(options)), region_(dims, options_.trust_region) {}
  nlohmann::json state() const override { return {{"trust_region", region_.state()}}; }
  void restore(const nlohmann::json& state) override;

 protected:
  TrustRegion region_;
};

}  // namespace spikefit::acquisition
