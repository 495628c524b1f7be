#include "models/balanced/spike_compaction.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "spikefit/engine/random.hpp"

namespace spikefit::engine {
namespace {

TEST(SpikeCompaction, RankCountsTheSpikingLanesBelow) {
  for (uint32_t trial = 0; trial < 200; ++trial) {
    const uint32_t ballot = philox_words(3, 4, trial, 0).w[0];
    uint32_t below = 0;
    for (uint32_t lane = 0; lane < 32; ++lane) {
      if (ballot & (1u << lane)) {
        EXPECT_EQ(rank_in_ballot(ballot, lane), below);
        ++below;
      }
    }
    EXPECT_EQ(popcount32(ballot), below);
  }
  EXPECT_EQ(rank_in_ballot(0xFFFFFFFFu, 31), 31u);
  EXPECT_EQ(popcount32(0u), 0u);
}

// The kernel's compaction, emulated warp by warp in an arbitrary order of warps (the order of the
// shared counter's atomics): the list holds every spiking neuron exactly once, each warp's spikes
// contiguous and ascending.
TEST(SpikeCompaction, WarpCompactionListsEverySpikeOnce) {
  constexpr uint32_t kNeurons = 1000;
  std::vector<bool> spiked(kNeurons);
  std::vector<uint32_t> expected;
  for (uint32_t j = 0; j < kNeurons; ++j) {
    spiked[j] = philox_words(9, 1, j, 0).w[0] % 7 == 0;
    if (spiked[j]) expected.push_back(j);
  }
  const uint32_t warps = (kNeurons + 31) / 32;
  std::vector<uint32_t> list(kNeurons, ~0u);
  uint32_t counter = 0;
  for (uint32_t w0 = 0; w0 < warps; ++w0) {
    const uint32_t w = (w0 * 17) % warps;  // 17 is coprime with 32 warps: a permutation
    uint32_t ballot = 0;
    for (uint32_t lane = 0; lane < 32; ++lane) {
      const uint32_t j = w * 32 + lane;
      if (j < kNeurons && spiked[j]) ballot |= 1u << lane;
    }
    const uint32_t first = counter;
    counter += popcount32(ballot);
    for (uint32_t lane = 0; lane < 32; ++lane) {
      if (ballot & (1u << lane)) list[first + rank_in_ballot(ballot, lane)] = w * 32 + lane;
    }
  }
  ASSERT_EQ(counter, expected.size());
  list.resize(counter);
  std::vector<uint32_t> sorted = list;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, expected);
}

}  // namespace
}  // namespace spikefit::engine
