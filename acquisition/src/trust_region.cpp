#include "trust_region.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "batch_parts.hpp"
#include "spikefit/acquisition/candidates.hpp"

namespace spikefit::acquisition {

bool TrustRegionLength::record(bool success, int failure_tolerance) {
  if (success) {
    ++successes_;
    failures_ = 0;
  } else {
    ++failures_;
    successes_ = 0;
  }
  if (successes_ >= options_.success_tolerance) {
    length_ = std::min(2.0 * length_, options_.length_max);
    successes_ = 0;
  } else if (failures_ >= failure_tolerance) {
    length_ /= 2.0;
    failures_ = 0;
  }
  if (length_ >= options_.length_min) return false;
  length_ = options_.length_init;
  successes_ = failures_ = 0;
  ++restarts_;
  return true;
}

void TrustRegionLength::save(nlohmann::json& state) const {
  state["length"] = length_;
  state["successes"] = successes_;
  state["failures"] = failures_;
  state["restarts"] = restarts_;
}

void TrustRegionLength::load(const nlohmann::json& state, const std::string& what) {
  for (const char* key : {"length", "successes", "failures", "restarts"}) {
    if (!state.contains(key) || !state[key].is_number()) {
      throw std::invalid_argument(what + ": missing or non-numeric '" + key + "'");
    }
  }
  const double length = state["length"].get<double>();
  if (!(length > 0.0)) throw std::invalid_argument(what + ": 'length' must be > 0");
  length_ = length;
  successes_ = state["successes"].get<int>();
  failures_ = state["failures"].get<int>();
  restarts_ = state["restarts"].get<int>();
}

int failure_tolerance(const TrustRegionOptions& options, int64_t dims, int64_t q) {
  if (options.failure_tolerance > 0) return options.failure_tolerance;
  const double qd = static_cast<double>(std::max<int64_t>(1, q));
  return static_cast<int>(std::ceil(std::max(4.0 / qd, static_cast<double>(dims) / qd)));
}

bool improves(double value, double best) {
  return value < best - 1e-3 * std::abs(best);
}

void trust_region_box(const surrogate::PosteriorModel& model, const at::Tensor& center,
                      double length, at::Tensor& lower, at::Tensor& upper) {
  const at::Tensor lengthscales = model.lengthscales().detach().to(at::kDouble);
  const at::Tensor weights = lengthscales / lengthscales.log().mean().exp();  // geometric mean 1
  lower = (center - weights * length / 2.0).clamp(0.0, 1.0);
  upper = (center + weights * length / 2.0).clamp(0.0, 1.0);
}

TrustRegion::TrustRegion(int64_t dims, TrustRegionOptions options)
    : dims_(dims), options_(options), length_(options) {}

int TrustRegion::failure_tolerance(int64_t q) const {
  return acquisition::failure_tolerance(options_, dims_, q);
}

void TrustRegion::update(const ModelSet& models, int64_t q) {
  const int64_t n = models.observed_x.size(0);
  if (previous_count_ > n) {
    throw std::invalid_argument("trust region: " + std::to_string(n) +
                                " observations, fewer than the " + std::to_string(previous_count_) +
                                " of the previous proposal");
  }
  if (previous_count_ >= 0 && n > previous_count_) {
    const at::Tensor y = judged_objective(models);  // noise-aware: posterior means
    const int64_t before = lowest_index(y, restart_from_, previous_count_);
    if (before >= 0) {  // the first batch after a restart is a design, not judged
      const double best = y[before].item<double>();
      const at::Tensor fresh = y.slice(0, previous_count_, n);
      const at::Tensor finite = fresh.masked_select(fresh.isfinite());
      const bool success = finite.numel() > 0 && improves(finite.min().item<double>(), best);
      if (length_.record(success, failure_tolerance(previous_q_))) restart_from_ = n;
    }
  }
  previous_count_ = n;
  previous_q_ = q;
}

void TrustRegion::box(const surrogate::PosteriorModel& model, const at::Tensor& center,
                      at::Tensor& lower, at::Tensor& upper) const {
  trust_region_box(model, center, length_.length(), lower, upper);
}

void TrustRegion::add_batch(BatchBuilder& batch, const ModelSet& models, int64_t count,
                            ProposalSource source, const StrategyOptions& options,
                            uint64_t seed) const {
  const int64_t target = batch.size() + std::min(count, batch.remaining());
  const int64_t incumbent = incumbent_index(models, restart_from_);
  if (models.objective == nullptr || incumbent < 0) {
    if (lowest_index(models.observed_y) < 0) {
      add_feasibility_first(batch, models, count, options, seed);
    } else {
      batch.fill(target, ProposalSource::kSobol, derive_seed(seed, 0));  // fresh design
    }
    return;
  }
  const at::Tensor center = models.observed_x[incumbent].to(at::kDouble);
  at::Tensor lower, upper;
  box(*models.objective, center, lower, upper);
  const int64_t n = options.candidates > 0 ? options.candidates : default_candidate_count(dims_);
  const at::Tensor candidates =
      perturbation_candidates(center, lower, upper, n, derive_seed(seed, 1));
  add_thompson(batch, models, candidates, count, source, derive_seed(seed, 2));
  batch.fill(target, source, derive_seed(seed, 3), lower, upper);
}

nlohmann::json TrustRegion::state() const {
  nlohmann::json state = {{"previous_count", previous_count_},
                          {"previous_q", previous_q_},
                          {"restart_from", restart_from_}};
  length_.save(state);
  return state;
}

void TrustRegion::restore(const nlohmann::json& state) {
  for (const char* key : {"previous_count", "previous_q", "restart_from"}) {
    if (!state.contains(key) || !state[key].is_number()) {
      throw std::invalid_argument(std::string("trust region state: missing or non-numeric '") +
                                  key + "'");
    }
  }
  length_.load(state, "trust region state");
  previous_count_ = state["previous_count"].get<int64_t>();
  previous_q_ = state["previous_q"].get<int64_t>();
  restart_from_ = state["restart_from"].get<int64_t>();
}

}  // namespace spikefit::acquisition
