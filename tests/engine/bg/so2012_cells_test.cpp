#include <gtest/gtest.h>

#include <cmath>

#include "spikefit/engine/models/basal_ganglia/adex_cell.hpp"
#include "spikefit/engine/models/basal_ganglia/so2012_cells.hpp"

namespace spikefit::engine::bg {
namespace {

// Expected derivatives were computed by hand (Python, math.exp) from the equations of
// /work/prompts/bg_model.md at the states below, independently of these headers.
constexpr double kTol = 1e-12;

TEST(StnCell, DerivativesAtAChosenStateMatchTheHandComputation) {
  StnState s;
  s.v = -55.0;
  s.h = 0.4;
  s.n = 0.3;
  s.r = 0.2;
  s.c = 0.1;
  s.ca = 0.25;
  const SynapticInput syn{0.3, -25.5};
  const StnState d = stn_derivatives(StnParams{}, s, syn, 30.0);
  EXPECT_NEAR(d.v, 3.267018844067536, kTol);
  EXPECT_NEAR(d.h, 0.0026123494086890972, kTol);
  EXPECT_NEAR(d.n, -0.0064538271685004355, kTol);
  EXPECT_NEAR(d.r, -0.001605913632872888, kTol);
  EXPECT_NEAR(d.c, -0.0018603348157744662, kTol);
  EXPECT_NEAR(d.ca, -4.974932335979648e-05, kTol);
}

TEST(GpCell, DerivativesAtAChosenStateMatchTheHandComputation) {
  GpState s;
  s.v = -58.0;
  s.h = 0.6;
  s.n = 0.2;
  s.r = 0.1;
  s.ca = 0.3;
  const GpState d = gp_derivatives(GpParams{}, s, SynapticInput{0.2, -17.0}, 21.0);
  EXPECT_NEAR(d.v, 18.479631354230563, kTol);
  EXPECT_NEAR(d.h, -0.018467554322094407, kTol);
  EXPECT_NEAR(d.n, 0.05943126939048266, kTol);
  EXPECT_NEAR(d.r, -0.003250912561445508, kTol);
  EXPECT_NEAR(d.ca, -0.0004021059865755099, kTol);
}

TEST(TcCell, DerivativesAtAChosenStateMatchTheHandComputation) {
  TcState s;
  s.v = -65.0;
  s.h = 0.5;
  s.r = 0.3;
  const TcState d = tc_derivatives(TcParams{}, s, SynapticInput{0.1, -8.5}, 3.5);
  EXPECT_NEAR(d.v, 9.550382869608006, kTol);
  EXPECT_NEAR(d.h, 0.18344648979095424, kTol);
  EXPECT_NEAR(d.r, -0.026567001567391692, kTol);
}

TEST(AdexCell, GpeTiDerivativesMatchTheHandComputation) {
  AdexState s;
  s.v = -56.0;
  s.w = 10.0;
  const AdexState d = adex_derivatives(adex_gpe_ti(), s, SynapticInput{0.5, -32.5}, 2.0);
  EXPECT_NEAR(d.v, -0.1577174904039774, kTol);
  EXPECT_NEAR(d.w, -0.6124999999999998, kTol);
}

TEST(AdexCell, ResetsAtThePeakAndIncrementsW) {
  AdexParams p = adex_gpe_ti();
  AdexState s;
  s.v = p.V_peak - 0.01;
  s.w = 1.0;
  const bool spiked = adex_step(p, s, SynapticInput{}, 100.0, 0.1);
  EXPECT_TRUE(spiked);
  EXPECT_EQ(s.v, p.V_reset);
  EXPECT_NEAR(s.w, 1.0 + 0.1 * (p.a * (p.V_peak - 0.01 - p.E_L) - 1.0) / p.tau_w + p.b, 1e-12);
}

TEST(SteadyState, GatesAreAtTheirInfinityValuesAtMinus62) {
  const StnState stn = stn_steady_state(StnParams{}, -62.0);
  EXPECT_NEAR(stn.h, 0.9994008234097574, kTol);
  EXPECT_NEAR(stn.n, 0.022977369910025615, kTol);
  EXPECT_NEAR(stn.r, 0.07585818002124355, kTol);
  EXPECT_NEAR(stn.c, 0.005220125693558397, kTol);
  EXPECT_EQ(stn.ca, 0.1);
  const GpState gp = gp_steady_state(GpParams{}, -62.0);
  EXPECT_NEAR(gp.h, 0.5825702064623147, kTol);
  EXPECT_NEAR(gp.n, 0.2979366301210704, kTol);
  EXPECT_NEAR(gp.r, 0.01798620996209156, kTol);
  EXPECT_EQ(gp.ca, 0.1);
  const TcState tc = tc_steady_state(TcParams{}, -62.0);
  EXPECT_NEAR(tc.h, 0.9947798743064417, kTol);
  EXPECT_NEAR(tc.r, 0.004070137715896128, kTol);
  // At steady state the gate derivatives vanish.
  const StnState d = stn_derivatives(StnParams{}, stn, SynapticInput{}, 0.0);
  EXPECT_NEAR(d.h, 0.0, 1e-15);
  EXPECT_NEAR(d.n, 0.0, 1e-15);
  EXPECT_NEAR(d.c, 0.0, 1e-15);
}

TEST(EulerStep, IsStateplusDtTimesDerivative) {
  StnState s = stn_steady_state(StnParams{}, -50.0);
  const StnState d = stn_derivatives(StnParams{}, s, SynapticInput{0.1, -8.5}, 10.0);
  StnState next = s;
  stn_step(StnParams{}, next, SynapticInput{0.1, -8.5}, 10.0, 0.01, BgIntegrator::kEuler);
  EXPECT_DOUBLE_EQ(next.v, s.v + 0.01 * d.v);
  EXPECT_DOUBLE_EQ(next.h, s.h + 0.01 * d.h);
  EXPECT_DOUBLE_EQ(next.ca, s.ca + 0.01 * d.ca);
}

TEST(ExponentialEulerStep, AgreesWithEulerToFirstOrderInDt) {
  // Both schemes share the derivative at the start of the step: (x1 - x0)/dt -> dx/dt.
  const GpParams p;
  GpState s = gp_steady_state(p, -55.0);
  s.h = 0.3;
  const GpState d = gp_derivatives(p, s, SynapticInput{}, 5.0);
  for (double dt : {1e-3, 1e-4}) {
    GpState e = s;
    gp_step(p, e, SynapticInput{}, 5.0, dt, BgIntegrator::kExponentialEuler);
    EXPECT_NEAR((e.v - s.v) / dt, d.v, 200 * dt * std::fabs(d.v) + 1e-9);
    EXPECT_NEAR((e.h - s.h) / dt, d.h, 200 * dt * std::fabs(d.h) + 1e-9);
  }
}

TEST(ExponentialEulerStep, GateRelaxesExactlyForFrozenVoltage) {
  // A gate with fixed x_inf and tau reaches x_inf + (x0 - x_inf) e^{-dt phi / tau} in one step.
  EXPECT_NEAR(relax(0.2, 0.8, 0.5, 0.1, BgIntegrator::kExponentialEuler),
              0.8 + (0.2 - 0.8) * std::exp(-0.05), 1e-15);
  EXPECT_DOUBLE_EQ(relax(0.2, 0.8, 0.5, 0.1, BgIntegrator::kEuler), 0.2 + 0.1 * 0.5 * 0.6);
}

TEST(GuardedExp, SteepSigmoidsStayFinite) {
  EXPECT_TRUE(std::isfinite(guarded_exp(1e6)));
  EXPECT_LT(boltzmann(-1e6, 0.0, 0.001), 1e-300);
  EXPECT_EQ(boltzmann(1e6, 0.0, 0.001), 1.0);
  const TcGates g = tc_gates(-5000.0);
  EXPECT_TRUE(std::isfinite(g.tau_r));
}

}  // namespace
}  // namespace spikefit::engine::bg
