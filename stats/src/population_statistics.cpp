#include "spikefit/stats/population_statistics.hpp"

#include <cmath>

namespace spikefit::stats {

double mean_rate_hz(const Eigen::MatrixXd& counts, double bin_ms) {
  return counts.rowwise().mean().mean() * 1000.0 / bin_ms;
}

Eigen::MatrixXd covariance_1n(const Eigen::MatrixXd& counts) {
  const Eigen::MatrixXd centred = counts.colwise() - counts.rowwise().mean();
  return centred * centred.transpose() / static_cast<double>(counts.cols());
}

double mean_fano(const Eigen::MatrixXd& counts) {
  const Eigen::Index bins = counts.cols();
  const Eigen::VectorXd mean = counts.rowwise().mean();
  double sum = 0.0;
  int cells = 0;
  for (Eigen::Index i = 0; i < counts.rows(); ++i) {
    if (mean(i) <= 0) continue;
    const double var =
        (counts.row(i).array() - mean(i)).square().sum() / static_cast<double>(bins - 1);
    sum += var / mean(i);
    ++cells;
  }
  return cells > 0 ? sum / cells : std::nan("");
}

double mean_rsc_fisher_z(const Eigen::MatrixXd& counts) {
  const Eigen::MatrixXd cov = covariance_1n(counts);
  double sum = 0.0;
  long pairs = 0;
  for (Eigen::Index i = 0; i < cov.rows(); ++i) {
    for (Eigen::Index j = i + 1; j < cov.cols(); ++j) {
      const double r = cov(i, j) / std::sqrt(cov(i, i) * cov(j, j));
      const double z = 0.5 * std::log((1 + r + 1e-10) / (1 - (r - 1e-10)));
      if (std::isnan(z)) continue;
      sum += z;
      ++pairs;
    }
  }
  return pairs > 0 ? sum / static_cast<double>(pairs) : std::nan("");
}

}  // namespace spikefit::stats
