#include "spikefit/stats/population_statistics.hpp"

#include <gtest/gtest.h>

#include "fixtures.hpp"
#include "spikefit/stats/shared_variance.hpp"

namespace spikefit::stats {
namespace {

using testing::fixture;
using testing::to_matrix;
using testing::to_vector;

// numpy reference values on a 50 x 400 matrix (scripts/fixtures/stats_fixtures.py).
class PopulationStatistics : public ::testing::Test {
 protected:
  nlohmann::json f = fixture("stats/counts_fa_model.json");
  Eigen::MatrixXd y = to_matrix(f["Y"]);
};

TEST_F(PopulationStatistics, FanoMatchesNumpyWithUnbiasedVariance) {
  EXPECT_NEAR(mean_fano(y), f["fano"].get<double>(), 1e-12);
}

TEST_F(PopulationStatistics, RscIsTheMeanFisherZWithSnopsEpsilon) {
  EXPECT_NEAR(mean_rsc_fisher_z(y), f["mean_fisher_z"].get<double>(), 1e-12);
}

TEST_F(PopulationStatistics, RateIsMeanCountPerBinInHz) {
  // mean count per bin over cells, x 1000 / 200 ms
  EXPECT_NEAR(mean_rate_hz(y, 200.0), to_vector(f["mean"]).mean() * 5.0, 1e-12);
}

TEST_F(PopulationStatistics, CovarianceUsesOneOverN) {
  EXPECT_LT((covariance_1n(y) - to_matrix(f["cov_1_over_N"])).cwiseAbs().maxCoeff(), 1e-10);
}

TEST(SharedVariance, HandComputedTwoNeuronExample) {
  // L = [1; 2], psi = [1, 4]: LL^T = [[1, 2], [2, 4]], eigenvalues 5 and 0;
  // %sh = mean(1/2, 4/8) = 0.5; one mode explains all shared variance: d_shared = 1.
  Eigen::MatrixXd l(2, 1);
  l << 1, 2;
  const SharedVariance s = shared_variance(l, Eigen::Vector2d(1, 4));
  EXPECT_DOUBLE_EQ(s.pct_shared, 0.5);
  EXPECT_EQ(s.d_shared, 1);
  EXPECT_NEAR(s.eigenspectrum(0), 5.0, 1e-12);
  EXPECT_NEAR(s.eigenspectrum(1), 0.0, 1e-12);
}

TEST(SharedVariance, DimensionCountsModesBelowThe95PercentMark) {
  // Orthogonal loadings with squared norms 6, 3, 1: cumulative shares 0.6, 0.9, 1.0 -> 2 modes
  // below 0.95, d_shared = 3; with a 0.85 threshold, 1 below -> 2.
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(4, 3);
  l(0, 0) = std::sqrt(6.0);
  l(1, 1) = std::sqrt(3.0);
  l(2, 2) = 1.0;
  const Eigen::VectorXd psi = Eigen::VectorXd::Ones(4);
  EXPECT_EQ(shared_variance(l, psi).d_shared, 3);
  EXPECT_EQ(shared_variance(l, psi, 0.85).d_shared, 2);
  EXPECT_EQ(shared_variance(Eigen::MatrixXd(4, 0), psi).d_shared, 0);
}

}  // namespace
}  // namespace spikefit::stats
