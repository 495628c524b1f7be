#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>

#include "batch_builder.hpp"
#include "spikefit/acquisition/strategy_options.hpp"

namespace spikefit::acquisition {

// One TuRBO trust region (Eriksson et al. 2019; BoTorch's TuRBO-1 tutorial): a box of side
// `length` (scaled per dimension by the GP lengthscales, normalised to geometric mean 1) centred
// at the best point observed since the region's last restart. After each batch: success (the
// batch improved the region's best by more than 1e-3 |best|) or failure; success_tolerance
// successes in a row double the length (up to length_max), failure_tolerance failures in a row
// halve it; below length_min the region restarts (length_init, observations before it no longer
// count for the incumbent, and the next batch is space-filling).
class TrustRegion {
 public:
  TrustRegion(int64_t dims, TrustRegionOptions options);

  // Judges the rows observed since the previous call (rows [previous_count, n)) and adapts the
  // length; q is the size of the batch about to be proposed.
  void update(const ModelSet& models, int64_t q);
  // Adds count rows: Thompson sampling on perturbation candidates inside the box (source), or
  // space-filling / feasibility-first rows when the region has no incumbent yet.
  void add_batch(BatchBuilder& batch, const ModelSet& models, int64_t count, ProposalSource source,
                 const StrategyOptions& options, uint64_t seed) const;
  // The box [lower, upper] ([d] each) around center [d] for the GP's lengthscales.
  void box(const surrogate::ExactGp& gp, const at::Tensor& center, at::Tensor& lower,
           at::Tensor& upper) const;
  int failure_tolerance(int64_t q) const;

  double length() const { return length_; }
  int successes() const { return successes_; }
  int failures() const { return failures_; }
  int restarts() const { return restarts_; }
  int64_t restart_from() const { return restart_from_; }

  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  int64_t dims_;
  TrustRegionOptions options_;
  double length_;
  int successes_ = 0;
  int failures_ = 0;
  int restarts_ = 0;
  int64_t previous_count_ = -1;  // rows observed at the previous proposal (-1: none yet)
  int64_t previous_q_ = 0;       // size of that batch
  int64_t restart_from_ = 0;     // first row that counts for the incumbent
};

}  // namespace spikefit::acquisition
