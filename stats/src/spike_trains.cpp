#include "spikefit/stats/spike_trains.hpp"

#include <stdexcept>
#include <string>

namespace spikefit::stats {

std::vector<SpikeTrain> population_spike_trains(const engine::TrialRecording& rec,
                                                uint32_t population, double from_ms) {
  if (population + 1 >= rec.population_offsets.size()) {
    throw std::invalid_argument(
        "population_spike_trains: population " + std::to_string(population) +
        " does not exist (recording has " +
        std::to_string(rec.population_offsets.empty() ? 0 : rec.population_offsets.size() - 1) +
        ")");
  }
  const uint32_t begin = rec.population_offsets[population];
  const uint32_t end = rec.population_offsets[population + 1];
  const uint32_t neurons = rec.population_offsets.back();
  std::vector<SpikeTrain> trains(end - begin);
  double previous = -1e300;
  for (std::size_t s = 0; s < rec.raster.size(); ++s) {
    const engine::RasterSpike& spike = rec.raster[s];
    if (spike.neuron >= neurons) {
      throw std::invalid_argument("population_spike_trains: raster spike " + std::to_string(s) +
                                  " names neuron " + std::to_string(spike.neuron) +
                                  " but the recording has " + std::to_string(neurons));
    }
    if (spike.time_ms < previous) {
      throw std::invalid_argument(
          "population_spike_trains: raster is not sorted by time at spike " + std::to_string(s));
    }
    previous = spike.time_ms;
    if (spike.neuron >= begin && spike.neuron < end && spike.time_ms >= from_ms) {
      trains[spike.neuron - begin].push_back(spike.time_ms);
    }
  }
  return trains;
}

std::vector<double> inter_spike_intervals(const SpikeTrain& train) {
  std::vector<double> isi;
  for (std::size_t k = 1; k < train.size(); ++k) isi.push_back(train[k] - train[k - 1]);
  return isi;
}

}  // namespace spikefit::stats
