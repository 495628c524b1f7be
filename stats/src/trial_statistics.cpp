#include "spikefit/stats/trial_statistics.hpp"

#include <cmath>
#include <limits>

#include "spikefit/stats/dimensionality.hpp"
#include "spikefit/stats/factor_analysis.hpp"
#include "spikefit/stats/population_statistics.hpp"
#include "spikefit/stats/shared_variance.hpp"

namespace spikefit::stats {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Eigen::MatrixXd count_matrix(const engine::TrialRecording& rec,
                             const std::vector<uint32_t>& neurons) {
  Eigen::MatrixXd y(neurons.size(), rec.count_bins);
  for (uint32_t b = 0; b < rec.count_bins; ++b) {
    for (std::size_t i = 0; i < neurons.size(); ++i) {
      y(static_cast<Eigen::Index>(i), b) = rec.counts[uint64_t{b} * rec.count_neurons + neurons[i]];
    }
  }
  return y;
}

// cv_isi, beta_power and the per-population statistics, which need no neuron selection.
void add_population_statistics(const engine::TrialRecording& rec, const StatisticsOptions& options,
                               Statistics& s) {
  s.set("cv_isi", mean_cv_isi(rec, rec.count_population));
  s.set("beta_power", band_power(rec, rec.count_population, options.beta));
  for (uint32_t p = 0; p < rec.population_names.size(); ++p) {
    const std::string& name = rec.population_names[p];
    s.set("rate." + name, population_rate_hz(rec, p));
    s.set("cv_isi." + name, mean_cv_isi(rec, p));
    s.set("beta_power." + name, band_power(rec, p, options.beta));
  }
}

}  // namespace

const std::vector<std::string>& statistic_names() {
  static const std::vector<std::string> names = {"rate",       "fano",      "rsc_fisher_z",
                                                 "pct_shared", "d_shared",  "eigenspectrum",
                                                 "cv_isi",     "beta_power"};
  return names;
}

int eigen_threshold_dimension(const Eigen::MatrixXd& counts) {
  const Eigen::MatrixXd cov = covariance_1n(counts);
  const Eigen::VectorXd sd = cov.diagonal().cwiseSqrt();
  const Eigen::MatrixXd corr = cov.cwiseQuotient(sd * sd.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(corr, Eigen::EigenvaluesOnly);
  const double edge = std::pow(
      1.0 + std::sqrt(static_cast<double>(counts.rows()) / static_cast<double>(counts.cols())), 2);
  return static_cast<int>((eig.eigenvalues().array() > edge).count());
}

DrawStatistics draw_statistics(const Eigen::MatrixXd& counts, double bin_ms,
                               const StatisticsOptions& options, uint64_t seed) {
  DrawStatistics d;
  const Eigen::Index n = counts.rows();
  d.rate = mean_rate_hz(counts, bin_ms);
  d.fano = mean_fano(counts);
  d.rsc_fisher_z = mean_rsc_fisher_z(counts);
  d.eigenspectrum = Eigen::VectorXd::Zero(n);
  const Eigen::MatrixXd cov = covariance_1n(counts);
  const bool singular = reciprocal_condition(cov) < 1e-8;
  if (singular) {
    d.latent_dims = 1;
  } else if (options.dimension == DimensionMethod::kCvSkip) {
    d.latent_dims = cv_skip_dimension(counts, seed);
  } else if (options.dimension == DimensionMethod::kCvLocal) {
    CrossValidationOptions fast_cv;
    fast_cv.tol = 1e-4;
    d.latent_dims = cv_local_dimension(counts, eigen_threshold_dimension(counts), seed, fast_cv);
  } else {
    d.latent_dims = eigen_threshold_dimension(counts);
  }
  if (d.latent_dims == 0) return d;  // no shared latents: %sh = d_sh = 0, es = 0
  FaOptions final_fit;               // fastfa defaults: tol 1e-8, minVarFrac 0.01
  const FaFit fit = fit_fa(counts, initial_loadings(cov, d.latent_dims, seed, 0xF1A1u), final_fit);
  if (fit.status != FaStatus::kOk) {
    // compute_pop_stats.m: a failed FA on a singular covariance gives %sh = 1, d_sh = 1, es NaN;
    // any other failure gives NaN (the trial becomes infeasible).
    d.pct_shared = singular ? 1.0 : kNaN;
    d.d_shared = singular ? 1.0 : kNaN;
    d.eigenspectrum.setConstant(kNaN);
    d.ok = false;
    return d;
  }
  const SharedVariance shared =
      shared_variance(fit.model.loadings, fit.model.psi, options.shared_threshold);
  d.pct_shared = shared.pct_shared;
  d.d_shared = shared.d_shared;
  d.eigenspectrum = shared.eigenspectrum;
  return d;
}

Statistics compute_statistics(const engine::TrialRecording& rec, const StatisticsOptions& options,
                              uint64_t seed) {
  if (rec.status != engine::TrialStatus::kOk) {
    return failed_trial_statistics(rec);
  }
  const SelectionOptions& sel = options.selection;
  const std::vector<uint32_t> active = active_neurons(rec, sel.min_rate_hz);
  const auto n_active = static_cast<uint32_t>(active.size());
  if (n_active < sel.neurons) {
    Statistics s = infeasible_statistics("too few active cells: " + std::to_string(n_active) +
                                         " above " + std::to_string(sel.min_rate_hz) +
                                         " Hz, need " + std::to_string(sel.neurons));
    s.set("active_neurons", n_active);
    return s;
  }
  Statistics s;
  s.set("active_neurons", n_active);
  add_population_statistics(rec, options, s);
  double rate = 0, fano = 0, rsc_fisher_z = 0, pct_shared = 0, d_shared = 0, latent_dims = 0;
  Eigen::VectorXd eigenspectrum = Eigen::VectorXd::Zero(sel.neurons);
  const auto draws = draw_neurons(active, sel.neurons, sel.draws, seed);
  for (std::size_t k = 0; k < draws.size(); ++k) {
    const DrawStatistics d =
        draw_statistics(count_matrix(rec, draws[k]), rec.count_bin_ms, options, seed + 1 + k);
    rate += d.rate;
    fano += d.fano;
    rsc_fisher_z += d.rsc_fisher_z;
    pct_shared += d.pct_shared;
    d_shared += d.d_shared;
    eigenspectrum += d.eigenspectrum;
    latent_dims += d.latent_dims;
  }
  const double m = static_cast<double>(draws.size());
  rate /= m;
  fano /= m;
  rsc_fisher_z /= m;
  pct_shared /= m;
  d_shared /= m;
  eigenspectrum /= m;
  s.set("rate", rate);
  s.set("fano", fano);
  s.set("rsc_fisher_z", rsc_fisher_z);
  s.set("pct_shared", pct_shared);
  s.set("d_shared", d_shared);
  s.set("eigenspectrum",
        std::vector<double>(eigenspectrum.data(), eigenspectrum.data() + eigenspectrum.size()));
  s.set("mean_latent_dims", latent_dims / m);
  if (!options.screen && rate > options.max_mean_rate_hz) {
    s.reason =
        "mean rate of the sampled cells above " + std::to_string(options.max_mean_rate_hz) + " Hz";
    return s;
  }
  const bool rate_and_fano = std::isfinite(rate) && std::isfinite(fano);
  if (options.screen && !rate_and_fano) {
    s.reason = "the rate or the Fano factor is NaN";
    return s;
  }
  const bool finite = rate_and_fano && std::isfinite(rsc_fisher_z) && std::isfinite(pct_shared) &&
                      std::isfinite(d_shared) && eigenspectrum.allFinite();
  if (!finite && !options.screen) {
    s.reason = "a statistic is NaN (factor analysis failed)";
    return s;
  }
  s.feasible = true;
  return s;
}

}  // namespace spikefit::stats
