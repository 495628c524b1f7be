#pragma once

#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator::testing {

// Options that train any kind in well under a second on a hundred rows (the file and determinism
// tests need a trained model, not a good one).
inline EmulatorTrainOptions quick_options(EmulatorKind kind, uint64_t seed = 5) {
  EmulatorTrainOptions options;
  options.kind = kind;
  options.seed = seed;
  options.max_epochs = 8;
  options.batch_size = 32;
  options.hidden_layers = 2;
  options.hidden_width = 16;
  options.ensemble_members = 3;
  options.inducing_points = 16;
  options.sparse_gp_iterations = 10;
  options.gp_max_fit_points = 60;
  options.threads = 1;
  return options;
}

inline constexpr EmulatorKind kAllKinds[] = {EmulatorKind::kGp, EmulatorKind::kSparseGp,
                                             EmulatorKind::kMlp, EmulatorKind::kEnsemble};

}  // namespace spikefit::emulator::testing
