#include "spikefit/engine/recording.hpp"

#include "spikefit/base/enum_names.hpp"

namespace spikefit::engine {

namespace {

constexpr base::EnumNames<TrialStatus, 3> kStatusNames{
    {{TrialStatus::kOk, "ok"}, {TrialStatus::kRunaway, "runaway"}, {TrialStatus::kError, "error"}}};

}  // namespace

const char* to_string(TrialStatus status) {
  return kStatusNames.name(status);
}

}  // namespace spikefit::engine
