#include "spikefit/experiments/cli/strategy_choice.hpp"

#include <stdexcept>

#include "spikefit/acquisition/strategies.hpp"
#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

const std::vector<std::string>& fit_strategy_names() {
  static const std::vector<std::string> names = {"mixed", "ts",      "greedy",
                                                 "turbo", "turbo-m", "sobol"};
  return names;
}

std::unique_ptr<acquisition::BatchStrategy> make_fit_strategy(const std::string& name,
                                                              int64_t dims) {
  bool known = false;
  for (const auto& n : fit_strategy_names()) known |= n == name;
  if (!known) {
    std::string names;
    for (const auto& n : fit_strategy_names()) names += (names.empty() ? "" : ", ") + n;
    throw base::UsageError("--strategy", "unknown strategy '" + name + "' (known: " + names + ")");
  }
  return acquisition::make_strategy(name, dims);
}

}  // namespace spikefit::experiments
