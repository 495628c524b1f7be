#pragma once

#include <ATen/ATen.h>

#include <Eigen/Core>
#include <functional>
#include <vector>

namespace spikefit::surrogate::detail {

// value(theta, gradient) -> objective to maximise, filling its gradient; it may throw or return
// a non-finite value where the objective is undefined (e.g. a kernel that is not positive
// definite), which counts as -infinity.
using ValueAndGradient = std::function<double(const Eigen::VectorXd&, Eigen::VectorXd&)>;

struct MultistartOptions {
  int starts = 1;
  int max_iterations = 200;    // L-BFGS iterations per start
  double time_budget_s = 0.0;  // wall time for all starts; <= 0: none
};

struct MultistartResult {
  Eigen::VectorXd best;  // the best point evaluated (a start is never lost to a failed search)
  double value = 0.0;
  int starts_run = 0;
  int evaluations = 0;
  bool budget_exhausted = false;
  bool found = false;  // some evaluation was finite
};

// Maximises value by L-BFGS (LBFGS++, backtracking with strong Wolfe conditions) from
// start(0), start(1), ...; the time budget is checked before every evaluation after the first.
MultistartResult maximise_multistart(const ValueAndGradient& value,
                                     const std::function<Eigen::VectorXd(int)>& start,
                                     const MultistartOptions& options);

// The values of a list of float64 tensors as one parameter vector, and back (in place, without
// gradients).
Eigen::VectorXd pack(const std::vector<at::Tensor>& params);
void unpack(const Eigen::VectorXd& theta, std::vector<at::Tensor>& params);

}  // namespace spikefit::surrogate::detail
