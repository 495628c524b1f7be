#include "models/balanced/recording_layout.hpp"

namespace spikefit::engine {

RecordingSteps prepare_recording(const NetworkSpec& net, uint64_t seed, TrialRecording& rec) {
  const RecordingSpec& r = net.recording;
  RecordingSteps steps_of;
  rec.seed = seed;
  rec.dt_ms = net.dt_ms;
  rec.population_names.clear();
  rec.population_offsets.clear();
  uint32_t offset = 0;
  for (const auto& pop : net.populations) {
    rec.population_names.push_back(pop.name);
    rec.population_offsets.push_back(offset);
    offset += pop.size;
  }
  rec.population_offsets.push_back(offset);
  rec.burn_in_ms = r.burn_in_ms;
  steps_of.burn_in = net.steps_of(r.burn_in_ms);
  steps_of.count_bin = net.steps_of(r.count_bin_ms);
  const uint64_t steps = net.steps();
  rec.count_population = r.count_population;
  rec.count_bin_ms = r.count_bin_ms;
  rec.count_bins = steps > steps_of.burn_in
                       ? static_cast<uint32_t>((steps - steps_of.burn_in) / steps_of.count_bin)
                       : 0;
  rec.count_neurons = net.populations[r.count_population].size;
  rec.counts.assign(uint64_t{rec.count_bins} * rec.count_neurons, 0);
  steps_of.activity_bin = net.steps_of(r.activity_bin_ms);
  rec.activity_bin_ms = r.activity_bin_ms;
  rec.activity_bins =
      steps_of.activity_bin > 0
          ? static_cast<uint32_t>((steps + steps_of.activity_bin - 1) / steps_of.activity_bin)
          : 0;
  rec.activity.assign(uint64_t{rec.activity_bins} * net.populations.size(), 0);
  rec.spikes_after_burn_in.assign(offset, 0);
  rec.isi_count.assign(offset, 0);
  rec.isi_sum_ms.assign(offset, 0.0);
  rec.isi_sum_sq_ms2.assign(offset, 0.0);
  return steps_of;
}

std::string runaway_message(const NetworkSpec& net, double t_ms) {
  return "spike cap reached (mean rate above " + std::to_string(net.max_rate_hz) +
         " Hz) at t = " + std::to_string(t_ms) + " ms";
}

std::string non_finite_message(double t_ms) {
  return "numerical error: non-finite membrane potential or synaptic current by t = " +
         std::to_string(t_ms) + " ms";
}

}  // namespace spikefit::engine
