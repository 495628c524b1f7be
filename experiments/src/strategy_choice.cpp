#include "spikefit/experiments/strategy_choice.hpp"

#include "spikefit/engine/config_error.hpp"

namespace spikefit::experiments {

const std::vector<std::string>& fit_strategy_names() {
  static const std::vector<std::string> names = {"mixed", "sobol"};
  return names;
}

std::unique_ptr<acquisition::BatchStrategy> make_fit_strategy(const std::string& name,
                                                              int64_t dims) {
  // TODO(lead, on merging the batch strategies): map "mixed", "ts", "greedy", "turbo" to
  // acquisition::make_strategy(name, ...). Until then "mixed" is the Sobol strategy.
  if (name == "mixed" || name == "sobol") return acquisition::make_sobol_strategy(dims);
  std::string known;
  for (const auto& n : fit_strategy_names()) known += (known.empty() ? "" : ", ") + n;
  throw engine::ConfigError("--strategy", "unknown strategy '" + name + "' (known: " + known + ")");
}

}  // namespace spikefit::experiments
