#include "spikefit/stats/factor_analysis.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "fixtures.hpp"
#include "spikefit/stats/dimensionality.hpp"
#include "spikefit/stats/population_statistics.hpp"
#include "spikefit/stats/shared_variance.hpp"

namespace spikefit::stats {
namespace {

using testing::fixture;
using testing::to_matrix;
using testing::to_vector;

Eigen::MatrixXd fixture_counts() {
  return to_matrix(fixture("stats/counts_fa_model.json")["Y"]);
}

TEST(FastFa, ReproducesTheNumpyPortOfFastfaFromTheSameStart) {
  // 20 neurons x 200 bins, q = 3, tol 1e-8, minVarFrac 0.01, same initial loadings.
  const nlohmann::json f = fixture("stats/fastfa_numpy.json");
  const Eigen::MatrixXd x = fixture_counts().topLeftCorner(20, 200);
  const nlohmann::json& ref = f["fit"];
  const FaFit fit = fit_fa(x, to_matrix(ref["L0"]), FaOptions{});
  ASSERT_EQ(fit.status, FaStatus::kOk);
  EXPECT_NEAR(fit.iterations, ref["n_iter"].get<int>(), 1);  // rounding at the stopping rule
  EXPECT_NEAR(fit.loglik, ref["ll_last"].get<double>(), 1e-6);
  const Eigen::MatrixXd llt = fit.model.loadings * fit.model.loadings.transpose();
  EXPECT_LT((llt - to_matrix(ref["LLt"])).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT((fit.model.psi - to_vector(ref["psi"])).cwiseAbs().maxCoeff(), 1e-6);
  const SharedVariance s = shared_variance(fit.model.loadings, fit.model.psi);
  EXPECT_NEAR(s.pct_shared, ref["percent_shared"].get<double>(), 1e-7);
  EXPECT_EQ(s.d_shared, ref["d_shared"].get<double>());
}

TEST(FastFa, MaximumLikelihoodSolutionMatchesScikitLearn) {
  // sklearn FactorAnalysis (no variance floor) on the 50 x 400 matrix; compare what is
  // rotation-invariant: the log-likelihood, LL^T + Psi, %shared and d_shared.
  const nlohmann::json f = fixture("stats/fa_sklearn.json");
  const Eigen::MatrixXd y = fixture_counts();
  const Eigen::MatrixXd cov = covariance_1n(y);
  for (int q : {1, 2, 4, 6}) {
    const nlohmann::json& ref = f["fits"][std::to_string(q)];
    FaOptions options;
    options.tol = 1e-12;
    options.min_var_frac = -1;  // sklearn has no floor
    const FaFit fit = fit_fa(y, initial_loadings(cov, q, 3, 0), options);
    ASSERT_EQ(fit.status, FaStatus::kOk);
    EXPECT_NEAR(fa_loglik(y, fit.model) / 400, ref["loglik_per_sample"].get<double>(), 1e-6)
        << "q " << q;
    Eigen::MatrixXd model = fit.model.loadings * fit.model.loadings.transpose();
    model.diagonal() += fit.model.psi;
    EXPECT_LT((model - to_matrix(ref["cov_model"])).cwiseAbs().maxCoeff(), 1e-3) << "q " << q;
    const SharedVariance s = shared_variance(fit.model.loadings, fit.model.psi);
    EXPECT_NEAR(s.pct_shared, ref["percent_shared"].get<double>(), 1e-4) << "q " << q;
    EXPECT_EQ(s.d_shared, ref["d_shared"].get<double>()) << "q " << q;
  }
}

TEST(FastFa, VarianceFloorHoldsPsiAboveOnePercentOfTheVariance) {
  // Two identical neurons force a Heywood case (zero private variance) without the floor.
  Eigen::MatrixXd y = fixture_counts().topLeftCorner(6, 200);
  y.row(1) = y.row(0);
  const Eigen::MatrixXd cov = covariance_1n(y);
  const FaFit fit = fit_fa(y, initial_loadings(cov, 2, 1, 0), FaOptions{});
  ASSERT_EQ(fit.status, FaStatus::kOk);
  for (Eigen::Index i = 0; i < 6; ++i) EXPECT_GE(fit.model.psi(i), 0.01 * cov(i, i) * (1 - 1e-12));
  EXPECT_NEAR(fit.model.psi(0), 0.01 * cov(0, 0), 1e-9 * cov(0, 0));
}

TEST(CrossValidation, HeldOutLikelihoodMatchesTheNumpyPort) {
  // Same permutation, fold split and initial loadings per (fold, q) as the numpy port of
  // crossvalidate_fa.m (tol 1e-5, no variance floor).
  const nlohmann::json f = fixture("stats/fastfa_numpy.json")["crossvalidate"];
  const Eigen::MatrixXd x = fixture_counts().topLeftCorner(20, 200);
  const std::vector<int> candidates = f["qs"].get<std::vector<int>>();
  const LoadingsInitialiser from_fixture = [&f](int q, int fold, const Eigen::MatrixXd&) {
    return to_matrix(f["folds"][fold]["L0"][std::to_string(q)]);
  };
  const CrossValidation cv =
      crossvalidate_fa(x, candidates, f["permutation"].get<std::vector<int>>(),
                       CrossValidationOptions{}, from_fixture);
  ASSERT_TRUE(cv.ok);
  for (std::size_t k = 0; k < candidates.size(); ++k) {
    const double ref = f["per_q"][std::to_string(candidates[k])]["sum_ll"].get<double>();
    EXPECT_NEAR(cv.summed_loglik[k], ref, 1e-6 * std::fabs(ref)) << "q " << candidates[k];
  }
  const auto best = std::max_element(cv.summed_loglik.begin(), cv.summed_loglik.end());
  EXPECT_EQ(candidates[best - cv.summed_loglik.begin()], f["q_star"].get<int>());
}

TEST(CvSkip, RecoversTheTrueDimensionAndSharedVarianceOfAKnownModel) {
  // 50 x 400 samples of an FA model with q = 4: CV_skip sweeps {0,1,3,...,25}, refines 3/5 -> 4.
  const nlohmann::json f = fixture("stats/counts_fa_model.json");
  const Eigen::MatrixXd y = to_matrix(f["Y"]);
  EXPECT_EQ(cv_skip_dimension(y, 11), 4);
  const Eigen::MatrixXd l_true = to_matrix(f["L_true"]);
  const SharedVariance truth = shared_variance(l_true, to_vector(f["psi_true"]));
  const FaFit fit = fit_fa(y, initial_loadings(covariance_1n(y), 4, 2, 0), FaOptions{});
  const SharedVariance est = shared_variance(fit.model.loadings, fit.model.psi);
  EXPECT_NEAR(est.pct_shared, truth.pct_shared, 0.05);
  EXPECT_EQ(est.d_shared, truth.d_shared);
}

TEST(CvLocal, ClimbsToTheSameDimensionAsCvSkip) {
  // Same held-out likelihood as CV_skip (same folds and starts), maximised locally: from the
  // eigenvalue threshold, and from far above or below the optimum.
  const Eigen::MatrixXd y = fixture_counts();
  const int exact = cv_skip_dimension(y, 11);
  EXPECT_EQ(cv_local_dimension(y, 4, 11), exact);
  EXPECT_EQ(cv_local_dimension(y, 9, 11), exact);
  EXPECT_EQ(cv_local_dimension(y, 0, 11), exact);
}

TEST(CvSkip, SingularCovarianceFallsBackToOne) {
  // Fewer bins than neurons (SNOPS's 10-s runs: 47 bins x 50 cells): rcond < 1e-8 -> q = 1.
  const Eigen::MatrixXd y = fixture_counts().leftCols(40);
  EXPECT_LT(reciprocal_condition(covariance_1n(y)), 1e-8);
  EXPECT_EQ(cv_skip_dimension(y, 1), 1);
  EXPECT_EQ(cv_local_dimension(y, 3, 1), 1);
}

TEST(ReciprocalCondition, MatchesTheOneNormDefinition) {
  Eigen::Matrix2d a;
  a << 2, 1, 1, 3;  // ||A||_1 = 4, A^-1 = [[3, -1], [-1, 2]] / 5, ||A^-1||_1 = 4/5
  EXPECT_NEAR(reciprocal_condition(a), 1.0 / (4 * 0.8), 1e-15);
}

}  // namespace
}  // namespace spikefit::stats
