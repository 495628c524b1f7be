#pragma once

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace spikefit::experiments {

// Standard Bayesian-optimisation test problems (definitions as in BoTorch's
// botorch/test_functions/{synthetic,multi_objective}.py, all MINIMISED), in physical units.

double branin(const std::vector<double>& x);     // [2] on [-5, 10] x [0, 15]
double hartmann6(const std::vector<double>& x);  // [6] on [0, 1]^6
double ackley(const std::vector<double>& x);     // [d], a = 20, b = 0.2, c = 2 pi
// BoTorch's BraninCurrin on [0, 1]^2: (Branin on the rescaled square, Currin's exponential).
std::vector<double> branin_currin(const std::vector<double>& x);
std::vector<double> zdt1(const std::vector<double>& x);  // [d >= 2] on [0, 1]^d, 2 objectives
// [d >= objectives] on [0, 1]^d; the Pareto front is the unit sphere's positive orthant.
std::vector<double> dtlz2(const std::vector<double>& x, int objectives);

// What one evaluation returns.
struct Outcome {
  std::vector<double> objectives;  // [k]
  bool feasible = true;            // false: the outcome constraint is violated
};

struct TestFunction {
  std::string name;
  std::vector<double> lower, upper;  // bounds [d]
  int objectives = 1;
  bool constrained = false;
  // Single objective: the minimum and where it is attained [*][d].
  double optimal_value = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> minimizers;
  // Several objectives: the hypervolume reference point [k] and the hypervolume of the true front.
  std::vector<double> reference_point;
  double max_hypervolume = std::numeric_limits<double>::quiet_NaN();
  std::function<Outcome(const std::vector<double>&)> evaluate;

  int dims() const { return static_cast<int>(lower.size()); }
};

// By name: branin, hartmann6, ackley (dims, default 10, on [-5, 10]^d as in BoTorch's TuRBO
// tutorial), constrained_hartmann6 (Hartmann6, feasible where sum(x) <= 3, as in BoTorch's
// closed-loop tutorial), branin_currin, zdt1 (dims, default 6), dtlz2 (3 objectives, dims,
// default 6, reference point 1.1 in each objective). dims = 0 takes the default; a
// fixed-dimension function rejects any other value. Unknown names throw, listing the known ones.
TestFunction make_test_function(const std::string& name, int dims = 0);
std::vector<std::string> test_function_names();

}  // namespace spikefit::experiments
