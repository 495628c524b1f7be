#include "spikefit/stats/statistics.hpp"

#include <stdexcept>

namespace spikefit::stats {

const std::vector<double>* Statistics::find(const std::string& name) const {
  const auto it = values.find(name);
  return it == values.end() ? nullptr : &it->second;
}

double Statistics::at(const std::string& name) const {
  const std::vector<double>* v = find(name);
  if (!v) throw std::out_of_range("statistic '" + name + "' is not computed");
  if (v->size() != 1) {
    throw std::out_of_range("statistic '" + name + "' has " + std::to_string(v->size()) +
                            " entries, not one");
  }
  return (*v)[0];
}

Statistics infeasible_statistics(std::string reason) {
  Statistics s;
  s.reason = std::move(reason);
  return s;
}

Statistics failed_trial_statistics(const engine::TrialRecording& rec) {
  return infeasible_statistics(std::string(engine::to_string(rec.status)) + ": " + rec.message);
}

}  // namespace spikefit::stats
