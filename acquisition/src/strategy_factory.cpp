#include <stdexcept>

#include "spikefit/acquisition/strategies.hpp"

namespace spikefit::acquisition {

std::unique_ptr<BatchStrategy> make_strategy(const std::string& name, int64_t dims,
                                             const nlohmann::json& options) {
  if (dims < 1) throw std::invalid_argument("make_strategy: dims must be >= 1");
  const StrategyOptions o = StrategyOptions::from_json(options);
  if (name == "sobol") return make_sobol_strategy(dims);
  if (name == "ts") return make_thompson_strategy(dims, o);
  if (name == "greedy") return make_greedy_strategy(dims, o);
  if (name == "turbo") return make_turbo_strategy(dims, o);
  if (name == "turbo-m") return make_turbo_m_strategy(dims, o);
  if (name == "mixed") return make_mixed_strategy(dims, o);
  throw std::invalid_argument("unknown batch strategy '" + name +
                              "' (expected sobol, ts, greedy, turbo, turbo-m or mixed)");
}

}  // namespace spikefit::acquisition
