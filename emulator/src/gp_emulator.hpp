#pragma once

#include <memory>
#include <vector>

#include "emulator_base.hpp"
#include "spikefit/surrogate/exact_gp.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

// kGp: one surrogate::ExactGp per output (Matern-5/2 ARD, constant mean, learned noise, MAP with
// the surrogate's default priors, hyperparameters fitted on a seeded subset of at most
// options.gp_max_fit_points points, conditioned on all). Predictive variance = latent + noise.
class GpEmulator final : public EmulatorBase {
 public:
  // x [n x d] float64 in the unit cube, standardised y [n x m] float64
  static std::unique_ptr<GpEmulator> train(const at::Tensor& x, const at::Tensor& y,
                                           OutputScaling scaling,
                                           const EmulatorTrainOptions& options,
                                           TrainingClock& clock);
  static std::unique_ptr<GpEmulator> from_state(const nlohmann::json& state, int64_t input_dims,
                                                OutputScaling scaling);
  nlohmann::json model_state() const override;

 protected:
  EmulatorPrediction predict_standardised(const at::Tensor& x) const override;

 private:
  GpEmulator(int64_t input_dims, OutputScaling scaling, at::Tensor x, at::Tensor y,
             std::vector<surrogate::ExactGp> gps);
  at::Tensor x_;                         // [n x d]
  at::Tensor y_;                         // [n x m] standardised
  std::vector<surrogate::ExactGp> gps_;  // one per output
};

}  // namespace spikefit::emulator
