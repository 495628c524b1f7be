#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/engine/recording.hpp"

namespace spikefit::stats {

// Spike times (ms, ascending) of one neuron.
using SpikeTrain = std::vector<double>;

// The spike trains of every cell of `population` [cells of the population], taken from
// rec.raster, which must hold every spike of every cell with `neuron` the global index across
// populations (population_offsets maps populations) and be sorted by time. Only spikes with
// from_ms <= time_ms are kept. Throws std::invalid_argument naming the problem when the
// population does not exist, a raster neuron is out of range or the raster is not sorted.
std::vector<SpikeTrain> population_spike_trains(const engine::TrialRecording& rec,
                                                uint32_t population, double from_ms = 0.0);

// Inter-spike intervals of one train [spikes - 1].
std::vector<double> inter_spike_intervals(const SpikeTrain& train);

}  // namespace spikefit::stats
