#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <functional>
#include <vector>

#include "spikefit/stats/factor_analysis.hpp"

namespace spikefit::stats {

// Cross-validated FA log-likelihood (crossvalidate_fa.m): the points are permuted, split into
// `folds` contiguous blocks (MATLAB's floor(linspace(1, N+1, folds+1)) boundaries), each
// candidate q is fitted on the other blocks (tol 1e-5, no variance floor; q = 0 is the
// independent-Gaussian model) and scored by the held-out log-likelihood under the training mean,
// summed over folds. Dimensions with zero training variance are dropped from that fold.
struct CrossValidation {
  bool ok = true;  // false: a training covariance was singular (rcond < 1e-8)
                   // or an EM fit failed, the case in which SNOPS falls back to q = 1
  std::vector<double> summed_loglik;  // per candidate
};

struct CrossValidationOptions {
  int folds = 5;
  double tol = 1e-5;
};

// Initial loadings [dims x q] of the fit of candidate q on fold `fold`, given the training
// covariance.
using LoadingsInitialiser =
    std::function<Eigen::MatrixXd(int q, int fold, const Eigen::MatrixXd& training_covariance)>;

// fastfa's random initialisation from a Philox stream keyed by (seed, q, fold).
LoadingsInitialiser random_initialiser(uint64_t seed);

// The folds of one cross-validation, prepared once and reused for every candidate q: per fold
// the training moments (dimensions with zero training variance dropped) and the test scatter
// about the training mean.
class CrossValidationFolds {
 public:
  CrossValidationFolds(const Eigen::MatrixXd& data, const std::vector<int>& permutation,
                       const CrossValidationOptions& options);
  // false: a training covariance is singular (rcond < 1e-8), crossvalidate_fa.m's error.
  bool ok() const { return ok_; }
  // Held-out log-likelihood of q summed over folds; NaN when an EM fit fails.
  double summed_loglik(int q, const LoadingsInitialiser& initialise) const;

 private:
  struct Fold {
    FaMoments train;
    Eigen::MatrixXd test_scatter;  // [kept dims x kept dims]
    double test_points = 0;
  };
  std::vector<Fold> folds_;
  CrossValidationOptions options_;
  bool ok_ = true;
};

// permutation: the order of the points [points].
CrossValidation crossvalidate_fa(const Eigen::MatrixXd& data, const std::vector<int>& candidates,
                                 const std::vector<int>& permutation,
                                 const CrossValidationOptions& options,
                                 const LoadingsInitialiser& initialise);

// A random permutation of 0..n-1 from a Philox stream.
std::vector<int> random_permutation(int n, uint64_t seed);

// SNOPS's CV_skip (compute_pop_stats.m): candidates {0, 1, 3, 5, ..., floor(dims/2)}; the best
// q* by summed held-out log-likelihood is refined with its neighbours (q* = 1: also 2; q* = max:
// also max-1; q* = 0: stop; else q* +- 1) on the same folds (SNOPS draws new folds for the
// refinement; reusing them is the intended comparison). Any failure gives q = 1, as SNOPS.
int cv_skip_dimension(const Eigen::MatrixXd& data, uint64_t seed,
                      const CrossValidationOptions& options = {});

// The fast alternative: the same cross-validated likelihood (same folds and initialisations, so
// the same value for the same q) maximised by a local search from a starting q (the eigenvalue
// threshold): step to the better neighbour while the held-out likelihood improves. It fits a
// handful of small q instead of CV_skip's sweep up to dims/2, whose large-q fits dominate.
int cv_local_dimension(const Eigen::MatrixXd& data, int start, uint64_t seed,
                       const CrossValidationOptions& options = {});

}  // namespace spikefit::stats
