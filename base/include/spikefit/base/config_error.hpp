#pragma once

#include <stdexcept>
#include <string>

namespace spikefit::base {

// A user-facing error in a configuration document. The message names the JSON path of the
// offending field and the reason, e.g. "populations[1].params.tau_m_ms: must be > 0, got -3".
class ConfigError : public std::runtime_error {
 public:
  ConfigError(const std::string& path, const std::string& reason)
      : std::runtime_error(path.empty() ? reason : path + ": " + reason) {}
};

}  // namespace spikefit::base
