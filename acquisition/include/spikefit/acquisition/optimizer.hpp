#pragma once

#include <ATen/ATen.h>

#include <cstdint>

#include "spikefit/acquisition/acquisition_function.hpp"

namespace spikefit::acquisition {

struct OptimizerOptions {
  int64_t raw_samples = 1024;  // space-filling points scored before the local searches
  int64_t restarts = 10;       // local searches started from Boltzmann-chosen raw samples
  int64_t batch_limit = 256;   // raw samples scored per call of the acquisition
  int max_iterations = 100;    // L-BFGS-B iterations
  double eta = 1.0;            // Boltzmann temperature on the standardised raw values
  uint64_t seed = 0;
};

struct OptimizerResult {
  at::Tensor x;      // [restarts x d] the best point of each local search, best first
  at::Tensor value;  // [restarts] their acquisition values, descending
};

// Maximises an acquisition over the box [lower, upper] ([d] each, inside [0, 1]^d):
// 1. raw_samples scrambled-Sobol points, scored in chunks of batch_limit without gradients;
// 2. restart points drawn without replacement with probability ~ exp(eta z), z the standardised
//    raw values (BoTorch's initialize_q_batch), the best raw point always among them;
// 3. one L-BFGS-B (LBFGS++ LBFGSBSolver) on the sum of the restarts' values, the restarts stacked
//    into one [restarts * d] vector: the restarts are independent, so the summed objective has
//    the same maximisers, and every iteration scores all restarts in one tensor call with one
//    autograd pass (BoTorch's gen_candidates_scipy does the same). Each restart keeps the best
//    point it visited, so a line-search failure loses nothing.
// Seeded: the same inputs and options give the same result.
OptimizerResult optimize_acquisition(const AcquisitionFunction& acquisition,
                                     const at::Tensor& lower, const at::Tensor& upper,
                                     const OptimizerOptions& options);

// Steps 2 and 3 from raw points [r x d] inside the box whose values [r] were scored elsewhere
// (e.g. from a posterior updated incrementally); raw_samples is taken as r.
OptimizerResult optimize_acquisition_from(const AcquisitionFunction& acquisition,
                                          const at::Tensor& raw, const at::Tensor& raw_values,
                                          const at::Tensor& lower, const at::Tensor& upper,
                                          const OptimizerOptions& options);

}  // namespace spikefit::acquisition
