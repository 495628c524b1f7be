// Large-network machinery of the balanced model (issue 18): procedural connectivity, one trial on
// a team of threads, the size factor, and the CPU ensemble's split of small batches.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/balanced/connectivity.hpp"
#include "models/balanced/cpu_trial.hpp"
#include "models/balanced/synapse_rows.hpp"
#include "recording_compare.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/engine/ensemble.hpp"
#include "spikefit/engine/models/balanced/balanced_network.hpp"
#include "test_networks.hpp"

namespace spikefit::engine {
namespace {

using nlohmann::json;

// The small SBN with one Bernoulli and one uniform fixed-out-degree projection (row lengths not
// multiples of four), so every row generator is exercised.
json mixed_rules_network(double duration_ms) {
  json net = testing::small_snops_network("snops_sbn", duration_ms);
  for (json& p : net["projections"]) {
    if (p["name"] == "EE") p["connectivity"] = {{"rule", "bernoulli"}, {"probability", 0.15}};
    if (p["name"] == "IE") {
      p["connectivity"] = {{"rule", "fixed_out_degree"}, {"out_degree", 23}};
    }
  }
  return net;
}

json procedural(json net) {
  net["connectivity_storage"] = "procedural";
  return net;
}

void expect_same_trial(const NetworkSpec& a, const NetworkSpec& b, uint64_t seed, int threads_a,
                       int threads_b) {
  TrialState state_a, state_b;
  const TrialRecording ra = simulate_trial_cpu(a, seed, &state_a, threads_a);
  const TrialRecording rb = simulate_trial_cpu(b, seed, &state_b, threads_b);
  ASSERT_EQ(ra.status, TrialStatus::kOk) << ra.message;
  EXPECT_GT(ra.total_spikes, 100u);
  testing::expect_same_recording(ra, rb);
  // Procedural Bernoulli rows report the expected count, stored ones the realised count.
  EXPECT_NEAR(double(ra.synapse_count), double(rb.synapse_count), 0.01 * double(ra.synapse_count));
  EXPECT_EQ(state_a.v, state_b.v);
  EXPECT_EQ(state_a.current, state_b.current);
  EXPECT_EQ(state_a.derivative, state_b.derivative);
  EXPECT_EQ(state_a.pending_count, state_b.pending_count);
}

// parse_network_spec(net) must throw a ConfigError whose message names `field`.
void expect_config_error_naming(const json& net, const std::string& field) {
  try {
    parse_network_spec(net);
    FAIL() << "accepted: " << field;
  } catch (const base::ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
  }
}

std::vector<uint32_t> sorted_row(const SynapseRows& rows, uint32_t pre) {
  std::vector<uint32_t> row;
  const uint64_t length = rows.for_each_target(pre, [&row](uint32_t t) { row.push_back(t); });
  EXPECT_EQ(length, row.size());
  std::sort(row.begin(), row.end());
  return row;
}

TEST(ProceduralConnectivity, RowsAreTheStoredRowsAndHoldNoMemory) {
  const NetworkSpec stored = parse_network_spec(mixed_rules_network(100));
  const NetworkSpec generated = parse_network_spec(procedural(mixed_rules_network(100)));
  for (uint32_t k = 0; k < stored.projections.size(); ++k) {
    SCOPED_TRACE(stored.projections[k].name);
    const Connectivity reference = generate_connectivity(stored, k, 77);
    const SynapseRows from_store(stored, k, 77);
    const SynapseRows regenerated(generated, k, 77);
    EXPECT_EQ(regenerated.stored_bytes(), 0u);
    EXPECT_GT(from_store.stored_bytes(), reference.synapse_count());
    EXPECT_EQ(from_store.synapse_count(), reference.synapse_count());
    for (uint32_t pre = 0; pre < reference.n_pre; ++pre) {
      const std::vector<uint32_t> expected(reference.targets.begin() + reference.offsets[pre],
                                           reference.targets.begin() + reference.offsets[pre + 1]);
      ASSERT_EQ(sorted_row(from_store, pre), expected) << "pre " << pre;
      ASSERT_EQ(sorted_row(regenerated, pre), expected) << "pre " << pre;
    }
    if (stored.projections[k].rule != ConnectivityRule::kBernoulli) {
      EXPECT_EQ(regenerated.synapse_count(), reference.synapse_count());
    } else {  // the expected count: within 5 standard deviations of the realised one
      const double p = stored.projections[k].probability;
      const double pairs = double(reference.n_pre) * reference.n_post;
      EXPECT_NEAR(double(regenerated.synapse_count()), double(reference.synapse_count()),
                  5 * std::sqrt(pairs * p * (1 - p)));
    }
  }
}

TEST(ProceduralConnectivity, TrialsAreBitIdenticalToStoredOnes) {
  expect_same_trial(parse_network_spec(testing::small_snops_network("snops_sbn", 400)),
                    parse_network_spec(procedural(testing::small_snops_network("snops_sbn", 400))),
                    5, 1, 1);
  expect_same_trial(parse_network_spec(mixed_rules_network(400)),
                    parse_network_spec(procedural(mixed_rules_network(400))), 6, 1, 1);
}

TEST(ProceduralConnectivity, FixedInDegreeIsRefusedByNameAndStoredByDefault) {
  json net = testing::small_snops_network("snops_cbn", 100);
  json& ee = net["projections"][1];
  ee["connectivity"] = {{"rule", "fixed_in_degree"}, {"in_degree", 40}};
  net["connectivity_storage"] = "procedural";
  const NetworkSpec spec = parse_network_spec(net);
  EXPECT_EQ(spec.projections[1].storage, ConnectivityStorage::kStored);
  EXPECT_EQ(spec.projections[0].storage, ConnectivityStorage::kProcedural);
  ee["connectivity"]["storage"] = "procedural";
  expect_config_error_naming(net, "projections[1].connectivity.storage");
  net["connectivity_storage"] = "on_demand";
  EXPECT_THROW(parse_network_spec(net), base::ConfigError);
}

TEST(TrialTeam, EveryTeamSizeGivesTheSameTrial) {
  const NetworkSpec stored = parse_network_spec(mixed_rules_network(300));
  const NetworkSpec generated = parse_network_spec(procedural(mixed_rules_network(300)));
  expect_same_trial(stored, stored, 11, 1, 2);
  expect_same_trial(stored, stored, 11, 1, 3);
  expect_same_trial(stored, generated, 12, 1, 2);
  EXPECT_EQ(simulate_trial_cpu(stored, 11, nullptr, 2).threads, 2u);
  EXPECT_EQ(simulate_trial_cpu(stored, 11, nullptr, 1).threads, 1u);
}

// A float32 trial is as deterministic as a float64 one: the same for every team size, and
// procedural rows equal stored ones. It is not the float64 trial.
TEST(TrialTeam, Float32TrialsAreTheSameForEveryTeamSize) {
  json net = mixed_rules_network(300);
  net["simulation"]["precision"] = "float32";
  const NetworkSpec stored = parse_network_spec(net);
  expect_same_trial(stored, stored, 11, 1, 2);
  expect_same_trial(stored, parse_network_spec(procedural(net)), 12, 1, 3);
  const NetworkSpec double_spec = parse_network_spec(mixed_rules_network(300));
  TrialState single_state, double_state;
  simulate_trial_cpu(stored, 11, &single_state, 1);
  simulate_trial_cpu(double_spec, 11, &double_state, 1);
  EXPECT_NE(single_state.v, double_state.v);
  net["simulation"]["precision"] = "float16";
  expect_config_error_naming(net, "network.simulation.precision");
}

TEST(TrialTeam, ARunawayStopsAtTheSameStepWithTheSameMessage) {
  json runaway = testing::small_snops_network("snops_sbn", 300);
  runaway["projections"][1]["weight"] = 400;  // EE: excitation runs away
  const NetworkSpec net = parse_network_spec(runaway);
  const TrialRecording one = simulate_trial_cpu(net, 3, nullptr, 1);
  const TrialRecording two = simulate_trial_cpu(net, 3, nullptr, 2);
  EXPECT_EQ(one.status, TrialStatus::kRunaway);
  EXPECT_LT(one.simulated_ms(), 299.0);
  testing::expect_same_recording(one, two);
}

// 48x48 E and 24x24 I: 2880 neurons, so a trial uses up to two threads.
std::shared_ptr<const Network> two_thread_network() {
  json net = testing::small_snops_network("snops_sbn", 150);
  net["populations"][0]["lattice"] = {48, 48};
  net["populations"][1]["lattice"] = {24, 24};
  net["inputs"][0]["lattice"] = {48, 48};
  return make_network(parse_network_spec(net));
}

TEST(CpuEnsembleSplit, BatchesSmallerThanTheThreadsSplitTheirTrials) {
  const auto network = two_thread_network();
  ASSERT_EQ(network->max_threads_per_trial(), 2);
  std::vector<TrialInput> batch;
  for (uint64_t k = 0; k < 3; ++k) batch.push_back({network, 40 + k});
  const std::vector<TrialRecording> out = make_cpu_ensemble()->run(batch, RunOptions{2, {}});
  EXPECT_EQ(out[0].threads, 1u);
  EXPECT_EQ(out[1].threads, 1u);
  EXPECT_EQ(out[2].threads, 2u);  // the partial wave: one trial on both threads
  for (std::size_t k = 0; k < batch.size(); ++k) {
    testing::expect_same_recording(out[k], network->simulate_cpu(batch[k].seed));
  }
  const std::vector<TrialRecording> one = make_cpu_ensemble()->run({batch[0]}, RunOptions{4, {}});
  EXPECT_EQ(one[0].threads, 2u);  // capped by the network's max_threads_per_trial
  testing::expect_same_recording(one[0], out[0]);
}

TEST(SizeFactor, ScalesNeuronsKeepsInDegreesAndWeights) {
  json network = testing::config_network("snops_sbn");
  const NetworkSpec base = parse_network_spec(network);
  network["size_factor"] = 2;
  const NetworkSpec scaled = parse_network_spec(network);
  EXPECT_EQ(scaled.size_factor, 2.0);
  ASSERT_EQ(scaled.populations.size(), base.populations.size());
  for (std::size_t p = 0; p < base.populations.size(); ++p) {
    EXPECT_EQ(scaled.populations[p].size, 4 * base.populations[p].size);
    EXPECT_EQ(scaled.populations[p].lattice.rows, 2 * base.populations[p].lattice.rows);
  }
  EXPECT_EQ(scaled.inputs[0].size, 4 * base.inputs[0].size);
  for (std::size_t k = 0; k < base.projections.size(); ++k) {
    EXPECT_EQ(scaled.projections[k].degree, base.projections[k].degree);
  }
  EXPECT_EQ(scaled.weight_scale, base.weight_scale);
  EXPECT_EQ(scaled.expected_synapse_count(), 4 * base.expected_synapse_count());
  const TrialRecording rec = simulate_trial_cpu(
      parse_network_spec(testing::small_snops_network("snops_sbn", 1)), 1, nullptr, 1);
  EXPECT_EQ(
      rec.synapse_count,
      parse_network_spec(testing::small_snops_network("snops_sbn", 1)).expected_synapse_count());

  json bernoulli = mixed_rules_network(100);
  bernoulli["size_factor"] = 2;
  EXPECT_DOUBLE_EQ(parse_network_spec(bernoulli).projections[1].probability, 0.15 / 4);
}

TEST(SizeFactor, ALatticeThatDoesNotScaleIsRefusedByName) {
  json network = testing::config_network("snops_sbn");
  network["size_factor"] = 1.5;  // 25 x 1.5 rows of I
  try {
    parse_network_spec(network);
    FAIL() << "size_factor 1.5 accepted";
  } catch (const base::ConfigError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("size_factor"), std::string::npos) << what;
    EXPECT_NE(what.find("'I' lattice rows"), std::string::npos) << what;
  }
  network["size_factor"] = -1;
  EXPECT_THROW(parse_network_spec(network), base::ConfigError);
}

}  // namespace
}  // namespace spikefit::engine
