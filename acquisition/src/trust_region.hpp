#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "batch_builder.hpp"
#include "spikefit/acquisition/strategy_options.hpp"

namespace spikefit::acquisition {

// The side length of one TuRBO region and its counters (Eriksson et al. 2019): after each judged
// batch, success_tolerance successes in a row double the length (up to length_max),
// failure_tolerance failures in a row halve it, and below length_min the region restarts
// (length_init, counters reset).
class TrustRegionLength {
 public:
  explicit TrustRegionLength(const TrustRegionOptions& options)
      : options_(options), length_(options.length_init) {}

  // Records one judged batch; returns true when the region collapsed and restarted.
  bool record(bool success, int failure_tolerance);

  double length() const { return length_; }
  int successes() const { return successes_; }
  int failures() const { return failures_; }
  int restarts() const { return restarts_; }

  // Adds / reads the keys length, successes, failures, restarts; `what` names the owner in errors.
  void save(nlohmann::json& state) const;
  void load(const nlohmann::json& state, const std::string& what);

 private:
  TrustRegionOptions options_;
  double length_;
  int successes_ = 0;
  int failures_ = 0;
  int restarts_ = 0;
};

// TuRBO's failure tolerance: options.failure_tolerance, or ceil(max(4 / q, d / q)) when it is 0.
int failure_tolerance(const TrustRegionOptions& options, int64_t dims, int64_t q);
// Whether value improves on best by TuRBO's margin (1e-3 |best|).
bool improves(double value, double best);
// The box [lower, upper] ([d] each, clamped to the unit cube) of side `length` around center [d],
// stretched per dimension by the GP lengthscales normalised to geometric mean 1.
void trust_region_box(const surrogate::PosteriorModel& model, const at::Tensor& center,
                      double length, at::Tensor& lower, at::Tensor& upper);

// One TuRBO trust region (TuRBO-1; BoTorch's TuRBO-1 tutorial): a box centred at the best point
// observed since the region's last restart, best by posterior mean (judged_objective: noise-aware).
// After each batch: success (the batch's lowest posterior mean improved on the region's best by
// more than 1e-3 |best|) or failure, adapting the length (TrustRegionLength); on
// a restart observations before it no longer count for the incumbent, and the next batch is
// space-filling.
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
  void box(const surrogate::PosteriorModel& model, const at::Tensor& center, at::Tensor& lower,
           at::Tensor& upper) const;
  int failure_tolerance(int64_t q) const;

  double length() const { return length_.length(); }
  int successes() const { return length_.successes(); }
  int failures() const { return length_.failures(); }
  int restarts() const { return length_.restarts(); }
  int64_t restart_from() const { return restart_from_; }

  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  int64_t dims_;
  TrustRegionOptions options_;
  TrustRegionLength length_;
  int64_t previous_count_ = -1;  // rows observed at the previous proposal (-1: none yet)
  int64_t previous_q_ = 0;       // size of that batch
  int64_t restart_from_ = 0;     // first row that counts for the incumbent
};

}  // namespace spikefit::acquisition
