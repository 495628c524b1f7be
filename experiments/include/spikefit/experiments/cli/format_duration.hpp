#pragma once

#include <string>

namespace spikefit::experiments {

// "2m10s", "1h02m", "14s"
std::string format_duration(double seconds);

}  // namespace spikefit::experiments
