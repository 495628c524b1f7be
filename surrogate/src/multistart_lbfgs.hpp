#pragma once

#include <ATen/ATen.h>

#include <Eigen/Core>
#include <chrono>
#include <functional>
#include <vector>

#include "spikefit/surrogate/exact_gp.hpp"

namespace spikefit::surrogate::detail {

// value(theta, gradient) -> objective to maximise, filling its gradient; it may throw or return
// a non-finite value where the objective is undefined (e.g. a kernel that is not positive
// definite), which counts as -infinity.
using ValueAndGradient = std::function<double(const Eigen::VectorXd&, Eigen::VectorXd&)>;

struct MultistartOptions {
  int starts = 1;
  int max_iterations = 200;          // L-BFGS iterations per start
  double time_budget_s = 0.0;        // wall time for all starts; <= 0: none
  double gradient_tolerance = 1e-5;  // on the gradient norm
  double relative_tolerance = 1e-9;  // on the change of the objective over 3 iterations
  // Lower bounds on the parameters [p] (-infinity: none); empty: unbounded. With bounds the
  // search is L-BFGS-B (LBFGS++ LBFGSBSolver) and starts are projected into the box.
  Eigen::VectorXd lower_bounds;
};

struct MultistartResult {
  Eigen::VectorXd best;  // the best point evaluated (a start is never lost to a failed search)
  double value = 0.0;
  int starts_run = 0;
  int evaluations = 0;
  bool budget_exhausted = false;
  bool found = false;  // some evaluation was finite
};

// Maximises value by L-BFGS (LBFGS++, backtracking with strong Wolfe conditions), or L-BFGS-B
// with lower bounds, from start(0), start(1), ...; the time budget is checked before every
// evaluation after the first.
MultistartResult maximise_multistart(const ValueAndGradient& value,
                                     const std::function<Eigen::VectorXd(int)>& start,
                                     const MultistartOptions& options);

// A GP's hyperparameter fit: maximise_multistart with the fit options, the intra-op thread count
// of the options, gradients on params while it runs, lower_bounds [p] (empty: none). Leaves the
// best point in params and returns the report (fit_points points, seconds since `began`); when no
// start reached a finite objective, restores `initial` and throws std::runtime_error naming
// `model`.
GpFitReport fit_by_multistart(const ValueAndGradient& value,
                              const std::function<Eigen::VectorXd(int)>& start,
                              const GpFitOptions& options, std::vector<at::Tensor>& params,
                              const Eigen::VectorXd& initial, int64_t fit_points, const char* model,
                              std::chrono::steady_clock::time_point began,
                              const Eigen::VectorXd& lower_bounds = Eigen::VectorXd());

// Sets LibTorch's intra-op thread count for its lifetime (count <= 0: no change).
class IntraOpThreads {
 public:
  explicit IntraOpThreads(int count);
  ~IntraOpThreads();
  IntraOpThreads(const IntraOpThreads&) = delete;
  IntraOpThreads& operator=(const IntraOpThreads&) = delete;

 private:
  int previous_ = 0;
};

// The values of a list of float64 tensors as one parameter vector, and back (in place, without
// gradients).
Eigen::VectorXd pack(const std::vector<at::Tensor>& params);
void unpack(const Eigen::VectorXd& theta, std::vector<at::Tensor>& params);

}  // namespace spikefit::surrogate::detail
