#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <vector>

namespace spikefit::stats {

// Factor analysis y = d + L z + e, z ~ N(0, I_q), e ~ N(0, diag(psi)), fitted by the EM of
// Byron Yu's fastfa.m as SNOPS uses it (specs/snops.md §3.1). Data X are [dims x points].
struct FaModel {
  Eigen::MatrixXd loadings;  // L [dims x q]
  Eigen::VectorXd psi;       // private variances [dims]
  Eigen::VectorXd mean;      // d [dims]
  int latent_dims() const { return static_cast<int>(loadings.cols()); }
};

struct FaOptions {
  double tol = 1e-8;           // stop when LL_i - LL_base < (1 + tol)(LL_{i-1} - LL_base)
  double min_var_frac = 0.01;  // psi >= min_var_frac * diag(cov); <= 0: no floor (CV folds)
  long max_iterations = 100000000;
};

enum class FaStatus { kOk, kNotPositiveDefinite };

struct FaFit {
  FaStatus status = FaStatus::kOk;
  FaModel model;
  int iterations = 0;
  double loglik = 0.0;  // log-likelihood at the last E-step
};

// The sufficient statistics FA needs: mean [dims], covariance with 1/N [dims x dims], N.
struct FaMoments {
  Eigen::VectorXd mean;
  Eigen::MatrixXd covariance;
  double points = 0;
};
FaMoments moments_of(const Eigen::MatrixXd& data);

// fastfa.m from given initial loadings [dims x q] (q >= 1): covariance with 1/N, psi initialised
// to diag(cov), EM until the relative-improvement rule, psi floored after each M-step.
FaFit fit_fa(const FaMoments& moments, const Eigen::MatrixXd& initial_loadings,
             const FaOptions& options);
FaFit fit_fa(const Eigen::MatrixXd& data, const Eigen::MatrixXd& initial_loadings,
             const FaOptions& options);

// fastfa.m's random initialisation L = randn * sqrt(scale / q), scale = det(cov)^(1/dims) (the
// geometric mean of the non-zero eigenvalues when cov is singular). The normals come from a
// Philox stream keyed by (seed, index).
Eigen::MatrixXd initial_loadings(const Eigen::MatrixXd& covariance, int q, uint64_t seed,
                                 uint64_t index);

// The independent-Gaussian model (q = 0): mean and 1/N variances.
FaModel fit_independent_gaussian(const Eigen::MatrixXd& data);

// Log-likelihood of data under a model (fastfa_estep / indepGaussEval), summed over points.
double fa_loglik(const Eigen::MatrixXd& data, const FaModel& model);
// The same from the scatter S = sum_t (x_t - mean)(x_t - mean)^T about the model's mean of
// `points` points [dims x dims].
double fa_loglik_from_scatter(const Eigen::MatrixXd& scatter, double points, const FaModel& model);

// 1-norm reciprocal condition number of a symmetric matrix (MATLAB's rcond, computed exactly).
double reciprocal_condition(const Eigen::MatrixXd& matrix);

}  // namespace spikefit::stats
