#pragma once

#include <Eigen/Dense>

namespace spikefit::stats {

// Statistics of a spike-count matrix Y [neurons x bins] (specs/snops.md §3).

// Mean over cells of the mean count per bin, in Hz.
double mean_rate_hz(const Eigen::MatrixXd& counts, double bin_ms);

// Mean over cells of var/mean with the unbiased (N-1) variance. Cells with zero mean are skipped
// (they cannot occur among cells above the rate threshold).
double mean_fano(const Eigen::MatrixXd& counts);

// Mean over all pairs of the Fisher z of the spike-count correlation, with SNOPS's epsilon:
// z = 0.5 ln((1 + r + 1e-10) / (1 - (r - 1e-10))); pairs with an undefined r are skipped
// (nanmean).
double mean_rsc_fisher_z(const Eigen::MatrixXd& counts);

// Covariance across bins with 1/N normalisation [neurons x neurons].
Eigen::MatrixXd covariance_1n(const Eigen::MatrixXd& counts);

}  // namespace spikefit::stats
