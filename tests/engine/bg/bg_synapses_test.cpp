#include <gtest/gtest.h>

#include <cmath>

#include "spikefit/engine/models/basal_ganglia/bg_synapses.hpp"

namespace spikefit::engine::bg {
namespace {

TEST(AlphaSynapse, OneSpikePeaksAtGPeakAfterTau) {
  // Closed form of the continuous kernel: S(t) = g_peak (t/tau) e^{1 - t/tau}, max g_peak at tau.
  // The Euler recurrence is second-order accurate in the peak: within 0.2 % at dt = 0.01.
  const double dt = 0.01;
  for (double g_peak : {0.43, 0.3}) {
    const AlphaSynapseParams p{5.0, g_peak};
    AlphaSynapseState st;
    double peak = 0.0, peak_time = 0.0;
    for (int i = 0; i < 5000; ++i) {
      alpha_synapse_step(p, i == 0, dt, st);
      if (st.s > peak) {
        peak = st.s;
        peak_time = (i + 1) * dt;
      }
    }
    EXPECT_NEAR(peak, g_peak, 2e-3 * g_peak);
    EXPECT_NEAR(peak_time, 5.0, 0.05);
  }
}

TEST(AlphaSynapse, FollowsTheClosedFormKernel) {
  const double dt = 0.01;
  const AlphaSynapseParams p{5.0, 0.43};
  AlphaSynapseState st;
  for (int i = 0; i < 1000; ++i) alpha_synapse_step(p, i == 0, dt, st);
  const double t = 1000 * dt;  // 10 ms = 2 tau (the impulse acts at the first step)
  EXPECT_NEAR(st.s, 0.43 * (t / 5.0) * std::exp(1.0 - t / 5.0), 0.002);
}

TEST(AlphaSynapse, UsesSosUpdateOrder) {
  // S <- S + dt Z_old; Z <- Z + dt (u - 2 Z_old / tau - S_new / tau^2): hand-computed.
  AlphaSynapseState st{0.1, 0.2};
  alpha_synapse_step(AlphaSynapseParams{5.0, 0.43}, false, 0.01, st);
  EXPECT_DOUBLE_EQ(st.s, 0.1 + 0.01 * 0.2);
  EXPECT_DOUBLE_EQ(st.z, 0.2 + 0.01 * (-2.0 / 5.0 * 0.2 - 0.102 / 25.0));
}

TEST(GateSynapse, ConvergesToItsSteadyState) {
  const GateSynapseParams p;
  for (double v : {-80.0, -40.0, -37.0, 0.0}) {
    for (BgIntegrator integrator : {BgIntegrator::kEuler, BgIntegrator::kExponentialEuler}) {
      double s = 0.0;
      for (int i = 0; i < 400000; ++i) gate_synapse_step(p, v, 0.01, integrator, s);
      EXPECT_NEAR(s, gate_steady_state(p, v), 1e-6) << v;
    }
  }
  // H_inf(V - 20) = B(V; -37, 2): half activation at V = -37: s_inf = 2 * 0.5 / (1 + 0.04).
  EXPECT_NEAR(gate_steady_state(p, -37.0), 1.0 / 1.04, 1e-12);
}

TEST(GateSynapse, EulerStepMatchesTheEquation) {
  const GateSynapseParams p;
  double s = 0.3;
  gate_synapse_step(p, -30.0, 0.01, BgIntegrator::kEuler, s);
  const double h = 1.0 / (1.0 + std::exp(-(-30.0 - 20.0 + 57.0) / 2.0));
  EXPECT_DOUBLE_EQ(s, 0.3 + 0.01 * (2.0 * 0.7 * h - 0.04 * 0.3));
}

}  // namespace
}  // namespace spikefit::engine::bg
