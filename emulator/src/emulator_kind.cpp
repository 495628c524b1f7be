#include <stdexcept>

#include "spikefit/base/enum_names.hpp"
#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator {

namespace {

constexpr base::EnumNames<EmulatorKind, 4> kKindNames{{{EmulatorKind::kGp, "gp"},
                                                       {EmulatorKind::kSparseGp, "sparse-gp"},
                                                       {EmulatorKind::kMlp, "mlp"},
                                                       {EmulatorKind::kEnsemble, "ensemble"}}};

}  // namespace

EmulatorKind parse_emulator_kind(const std::string& name) {
  if (const auto kind = kKindNames.find(name)) return *kind;
  throw std::invalid_argument("unknown emulator model '" + name +
                              "' (valid: gp, sparse-gp, mlp, ensemble)");
}

const char* to_string(EmulatorKind kind) {
  return kKindNames.name(kind);
}

}  // namespace spikefit::emulator
