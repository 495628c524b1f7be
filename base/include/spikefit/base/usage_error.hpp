#pragma once

#include <stdexcept>
#include <string>

namespace spikefit::base {

// A command-line value that cannot be used, e.g. "--metric: must be l2 or l1, got 'l3'". The
// program exits with status 2, as for a parse error or a ConfigError.
class UsageError : public std::invalid_argument {
 public:
  UsageError(const std::string& flag, const std::string& reason)
      : std::invalid_argument(flag.empty() ? reason : flag + ": " + reason) {}
};

}  // namespace spikefit::base
