#include "spikefit/engine/recording.hpp"

namespace spikefit::engine {

const char* to_string(TrialStatus status) {
  switch (status) {
    case TrialStatus::kOk:
      return "ok";
    case TrialStatus::kRunaway:
      return "runaway";
    case TrialStatus::kError:
      return "error";
  }
  return "unknown";
}

}  // namespace spikefit::engine
