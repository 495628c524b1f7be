#include "spikefit/experiments/evaluation/target_builder.hpp"

#include <algorithm>
#include <stdexcept>

#include "spikefit/base/random.hpp"

namespace spikefit::experiments {

stats::Target target_from_repeats(const std::string& name,
                                  const std::vector<stats::Statistics>& repeats,
                                  const std::vector<std::string>& statistic_names,
                                  const stats::Statistics* centre) {
  if (repeats.size() < 2) throw std::invalid_argument("a target needs at least 2 repeats");
  for (std::size_t r = 0; r < repeats.size(); ++r) {
    if (!repeats[r].feasible) {
      throw std::runtime_error("repeat " + std::to_string(r) +
                               " is infeasible: " + repeats[r].reason);
    }
  }
  stats::Target target;
  target.name = name;
  if (const std::vector<double>* es = repeats[0].find("eigenspectrum")) {
    target.n_neuron = static_cast<unsigned>(es->size());
  }
  const double n = static_cast<double>(repeats.size());
  for (const std::string& stat : statistic_names) {
    if (!repeats[0].find(stat)) throw std::invalid_argument("unknown statistic '" + stat + "'");
    const std::size_t size = repeats[0].find(stat)->size();
    std::vector<double> mean(size, 0.0);
    for (const auto& r : repeats) {
      const std::vector<double>& v = *r.find(stat);
      for (std::size_t k = 0; k < size; ++k) mean[k] += v[k] / n;
    }
    double spread = 0.0;  // sum over repeats of squared (L2) deviations
    bool varies = false;  // exactly: the mean of equal values may differ from them by rounding
    for (const auto& r : repeats) {
      const std::vector<double>& v = *r.find(stat);
      for (std::size_t k = 0; k < size; ++k) {
        spread += (v[k] - mean[k]) * (v[k] - mean[k]);
        varies |= v[k] != (*repeats[0].find(stat))[k];
      }
    }
    stats::TargetStatistic t;
    t.name = stat;
    t.mean = centre ? *centre->find(stat) : mean;
    t.var = stat == "eigenspectrum" ? spread / n : spread / (n - 1);
    if (!varies || !(t.var > 0)) {
      throw std::runtime_error("statistic '" + stat +
                               "' is the same in every repeat: it has no spread to normalise "
                               "its cost term by; leave it out of --statistics");
    }
    target.statistics.push_back(std::move(t));
  }
  return target;
}

engine::TrialRecording resample_bins(const engine::TrialRecording& rec, uint64_t seed) {
  engine::TrialRecording out = rec;
  base::CounterStream draws(seed, 0xB0075u, 0);
  for (uint32_t b = 0; b < rec.count_bins; ++b) {
    const auto source = std::min(rec.count_bins - 1,
                                 static_cast<uint32_t>((1.0 - draws.uniform()) * rec.count_bins));
    std::copy_n(
        rec.counts.begin() + static_cast<std::ptrdiff_t>(uint64_t{source} * rec.count_neurons),
        rec.count_neurons,
        out.counts.begin() + static_cast<std::ptrdiff_t>(uint64_t{b} * rec.count_neurons));
  }
  return out;
}

}  // namespace spikefit::experiments
