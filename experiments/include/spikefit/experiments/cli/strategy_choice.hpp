#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "spikefit/acquisition/batch_strategy.hpp"

namespace spikefit::experiments {

// The one place where a `--strategy` name becomes a batch strategy.
std::unique_ptr<acquisition::BatchStrategy> make_fit_strategy(const std::string& name,
                                                              int64_t dims);
const std::vector<std::string>& fit_strategy_names();

}  // namespace spikefit::experiments
