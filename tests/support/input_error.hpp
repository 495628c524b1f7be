#pragma once

#include <functional>
#include <string>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::testing {

// The message of the input error (base::ConfigError or base::UsageError) that `f` throws, or
// `none` when it throws nothing.
inline std::string input_error_of(const std::function<void()>& f, const std::string& none = "") {
  try {
    f();
  } catch (const base::ConfigError& e) {
    return e.what();
  } catch (const base::UsageError& e) {
    return e.what();
  }
  return none;
}

}  // namespace spikefit::testing
