#include "spikefit/stats/dimensionality.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spikefit/base/random.hpp"
#include "spikefit/stats/factor_analysis.hpp"

namespace spikefit::stats {

namespace {

Eigen::MatrixXd columns(const Eigen::MatrixXd& data, const std::vector<int>& cols,
                        const std::vector<int>& rows) {
  Eigen::MatrixXd out(rows.size(), cols.size());
  for (std::size_t c = 0; c < cols.size(); ++c) {
    for (std::size_t r = 0; r < rows.size(); ++r) out(r, c) = data(rows[r], cols[c]);
  }
  return out;
}

// MATLAB's floor(linspace(1, n+1, folds+1)) - 1: 0-based fold boundaries.
std::vector<int> fold_boundaries(int n, int folds) {
  std::vector<int> b(folds + 1);
  for (int k = 0; k <= folds; ++k) {
    const double x = k == folds ? n + 1.0 : 1.0 + k * (static_cast<double>(n) / folds);
    b[k] = static_cast<int>(std::floor(x)) - 1;
  }
  return b;
}

}  // namespace

std::vector<int> random_permutation(int n, uint64_t seed) {
  std::vector<int> p(n);
  for (int i = 0; i < n; ++i) p[i] = i;
  base::CounterStream stream(seed, 0x9E4Du, 0);
  for (int i = n - 1; i > 0; --i) {
    const int j = std::min(i, static_cast<int>((1.0 - stream.uniform()) * (i + 1)));
    std::swap(p[i], p[j]);
  }
  return p;
}

LoadingsInitialiser random_initialiser(uint64_t seed) {
  return [seed](int q, int fold, const Eigen::MatrixXd& cov) {
    return initial_loadings(cov, q, seed,
                            static_cast<uint64_t>(q) * 64 + static_cast<uint64_t>(fold));
  };
}

CrossValidationFolds::CrossValidationFolds(const Eigen::MatrixXd& data,
                                           const std::vector<int>& permutation,
                                           const CrossValidationOptions& options)
    : options_(options) {
  const int n = static_cast<int>(data.cols());
  const std::vector<int> bounds = fold_boundaries(n, options.folds);
  std::vector<int> all_dims(static_cast<std::size_t>(data.rows()));
  for (int r = 0; r < data.rows(); ++r) all_dims[static_cast<std::size_t>(r)] = r;
  for (int f = 0; f < options.folds; ++f) {
    std::vector<int> train, test;
    for (int k = 0; k < n; ++k) {
      (k >= bounds[f] && k < bounds[f + 1] ? test : train).push_back(permutation[k]);
    }
    Eigen::MatrixXd x_train = columns(data, train, all_dims);
    std::vector<int> kept;
    const Eigen::VectorXd mean = x_train.rowwise().mean();
    for (int r = 0; r < data.rows(); ++r) {
      if ((x_train.row(r).array() - mean(r)).square().sum() > 0) kept.push_back(r);
    }
    if (static_cast<Eigen::Index>(kept.size()) != data.rows()) x_train = columns(data, train, kept);
    Fold fold;
    fold.train = moments_of(x_train);
    if (reciprocal_condition(fold.train.covariance) < 1e-8) {
      ok_ = false;
      return;
    }
    const Eigen::MatrixXd centred = columns(data, test, kept).colwise() - fold.train.mean;
    fold.test_scatter = centred * centred.transpose();
    fold.test_points = static_cast<double>(test.size());
    folds_.push_back(std::move(fold));
  }
}

double CrossValidationFolds::summed_loglik(int q, const LoadingsInitialiser& initialise) const {
  FaOptions fa;
  fa.tol = options_.tol;
  fa.min_var_frac = -1.0;  // crossvalidate_fa: minVarFrac = -Inf
  double sum = 0.0;
  for (std::size_t f = 0; f < folds_.size(); ++f) {
    const Fold& fold = folds_[f];
    FaModel model;
    if (q == 0) {  // indepGaussFit: mean and 1/N variances
      model.mean = fold.train.mean;
      model.psi = fold.train.covariance.diagonal();
      model.loadings = Eigen::MatrixXd(fold.train.mean.size(), 0);
    } else {
      const FaFit fit =
          fit_fa(fold.train, initialise(q, static_cast<int>(f), fold.train.covariance), fa);
      if (fit.status != FaStatus::kOk) return std::nan("");
      model = fit.model;
    }
    sum += fa_loglik_from_scatter(fold.test_scatter, fold.test_points, model);
  }
  return sum;
}

CrossValidation crossvalidate_fa(const Eigen::MatrixXd& data, const std::vector<int>& candidates,
                                 const std::vector<int>& permutation,
                                 const CrossValidationOptions& options,
                                 const LoadingsInitialiser& initialise) {
  CrossValidation cv;
  const CrossValidationFolds folds(data, permutation, options);
  if (!folds.ok()) {
    cv.ok = false;
    return cv;
  }
  for (int q : candidates) {
    const double ll = folds.summed_loglik(q, initialise);
    if (std::isnan(ll)) {
      cv.ok = false;
      return cv;
    }
    cv.summed_loglik.push_back(ll);
  }
  return cv;
}

int cv_skip_dimension(const Eigen::MatrixXd& data, uint64_t seed,
                      const CrossValidationOptions& options) {
  const int dims = static_cast<int>(data.rows());
  std::vector<int> candidates = {0};
  for (int q = 1; q <= dims / 2; q += 2) candidates.push_back(q);
  // one set of folds for the sweep and the refinement
  const CrossValidationFolds folds(data, random_permutation(static_cast<int>(data.cols()), seed),
                                   options);
  if (!folds.ok()) return 1;
  const LoadingsInitialiser initialise = random_initialiser(seed);
  int chosen = 0;
  double chosen_ll = -std::numeric_limits<double>::infinity();
  for (int q : candidates) {
    const double ll = folds.summed_loglik(q, initialise);
    if (std::isnan(ll)) return 1;  // any failure gives q = 1, as SNOPS
    if (ll > chosen_ll) chosen = q, chosen_ll = ll;
  }
  std::vector<int> neighbours;
  if (chosen == 0) return 0;
  if (chosen == 1) {
    neighbours = {2};
  } else if (chosen == candidates.back()) {
    neighbours = {chosen - 1};
  } else {
    neighbours = {chosen - 1, chosen + 1};
  }
  for (int q : neighbours) {
    const double ll = folds.summed_loglik(q, initialise);
    if (std::isnan(ll)) return 1;
    if (ll > chosen_ll) chosen = q, chosen_ll = ll;
  }
  return chosen;
}

int cv_local_dimension(const Eigen::MatrixXd& data, int start, uint64_t seed,
                       const CrossValidationOptions& options) {
  const int max_q = static_cast<int>(data.rows()) / 2;
  const std::vector<int> permutation = random_permutation(static_cast<int>(data.cols()), seed);
  const LoadingsInitialiser initialise = random_initialiser(seed);
  std::vector<double> ll(static_cast<std::size_t>(max_q) + 1, std::nan(""));
  const CrossValidationFolds folds(data, permutation, options);
  if (!folds.ok()) return 1;
  auto score = [&](int q) {  // cached held-out log-likelihood; -inf on failure
    double& value = ll[static_cast<std::size_t>(q)];
    if (std::isnan(value)) {
      value = folds.summed_loglik(q, initialise);
      if (std::isnan(value)) value = -std::numeric_limits<double>::infinity();
    }
    return value;
  };
  int q = std::clamp(start, 0, max_q);
  if (!std::isfinite(score(q))) return 1;  // as CV_skip: any failure gives q = 1
  for (;;) {
    const double down = q > 0 ? score(q - 1) : -std::numeric_limits<double>::infinity();
    const double up = q < max_q ? score(q + 1) : -std::numeric_limits<double>::infinity();
    if (down > score(q) && down >= up) {
      --q;
    } else if (up > score(q)) {
      ++q;
    } else {
      return q;
    }
  }
}

}  // namespace spikefit::stats
