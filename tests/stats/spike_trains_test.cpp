#include "spikefit/stats/spike_trains.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace spikefit::stats {
namespace {

engine::TrialRecording two_populations() {
  engine::TrialRecording rec;
  rec.population_offsets = {0, 2, 5};  // population 0: neurons 0-1, population 1: neurons 2-4
  rec.raster = {{1.0, 3}, {2.0, 0}, {2.0, 4}, {5.5, 3}, {7.0, 1}, {9.0, 3}};
  return rec;
}

TEST(SpikeTrains, SplitsTheRasterByPopulationWithLocalIndices) {
  const auto rec = two_populations();
  EXPECT_EQ(population_spike_trains(rec, 0), (std::vector<SpikeTrain>{{2.0}, {7.0}}));
  EXPECT_EQ(population_spike_trains(rec, 1), (std::vector<SpikeTrain>{{}, {1.0, 5.5, 9.0}, {2.0}}));
  EXPECT_EQ(population_spike_trains(rec, 1, 2.0), (std::vector<SpikeTrain>{{}, {5.5, 9.0}, {2.0}}));
  EXPECT_EQ(inter_spike_intervals({1.0, 5.5, 9.0}), (std::vector<double>{4.5, 3.5}));
  EXPECT_TRUE(inter_spike_intervals({1.0}).empty());
}

TEST(SpikeTrains, RejectsBadRastersAndPopulations) {
  auto rec = two_populations();
  EXPECT_THROW(population_spike_trains(rec, 2), std::invalid_argument);
  rec.raster.push_back({10.0, 5});
  EXPECT_THROW(population_spike_trains(rec, 0), std::invalid_argument);
  rec = two_populations();
  rec.raster.push_back({8.0, 0});
  EXPECT_THROW(population_spike_trains(rec, 0), std::invalid_argument);
  EXPECT_THROW(population_spike_trains(engine::TrialRecording{}, 0), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::stats
