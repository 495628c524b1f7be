#include "models/balanced/spike_accumulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "models/balanced/cpu_trial.hpp"
#include "models/balanced/model_constants.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

TEST(SpikeAccumulation, AddsCountTimesKickOnce) {
  double p = 0.75;
  apply_spike_count(p, 3, 0.1);
  EXPECT_EQ(p, 0.75 + 3.0 * 0.1);
  apply_spike_count(p, 1, -2.5);
  EXPECT_EQ(p, 0.75 + 3.0 * 0.1 - 2.5);
}

TEST(SpikeAccumulation, NoSpikeLeavesPUntouchedAndANonFiniteKickPoisonsP) {
  double p = 1.5;
  apply_spike_count(p, 0, -0.37);
  EXPECT_EQ(p, 1.5);
  // Branch-free: a NaN weight reaches P at once, and the trial fails as non-finite.
  apply_spike_count(p, 0, std::numeric_limits<double>::quiet_NaN());
  EXPECT_TRUE(std::isnan(p));
}

TEST(SpikeAccumulation, EqualsRepeatedAdditionWhenTheSumsAreExact) {
  // With a dyadic kick every partial sum is exact, so counting and adding one spike at a time
  // agree bit for bit; in general counting rounds once instead of `count` times.
  double counted = 0.125, one_by_one = 0.125;
  apply_spike_count(counted, 37, 0.5);
  for (int s = 0; s < 37; ++s) one_by_one += 0.5;
  EXPECT_EQ(counted, one_by_one);
}

// One Poisson input unit with 4 multapses onto a single non-spiking neuron through an exponential
// synapse (weight 0 so nothing moves): every input spike of the last step is pending 4 times, and
// each of the run's input spikes made 4 synaptic events.
TEST(SpikeAccumulation, CpuBackendCountsArrivalsPerTarget) {
  const nlohmann::json network = testing::silent_input_network(200, 1, 1, 3000, 4);
  const NetworkSpec net = parse_network_spec(network);
  bool saw_pending = false;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    TrialState state;
    const TrialRecording rec = simulate_trial_cpu(net, seed, &state);
    ASSERT_EQ(state.pending_count.size(), 1u);
    EXPECT_EQ(state.pending_count[0] % 4, 0u);
    EXPECT_EQ(rec.synaptic_events % 4, 0u);
    EXPECT_GT(rec.synaptic_events, 0u);
    saw_pending |= state.pending_count[0] > 0;
  }
  EXPECT_TRUE(saw_pending);  // mean 0.3 input spikes per step: some last step has one
}

}  // namespace
}  // namespace spikefit::engine
