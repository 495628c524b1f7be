#include "multistart_lbfgs.hpp"

#include <ATen/Parallel.h>
#include <LBFGS.h>
#include <LBFGSB.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace spikefit::surrogate::detail {

namespace {

struct BudgetExhausted {};

using Clock = std::chrono::steady_clock;

}  // namespace

MultistartResult maximise_multistart(const ValueAndGradient& value,
                                     const std::function<Eigen::VectorXd(int)>& start,
                                     const MultistartOptions& options) {
  MultistartResult result;
  result.value = -std::numeric_limits<double>::infinity();
  const Clock::time_point began = Clock::now();
  auto out_of_time = [&]() {
    if (options.time_budget_s <= 0.0) return false;
    return std::chrono::duration<double>(Clock::now() - began).count() > options.time_budget_s;
  };
  // LBFGS++ minimises: the negated objective, +infinity where undefined
  auto negated = [&](const Eigen::VectorXd& theta, Eigen::VectorXd& gradient) {
    if (result.evaluations > 0 && out_of_time()) throw BudgetExhausted{};
    ++result.evaluations;
    double v = -std::numeric_limits<double>::infinity();
    try {
      v = value(theta, gradient);
    } catch (const std::exception&) {
      v = -std::numeric_limits<double>::infinity();
    }
    if (!std::isfinite(v) || !gradient.allFinite()) {
      gradient.setZero(theta.size());
      return std::numeric_limits<double>::infinity();
    }
    if (v > result.value) {
      result.value = v;
      result.best = theta;
      result.found = true;
    }
    gradient = -gradient;
    return -v;
  };
  const bool bounded = options.lower_bounds.size() > 0;
  LBFGSpp::LBFGSParam<double> param;
  param.max_iterations = std::max(1, options.max_iterations);
  param.linesearch = LBFGSpp::LBFGS_LINESEARCH_BACKTRACKING_STRONG_WOLFE;
  param.epsilon = options.gradient_tolerance;
  param.epsilon_rel = 0.0;
  param.past = 3;
  param.delta = options.relative_tolerance;
  LBFGSpp::LBFGSSolver<double> solver(param);
  LBFGSpp::LBFGSBParam<double> bounded_param;
  bounded_param.max_iterations = param.max_iterations;
  bounded_param.epsilon = options.gradient_tolerance;
  bounded_param.epsilon_rel = 0.0;
  bounded_param.past = 3;
  bounded_param.delta = options.relative_tolerance;
  LBFGSpp::LBFGSBSolver<double> bounded_solver(bounded_param);
  Eigen::VectorXd upper_bounds;
  if (bounded) {
    upper_bounds = Eigen::VectorXd::Constant(options.lower_bounds.size(),
                                             std::numeric_limits<double>::infinity());
  }
  for (int s = 0; s < std::max(1, options.starts); ++s) {
    if (s > 0 && out_of_time()) {
      result.budget_exhausted = true;
      break;
    }
    Eigen::VectorXd theta = start(s);
    if (bounded && theta.size() != options.lower_bounds.size()) {
      throw std::invalid_argument("maximise_multistart: one lower bound per parameter needed");
    }
    double fx = 0.0;
    ++result.starts_run;
    try {
      if (bounded) {
        theta = theta.cwiseMax(options.lower_bounds);
        bounded_solver.minimize(negated, theta, fx, options.lower_bounds, upper_bounds);
      } else {
        solver.minimize(negated, theta, fx);
      }
    } catch (const BudgetExhausted&) {
      result.budget_exhausted = true;
      break;
    } catch (const std::exception&) {
      // a failed line search ends this start; its best point is kept
    }
  }
  return result;
}

IntraOpThreads::IntraOpThreads(int count) {
  if (count <= 0) return;
  previous_ = at::get_num_threads();
  at::set_num_threads(count);
}

IntraOpThreads::~IntraOpThreads() {
  if (previous_ > 0) at::set_num_threads(previous_);
}

Eigen::VectorXd pack(const std::vector<at::Tensor>& params) {
  std::vector<double> values;
  for (const at::Tensor& p : params) {
    const at::Tensor flat = p.detach().to(at::kDouble).reshape({-1}).contiguous();
    values.insert(values.end(), flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
  }
  return Eigen::Map<const Eigen::VectorXd>(values.data(), static_cast<Eigen::Index>(values.size()));
}

void unpack(const Eigen::VectorXd& theta, std::vector<at::Tensor>& params) {
  at::NoGradGuard no_grad;
  Eigen::Index offset = 0;
  for (at::Tensor& p : params) {
    const int64_t count = p.numel();
    const at::Tensor values = at::from_blob(const_cast<double*>(theta.data() + offset), {count},
                                            at::TensorOptions().dtype(at::kDouble));
    p.copy_(values.reshape(p.sizes()));
    offset += count;
  }
}

GpFitReport fit_by_multistart(const ValueAndGradient& value,
                              const std::function<Eigen::VectorXd(int)>& start,
                              const GpFitOptions& options, std::vector<at::Tensor>& params,
                              const Eigen::VectorXd& initial, int64_t fit_points, const char* model,
                              Clock::time_point began, const Eigen::VectorXd& lower_bounds) {
  for (at::Tensor& p : params) p.requires_grad_(true);
  MultistartOptions multistart;
  multistart.starts = options.restarts;
  multistart.max_iterations = options.max_iterations;
  multistart.time_budget_s = options.time_budget_s;
  multistart.gradient_tolerance = options.gradient_tolerance;
  multistart.relative_tolerance = options.relative_tolerance;
  multistart.lower_bounds = lower_bounds;
  MultistartResult result;
  {
    const IntraOpThreads threads(options.intra_op_threads);
    result = maximise_multistart(value, start, multistart);
  }
  for (at::Tensor& p : params) p.requires_grad_(false);
  if (!result.found) {
    unpack(initial, params);
    throw std::runtime_error(std::string(model) + "::fit: no start reached a finite objective");
  }
  unpack(result.best, params);
  GpFitReport report;
  report.objective = result.value;
  report.starts_run = result.starts_run;
  report.evaluations = result.evaluations;
  report.fit_points = fit_points;
  report.budget_exhausted = result.budget_exhausted;
  report.seconds = std::chrono::duration<double>(Clock::now() - began).count();
  return report;
}

}  // namespace spikefit::surrogate::detail
