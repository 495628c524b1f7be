#pragma once

#include <cstdint>
#include <vector>

#include "spikefit/experiments/emulation/emulator_file.hpp"
#include "spikefit/experiments/emulation/expected_cost.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"

// The first half of an amortised fit (`spikefit fit --emulator M`): the points of a fit's box
// that the emulator predicts best for the target, found without a simulation. Candidates are
// scored by expected cost / max(P(feasible), 0.001) (feasibility-weighted: where the classifier
// is sure a trial is feasible the score is the expected cost), from a scrambled Sobol pool, then
// Gaussian steps around the best of it at three scales; the chosen ones are the best scores at
// least min_distance apart in the fit's unit cube.
namespace spikefit::experiments {

struct EmulatorCandidateOptions {
  int64_t count = 8;     // candidates returned
  int64_t pool = 16384;  // Sobol points scored
  int64_t refine = 32;   // best pool points stepped around
  int64_t steps = 128;   // Gaussian steps per refined point and scale
  double min_distance = 0.02;
  uint64_t seed = 1;
};

struct EmulatorCandidate {
  std::vector<double> x;  // [D] physical units
  double expected_cost = 0.0;
  double feasibility = 1.0;  // P(feasible), 1 without a classifier
};

// The emulator's parameters must be the fit's, in the same order, and its box must hold the
// fit's (base::UsageError naming --emulator otherwise).
std::vector<EmulatorCandidate> emulator_candidates(const EmulatorFile& emulator,
                                                   const FitProblem& problem,
                                                   const ExpectedCost& cost,
                                                   const EmulatorCandidateOptions& options);

}  // namespace spikefit::experiments
