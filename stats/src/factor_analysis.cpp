#include "spikefit/stats/factor_analysis.hpp"

#include <cmath>
#include <limits>

#include "spikefit/base/random.hpp"

namespace spikefit::stats {

namespace {

constexpr double kLog2Pi = 1.8378770664093454836;

Eigen::MatrixXd covariance_of(const Eigen::MatrixXd& data, const Eigen::VectorXd& mean) {
  const Eigen::MatrixXd centred = data.colwise() - mean;
  return centred * centred.transpose() / static_cast<double>(data.cols());
}

}  // namespace

double reciprocal_condition(const Eigen::MatrixXd& matrix) {
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(matrix);
  if (!lu.isInvertible()) return 0.0;
  const double norm = matrix.cwiseAbs().colwise().sum().maxCoeff();
  const double inverse_norm = lu.inverse().cwiseAbs().colwise().sum().maxCoeff();
  return 1.0 / (norm * inverse_norm);
}

Eigen::MatrixXd initial_loadings(const Eigen::MatrixXd& covariance, int q, uint64_t seed,
                                 uint64_t index) {
  const Eigen::Index dims = covariance.rows();
  double scale;
  const Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  if (llt.info() == Eigen::Success) {
    scale = std::exp(2.0 * llt.matrixL().toDenseMatrix().diagonal().array().log().sum() /
                     static_cast<double>(dims));
  } else {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(covariance, Eigen::EigenvaluesOnly);
    const double tiny = eig.eigenvalues().cwiseAbs().maxCoeff() * static_cast<double>(dims) *
                        std::numeric_limits<double>::epsilon();
    double log_sum = 0.0;
    int rank = 0;
    for (Eigen::Index k = 0; k < dims; ++k) {
      if (eig.eigenvalues()(k) > tiny) log_sum += std::log(eig.eigenvalues()(k)), ++rank;
    }
    scale = rank > 0 ? std::exp(log_sum / rank) : 1.0;
  }
  base::CounterStream stream(seed, 0xFAu, index);
  Eigen::MatrixXd l(dims, q);
  for (Eigen::Index k = 0; k < l.size(); k += 2) {
    double z1, z2;
    base::box_muller(stream.uniform(), stream.uniform(), z1, z2);
    l(k) = z1;
    if (k + 1 < l.size()) l(k + 1) = z2;
  }
  return l * std::sqrt(scale / q);
}

// One EM run of fastfa.m. The E-step never forms the [dims x dims] precision MM: with
// B = Psi^-1 L and K = I + L^T B (Woodbury),
//   beta = L^T MM = K^-1 B^T,  log det MM = -sum log psi - log det K,
//   tr(MM cov) = sum cov_ii / psi_i - sum(B .* (cov beta^T)),
// so an iteration costs one [dims x dims] x [dims x q] product instead of O(dims^3).
FaMoments moments_of(const Eigen::MatrixXd& data) {
  FaMoments m;
  m.mean = data.rowwise().mean();
  m.covariance = covariance_of(data, m.mean);
  m.points = static_cast<double>(data.cols());
  return m;
}

FaFit fit_fa(const Eigen::MatrixXd& data, const Eigen::MatrixXd& initial,
             const FaOptions& options) {
  return fit_fa(moments_of(data), initial, options);
}

FaFit fit_fa(const FaMoments& moments, const Eigen::MatrixXd& initial, const FaOptions& options) {
  const Eigen::Index dims = moments.covariance.rows();
  const Eigen::Index q = initial.cols();
  const double n = moments.points;
  FaFit fit;
  fit.model.mean = moments.mean;
  const Eigen::MatrixXd& cov = moments.covariance;
  const Eigen::VectorXd cov_diag = cov.diagonal();
  Eigen::MatrixXd loadings = initial;
  Eigen::VectorXd psi = cov_diag;
  const Eigen::VectorXd floor =
      options.min_var_frac > 0
          ? Eigen::VectorXd(options.min_var_frac * cov_diag)
          : Eigen::VectorXd::Constant(dims, -std::numeric_limits<double>::infinity());
  const Eigen::MatrixXd identity = Eigen::MatrixXd::Identity(q, q);
  const double constant = -0.5 * static_cast<double>(dims) * kLog2Pi;
  double ll = 0.0, ll_base = 0.0;
  for (long i = 1; i <= options.max_iterations; ++i) {
    if (!(psi.array() > 0).all()) {
      fit.status = FaStatus::kNotPositiveDefinite;
      fit.iterations = static_cast<int>(i);
      return fit;
    }
    // E-step
    const Eigen::VectorXd inv_psi = psi.cwiseInverse();
    const Eigen::MatrixXd b = inv_psi.asDiagonal() * loadings;  // [dims x q]
    const Eigen::MatrixXd k = identity + loadings.transpose() * b;
    const Eigen::LLT<Eigen::MatrixXd> k_chol(k);
    const Eigen::MatrixXd beta = k_chol.solve(b.transpose());  // [q x dims]
    const Eigen::MatrixXd cov_beta = cov * beta.transpose();   // [dims x q]
    const Eigen::MatrixXd ezz = identity - beta * loadings + beta * cov_beta;
    const double ll_old = ll;
    const double half_log_det_mm =
        -0.5 * (psi.array().log().sum() + 2.0 * k_chol.matrixLLT().diagonal().array().log().sum());
    const double trace_mm_cov =
        cov_diag.cwiseProduct(inv_psi).sum() - b.cwiseProduct(cov_beta).sum();
    ll = n * constant + n * half_log_det_mm - 0.5 * n * trace_mm_cov;
    if (!std::isfinite(ll)) {
      fit.status = FaStatus::kNotPositiveDefinite;
      fit.iterations = static_cast<int>(i);
      return fit;
    }
    // M-step
    loadings = ezz.transpose().partialPivLu().solve(cov_beta.transpose()).transpose();
    psi = (cov_diag - cov_beta.cwiseProduct(loadings).rowwise().sum()).cwiseMax(floor);
    fit.iterations = static_cast<int>(i);
    if (i <= 2) {
      ll_base = ll;
    } else if (ll < ll_old) {
      continue;  // fastfa prints VIOLATION and goes on
    } else if (ll - ll_base < (1 + options.tol) * (ll_old - ll_base)) {
      break;
    }
  }
  fit.loglik = ll;
  fit.model.loadings = loadings;
  fit.model.psi = psi;
  return fit;
}

FaModel fit_independent_gaussian(const Eigen::MatrixXd& data) {
  FaModel m;
  m.mean = data.rowwise().mean();
  m.psi = (data.colwise() - m.mean).array().square().rowwise().mean();
  m.loadings = Eigen::MatrixXd(data.rows(), 0);
  return m;
}

double fa_loglik(const Eigen::MatrixXd& data, const FaModel& model) {
  const Eigen::MatrixXd centred = data.colwise() - model.mean;
  return fa_loglik_from_scatter(centred * centred.transpose(), static_cast<double>(data.cols()),
                                model);
}

// -n/2 (dims log 2 pi + log det C) - tr(C^-1 S)/2 with C = L L^T + Psi; by the Woodbury identity
// (B = Psi^-1 L, K = I + L^T B): log det C = sum log psi + log det K and
// tr(C^-1 S) = sum S_ii / psi_i - tr(K^-1 B^T S B).
double fa_loglik_from_scatter(const Eigen::MatrixXd& scatter, double points, const FaModel& model) {
  const double dims = static_cast<double>(scatter.rows());
  const Eigen::VectorXd inv_psi = model.psi.cwiseInverse();
  double log_det = model.psi.array().log().sum();
  double trace = scatter.diagonal().cwiseProduct(inv_psi).sum();
  if (model.latent_dims() > 0) {
    const Eigen::MatrixXd b = inv_psi.asDiagonal() * model.loadings;
    const Eigen::Index q = model.loadings.cols();
    const Eigen::LLT<Eigen::MatrixXd> k(Eigen::MatrixXd::Identity(q, q) +
                                        model.loadings.transpose() * b);
    if (k.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
    log_det += 2.0 * k.matrixLLT().diagonal().array().log().sum();
    const Eigen::MatrixXd sb = scatter * b;  // [dims x q]
    trace -= (b.transpose() * sb).cwiseProduct(k.solve(Eigen::MatrixXd::Identity(q, q))).sum();
  }
  return -0.5 * points * (dims * kLog2Pi + log_det) - 0.5 * trace;
}

}  // namespace spikefit::stats
