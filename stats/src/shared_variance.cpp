#include "spikefit/stats/shared_variance.hpp"

namespace spikefit::stats {

SharedVariance shared_variance(const Eigen::MatrixXd& loadings, const Eigen::VectorXd& psi,
                               double threshold) {
  const Eigen::Index n = psi.size();
  SharedVariance out;
  out.eigenspectrum = Eigen::VectorXd::Zero(n);
  if (loadings.cols() == 0) return out;
  const Eigen::MatrixXd shared = loadings * loadings.transpose();
  const Eigen::VectorXd private_share =
      shared.diagonal().array() / (shared.diagonal() + psi).array();
  out.pct_shared = private_share.mean();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(shared, Eigen::EigenvaluesOnly);
  out.eigenspectrum = eig.eigenvalues().reverse();  // descending
  const double total = out.eigenspectrum.sum();
  double cumulative = 0.0;
  int below = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    cumulative += out.eigenspectrum(k);
    if (cumulative / total < threshold) ++below;
  }
  out.d_shared = below + 1;
  return out;
}

}  // namespace spikefit::stats
