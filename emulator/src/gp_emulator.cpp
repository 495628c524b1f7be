#include "gp_emulator.hpp"

#include <stdexcept>

#include "gp_hyperparameters_json.hpp"
#include "spikefit/base/random.hpp"
#include "tensor_json.hpp"

namespace spikefit::emulator {

namespace {

// L-BFGS starts per output: the initial values and one draw from the priors (the surrogate's 4
// cost twice the time for the same held-out accuracy on tests/emulator's problem).
constexpr int kRestarts = 2;
// L-BFGS ends a start when the objective changes less than this (relative) over 3 iterations:
// the recipe of bench/results/surrogate_gp_2026-12-01.md (1e-9 costs twice the evaluations).
constexpr double kRelativeTolerance = 1e-6;

// The start of every output's fit: lengthscale 0.5, outputscale 1 and noise 0.1 of the
// standardised output (the fit's restarts draw further starts from the priors).
surrogate::GpHyperparameters initial_hyperparameters(int64_t dims) {
  return surrogate::GpHyperparameters::make(dims, 0.5, 1.0, 0.1);
}

}  // namespace

GpEmulator::GpEmulator(int64_t input_dims, OutputScaling scaling, at::Tensor x, at::Tensor y,
                       std::vector<surrogate::ExactGp> gps)
    : EmulatorBase(EmulatorKind::kGp, input_dims, std::move(scaling)),
      x_(std::move(x)),
      y_(std::move(y)),
      gps_(std::move(gps)) {}

std::unique_ptr<GpEmulator> GpEmulator::train(const at::Tensor& x, const at::Tensor& y,
                                              OutputScaling scaling,
                                              const EmulatorTrainOptions& options,
                                              TrainingClock& clock) {
  std::vector<surrogate::ExactGp> gps;
  for (int64_t j = 0; j < y.size(1); ++j) {
    surrogate::ExactGp gp(surrogate::KernelKind::kMatern52, x, y.select(1, j).contiguous(),
                          initial_hyperparameters(x.size(1)));
    surrogate::GpFitOptions fit;
    fit.seed = base::trial_seed(options.seed, static_cast<uint64_t>(j));
    fit.restarts = kRestarts;
    fit.relative_tolerance = kRelativeTolerance;
    fit.max_fit_points = options.gp_max_fit_points;
    fit.subset_best_fraction = 0.0;  // a uniform subset: the emulator is not an optimiser
    fit.intra_op_threads = options.threads;
    gp.fit(fit);
    clock.step_done();
    gps.push_back(std::move(gp));
  }
  return std::unique_ptr<GpEmulator>(
      new GpEmulator(x.size(1), std::move(scaling), x, y, std::move(gps)));
}

nlohmann::json GpEmulator::model_state() const {
  nlohmann::json outputs = nlohmann::json::array();
  for (const auto& gp : gps_) outputs.push_back(hyperparameters_to_json(gp.hyperparameters()));
  return {{"x", tensor_to_json(x_)}, {"y", tensor_to_json(y_)}, {"outputs", outputs}};
}

std::unique_ptr<GpEmulator> GpEmulator::from_state(const nlohmann::json& state, int64_t input_dims,
                                                   OutputScaling scaling) {
  const at::Tensor x = tensor_from_json(state.at("x"));
  const at::Tensor y = tensor_from_json(state.at("y"));
  const nlohmann::json& outputs = state.at("outputs");
  if (x.dim() != 2 || y.dim() != 2 || x.size(0) != y.size(0) || x.size(1) != input_dims ||
      y.size(1) != scaling.outputs() || static_cast<int64_t>(outputs.size()) != y.size(1)) {
    throw std::runtime_error("gp emulator: stored training data and outputs disagree");
  }
  std::vector<surrogate::ExactGp> gps;
  for (int64_t j = 0; j < y.size(1); ++j) {
    gps.emplace_back(surrogate::KernelKind::kMatern52, x, y.select(1, j).contiguous(),
                     hyperparameters_from_json(outputs[static_cast<std::size_t>(j)]));
  }
  return std::unique_ptr<GpEmulator>(
      new GpEmulator(input_dims, std::move(scaling), x, y, std::move(gps)));
}

EmulatorPrediction GpEmulator::predict_standardised(const at::Tensor& x) const {
  std::vector<at::Tensor> means, variances;
  for (const auto& gp : gps_) {
    const surrogate::GpPosterior p = gp.posterior(x);
    means.push_back(p.mean);
    variances.push_back(p.variance + gp.hyperparameters().noise_variance());
  }
  return {at::stack(means, 1), at::stack(variances, 1)};
}

}  // namespace spikefit::emulator
