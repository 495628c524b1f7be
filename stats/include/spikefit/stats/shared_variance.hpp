#pragma once

#include <Eigen/Dense>

namespace spikefit::stats {

// Shared-variance statistics of a factor-analysis model y = mu + L z + e, e ~ N(0, diag(psi))
// (specs/snops.md §3): L [neurons x q], psi [neurons].
struct SharedVariance {
  double pct_shared = 0.0;        // mean_i (LL^T)_ii / ((LL^T)_ii + psi_i), a fraction
  double d_shared = 0.0;          // #{k : cumsum(lambda)/sum(lambda) < 0.95} + 1; 0 when q = 0
  Eigen::VectorXd eigenspectrum;  // eigenvalues of LL^T, descending, [neurons] (zeros past q)
};

SharedVariance shared_variance(const Eigen::MatrixXd& loadings, const Eigen::VectorXd& psi,
                               double threshold = 0.95);

}  // namespace spikefit::stats
