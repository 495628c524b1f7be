#include <gtest/gtest.h>

#include <cmath>

#include "models/balanced/synapse_models.hpp"

namespace spikefit::engine {
namespace {

constexpr double kDt = 0.05;

// Integral of the current after one kick, and the time of its peak, by stepping.
struct KernelShape {
  double integral = 0.0;
  double peak_time = 0.0;
};

KernelShape kernel(const SynapseConstants& s, double weight, double duration_ms) {
  double current = 0.0, derivative = synapse_kick(s, weight), peak = 0.0;
  KernelShape shape;
  for (int i = 1; i * kDt <= duration_ms; ++i) {
    synapse_step(s, kDt, current, derivative);
    shape.integral += current * kDt;
    if (current > peak) {
      peak = current;
      shape.peak_time = i * kDt;
    }
  }
  return shape;
}

TEST(SecondOrderSynapse, OneStepMatchesTheMexUpdate) {
  // I += dt P; P -= dt (P (1/td + 1/tr) + I/(td tr)), with the updated I: hand-computed.
  const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, 1.0, 5.0);
  double current = 0.0, derivative = 2.0;
  synapse_step(s, kDt, current, derivative);
  EXPECT_DOUBLE_EQ(current, 0.1);
  EXPECT_DOUBLE_EQ(derivative, 1.879);
}

TEST(SecondOrderSynapse, KernelHasUnitAreaSoWeightIsTotalCharge) {
  for (double td : {1.0, 5.0, 8.0, 25.0}) {
    const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, 1.0, td);
    EXPECT_NEAR(kernel(s, 3.0, 40 * td).integral, 3.0, 3e-3) << "td " << td;
  }
}

TEST(SecondOrderSynapse, PeakTimeMatchesDifferenceOfExponentials) {
  // J (e^{-t/td} - e^{-t/tr})/(td - tr) peaks at t* = ln(td/tr) td tr / (td - tr).
  const double td = 8.0, tr = 1.0;
  const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, tr, td);
  EXPECT_NEAR(kernel(s, 1.0, 100.0).peak_time, std::log(td / tr) * td * tr / (td - tr), 0.1);
}

TEST(SecondOrderSynapse, EqualTimeConstantsGiveTheAlphaKernel) {
  // td == tr is reachable in SNOPS's range and must not divide by zero: J t e^{-t/tau}/tau^2,
  // peak at tau, area J.
  const SynapseConstants s = make_synapse_constants(SynapseKind::kSecondOrder, 1.0, 1.0);
  const KernelShape k = kernel(s, 2.0, 60.0);
  EXPECT_NEAR(k.integral, 2.0, 2e-3);
  EXPECT_NEAR(k.peak_time, 1.0, 0.1);
}

TEST(ExponentialSynapse, KernelHasUnitAreaAndDelayOfOneStep) {
  const SynapseConstants s = make_synapse_constants(SynapseKind::kExponential, 1.0, 10.0);
  EXPECT_NEAR(kernel(s, 2.0, 400.0).integral, 2.0, 1e-9);
  double current = 0.0, derivative = synapse_kick(s, 2.0);
  EXPECT_EQ(current, 0.0);  // a kick is not seen before the next step
  synapse_step(s, kDt, current, derivative);
  EXPECT_DOUBLE_EQ(current, 0.2);
}

}  // namespace
}  // namespace spikefit::engine
