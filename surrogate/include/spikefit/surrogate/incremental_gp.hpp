#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate {

// An ExactGp conditioned on further points one block at a time (pending points, Kriging-believer
// fantasies) by extending its Cholesky factor instead of refactorising or copying it (limbo's
// add_sample, Eigen's block LLT). With L11 [n x n] the GP's cached factor and P [k x d] the points
// added so far, the factor of the extended kernel matrix is
//   [L11 0; L21 L22],  L21 = (L11^-1 K(X, P))^T [k x n],  L22 L22^T = K(P, P) + noise - L21 L21^T,
// grown by rows: adding m points costs O(n^2 m) for the solve against L11 plus O(n k m), and the
// n x n factor is never touched. Hyperparameters are the GP's, not refitted.
//
// Tracked candidates C [c x d] keep V = L^-1 K(X + P, C) [(n + k) x c], extended by m rows per
// addition in O((n + k) c m), so their posterior after each addition is read, not recomputed; a
// tracked candidate added as a point needs no solve against L11 at all (add_candidate).
class IncrementalGp {
 public:
  explicit IncrementalGp(const ExactGp& gp);

  // Conditions on x [m x d] observed as y [m] with observation-noise variances noise [m]; by
  // default the learned noise, or with known noise the mean training variance (as
  // ExactGp::extended). Throws std::runtime_error when the new block is not positive definite.
  void add(const at::Tensor& x, const at::Tensor& y, const at::Tensor& noise = at::Tensor());

  // Latent posterior at x [m x d] given the training and the added points (mean and variance,
  // no covariance), differentiable in x.
  GpPosterior posterior(const at::Tensor& x) const;

  // Starts tracking candidates [c x d] (replacing any tracked before): O(n^2 c + n k c) once.
  void track(const at::Tensor& candidates);
  const at::Tensor& candidates() const { return candidates_; }                  // [c x d]
  const at::Tensor& candidate_mean() const { return candidate_mean_; }          // [c]
  const at::Tensor& candidate_variance() const { return candidate_variance_; }  // [c], >= 0
  // add(candidates()[index], y) in O((n + k) c).
  void add_candidate(int64_t index, double y);

  int64_t added() const { return added_; }
  const ExactGp& base() const { return base_; }
  // The whole factor [(n + k) x (n + k)] (assembled; for checks, not needed by the posterior).
  at::Tensor factor() const;

 private:
  // Appends the rows of the points x [m x d] given a = L11^-1 K(X, x) [n x m] and
  // b = L22^-1 (K(P, x) - L21 a) [k x m].
  void append(const at::Tensor& x, const at::Tensor& y, const at::Tensor& noise,
              const at::Tensor& a, const at::Tensor& b);
  at::Tensor default_noise(int64_t m) const;                                       // [m]
  at::Tensor l21() const { return l21_.slice(0, 0, added_); }                      // [k x n]
  at::Tensor l22() const { return l22_.slice(0, 0, added_).slice(1, 0, added_); }  // [k x k]
  at::Tensor beta2() const { return beta2_.slice(0, 0, added_); }                  // [k]
  at::Tensor points() const { return points_.slice(0, 0, added_); }                // [k x d]
  void reserve(int64_t rows);

  ExactGp base_;
  at::Tensor l11_;    // [n x n] the GP's factor
  at::Tensor beta1_;  // L11^-1 (y - mean) [n]
  int64_t added_ = 0;
  // storage with capacity >= added_ rows, grown geometrically
  at::Tensor points_;  // [cap x d]
  at::Tensor l21_;     // [cap x n]
  at::Tensor l22_;     // [cap x cap], lower triangular in its leading k x k block
  at::Tensor beta2_;   // [cap] L22^-1 (y_P - mean - L21 beta1)

  at::Tensor candidates_;          // [c x d]
  at::Tensor candidate_v1_;        // L11^-1 K(X, C) [n x c]
  at::Tensor candidate_v2_;        // [cap x c], rows < added_: L22^-1 (K(P, C) - L21 V1)
  at::Tensor candidate_mean_;      // [c]
  at::Tensor candidate_variance_;  // [c]
};

}  // namespace spikefit::surrogate
