#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/balanced/fast_exp.hpp"
#include "models/balanced/neuron_models.hpp"

namespace spikefit::engine {
namespace {

constexpr double kDt = 0.05;

// SNOPS E cell (specs/snops.md §1.2).
IntegrateFireConstants snops_e() {
  IntegrateFireConstants c;
  c.g_L = 1.0 / 15;
  c.Delta_T = 2.0;
  c.inv_Delta_T = 0.5;
  c.refractory_steps = 30;
  return c;
}

IntegrateFireConstants snops_i() {
  IntegrateFireConstants c = snops_e();
  c.g_L = 1.0 / 10;
  c.Delta_T = 0.5;
  c.inv_Delta_T = 2.0;
  c.refractory_steps = 10;
  return c;
}

TEST(IntegrateFire, EifTrajectoryMatchesHandComputedEulerSteps) {
  // V_{n+1} = V_n + dt (I - g_L (V_n - E_L) + g_L Delta_T exp((V_n - V_T)/Delta_T)), I = 1,
  // from V = -55 mV; values computed by hand (Python, double precision).
  const IntegrateFireConstants c = snops_e();
  double v = -55.0;
  int32_t refractory = 0;
  const double expected[] = {-54.966119433342506, -54.93234245265373, -54.89866858223781};
  for (double e : expected) {
    EXPECT_FALSE(integrate_fire_step(c, kDt, 1.0, v, refractory));
    EXPECT_NEAR(v, e, 1e-12);
  }
}

TEST(IntegrateFire, LifHasNoExponentialTerm) {
  IntegrateFireConstants c;
  c.g_L = 0.1;
  c.exp_kind = SpikeExp::kNone;
  double v = -65.0;
  int32_t refractory = 0;
  integrate_fire_step(c, kDt, 0.5, v, refractory);
  EXPECT_NEAR(v, -64.95, 1e-12);
  integrate_fire_step(c, kDt, 0.5, v, refractory);
  EXPECT_NEAR(v, -64.90025, 1e-12);
}

// Steps from a spike until the neuron integrates again, with a current that would make it spike
// at once; also checks V is held at the cutoff, then reset on the last refractory step.
int refractory_steps_after_spike(const IntegrateFireConstants& c) {
  double v = -55.0;
  int32_t refractory = 0;
  const double huge_current = 1e6;
  EXPECT_TRUE(integrate_fire_step(c, kDt, huge_current, v, refractory));
  EXPECT_EQ(v, c.V_cut);
  int held = 0;
  while (!integrate_fire_step(c, kDt, huge_current, v, refractory)) {
    ++held;
    EXPECT_EQ(v, refractory > 0 ? c.V_cut : c.V_reset) << "step " << held;
    if (held > 1000) break;
  }
  return held;
}

TEST(IntegrateFire, RefractoryPeriodIs30StepsForEAnd10ForI) {
  // After the spike step, 30 (E) / 10 (I) steps are clamped; the next step integrates and, with a
  // huge current, spikes again.
  EXPECT_EQ(refractory_steps_after_spike(snops_e()), 30);
  EXPECT_EQ(refractory_steps_after_spike(snops_i()), 10);
}

TEST(IntegrateFire, LastRefractoryStepResetsToVReset) {
  const IntegrateFireConstants c = snops_e();
  double v = -55.0;
  int32_t refractory = 0;
  ASSERT_TRUE(integrate_fire_step(c, kDt, 1e6, v, refractory));
  for (int s = 1; s < 30; ++s) {
    integrate_fire_step(c, kDt, 0.0, v, refractory);
    ASSERT_EQ(v, c.V_cut);
  }
  integrate_fire_step(c, kDt, 0.0, v, refractory);
  EXPECT_EQ(v, c.V_reset);
  EXPECT_EQ(refractory, 0);
  integrate_fire_step(c, kDt, 0.0, v, refractory);
  EXPECT_GT(v, c.V_reset);  // integrates towards E_L again
}

TEST(IntegrateFire, MembranePotentialIsFlooredAtMinus100) {
  const IntegrateFireConstants c = snops_e();
  double v = -60.0;
  int32_t refractory = 0;
  integrate_fire_step(c, kDt, -1e6, v, refractory);
  EXPECT_EQ(v, -100.0);
  integrate_fire_step(c, kDt, -1e6, v, refractory);
  EXPECT_EQ(v, -100.0);
}

TEST(IntegrateFire, SchraudolphOptionUsesTheApproximateExponential) {
  IntegrateFireConstants exact = snops_e();
  IntegrateFireConstants approx = snops_e();
  approx.exp_kind = SpikeExp::kSchraudolph;
  double v_exact = -45.0, v_approx = -45.0;
  int32_t r1 = 0, r2 = 0;
  integrate_fire_step(exact, kDt, 0.0, v_exact, r1);
  integrate_fire_step(approx, kDt, 0.0, v_approx, r2);
  const double drive_exact = (v_exact + 45.0) / kDt;
  const double drive_approx = (v_approx + 45.0) / kDt;
  const double leak = -(1.0 / 15) * 15.0;
  EXPECT_NEAR(drive_exact - leak, (2.0 / 15) * std::exp(2.5), 1e-9);
  EXPECT_NEAR(drive_approx - leak, (2.0 / 15) * schraudolph_exp(2.5), 1e-9);
}

TEST(SchraudolphExp, MatchesTheMexBitTrick) {
  // Hand-computed from the MEX macro: high word = (int)(2^20/ln2 * y + 1072693248 - 60801).
  EXPECT_EQ(schraudolph_exp(0.0), 0.9710078239440918);
  EXPECT_EQ(schraudolph_exp(2.5), 12.390022277832031);
}

TEST(SchraudolphExp, ClampsItsArgumentAndTakesNaNAsTheLowerBound) {
  EXPECT_EQ(schraudolph_exp(-1e300), schraudolph_exp(-700.0));
  EXPECT_EQ(schraudolph_exp(1e300), schraudolph_exp(700.0));
  // No float-to-int conversion of a NaN (undefined behaviour): the V that gave it is NaN already.
  EXPECT_EQ(schraudolph_exp(std::numeric_limits<double>::quiet_NaN()), schraudolph_exp(-700.0));
}

TEST(SchraudolphExp, RelativeErrorWithinThePublishedBand) {
  double lo = 0, hi = 0;
  for (double y = -25.0; y <= 80.0; y += 0.001) {
    const double rel = schraudolph_exp(y) / std::exp(y) - 1.0;
    lo = std::min(lo, rel);
    hi = std::max(hi, rel);
  }
  EXPECT_GT(lo, -0.040);
  EXPECT_LT(lo, -0.035);
  EXPECT_LT(hi, 0.021);
  EXPECT_GT(hi, 0.015);
}

}  // namespace
}  // namespace spikefit::engine
