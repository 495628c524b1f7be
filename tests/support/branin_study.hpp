#pragma once

#include <ATen/Parallel.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/evaluation/test_function_evaluator.hpp"
#include "spikefit/experiments/study/fit_loop.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

// The Branin stand-in study that the fit-loop tests and the golden study fixture share:
// two parameters x1 ∈ [-5, 10], x2 ∈ [0, 15], errors "branin" and "noise".
namespace spikefit::testing {

inline experiments::FitProblem branin_problem() {
  return {{"x1", "x2"}, {-5.0, 0.0}, {10.0, 15.0}, {false, false}};
}

inline nlohmann::json branin_study_document() {
  return {{"kind", "test_function"},
          {"parameters",
           {{{"name", "x1"}, {"lower", -5.0}, {"upper", 10.0}},
            {{"name", "x2"}, {"lower", 0.0}, {"upper", 15.0}}}},
          {"error_names", {"branin", "noise"}},
          {"options", {{"min-replicates", 2}}}};
}

// The loop settings of the small Branin fits: rounds of 8, 8 initial points, 2 replicate slots.
inline experiments::FitOptions small_branin_options(int max_evaluations) {
  experiments::FitOptions options;
  options.batch = 8;
  options.initial = 8;
  options.max_evaluations = max_evaluations;
  options.seed = 11;
  options.replicate_slots = 2;
  return options;
}

// The fixed-seed fit whose stored evaluations tests/fixtures/study_golden/ keeps: 40
// evaluations with `strategy_name`, written to a new study at `path`, LibTorch on
// `torch_threads` intra-op threads (2 when the fixtures were made).
inline experiments::StudyStorage run_golden_branin_fit(const std::string& strategy_name,
                                                       const std::string& path,
                                                       int torch_threads = 2) {
  at::set_num_threads(torch_threads);
  experiments::StudyStorage storage =
      experiments::StudyStorage::create(path, branin_study_document());
  experiments::TestFunctionEvaluator evaluator;
  auto strategy = experiments::make_fit_strategy(strategy_name, 2);
  experiments::run_fit(branin_problem(), evaluator, *strategy, storage, small_branin_options(40));
  return storage;
}

}  // namespace spikefit::testing
