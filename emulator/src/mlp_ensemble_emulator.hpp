#pragma once

#include <memory>
#include <vector>

#include "emulator_base.hpp"
#include "gaussian_mlp.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

// kMlp and kEnsemble: K GaussianMlps (K = 1 for kMlp, options.ensemble_members for kEnsemble),
// member k trained from seed trial_seed(seed, k) on the same training/validation split (drawn from
// `seed`). The prediction is the members' Gaussian mixture, moment-matched (Lakshminarayanan et
// al. 2017): mean = mean of the means, variance = mean of the variances + variance of the means
// (which is mean of (var + mean^2) - mean^2, without its cancellation); for one member, its own.
class MlpEnsembleEmulator final : public EmulatorBase {
 public:
  struct TrainingSummary {
    int epochs = 0;                     // max over members
    double best_validation_loss = 0.0;  // mean over members
  };
  // x [n x d] float64 in the unit cube, standardised y [n x m] float64; kind kMlp or kEnsemble
  static std::unique_ptr<MlpEnsembleEmulator> train(const at::Tensor& x, const at::Tensor& y,
                                                    OutputScaling scaling,
                                                    const EmulatorTrainOptions& options,
                                                    TrainingClock& clock, TrainingSummary& summary);
  static std::unique_ptr<MlpEnsembleEmulator> from_state(EmulatorKind kind,
                                                         const nlohmann::json& state,
                                                         int64_t input_dims, OutputScaling scaling);
  nlohmann::json model_state() const override;

 protected:
  EmulatorPrediction predict_standardised(const at::Tensor& x) const override;

 private:
  MlpEnsembleEmulator(EmulatorKind kind, int64_t input_dims, OutputScaling scaling,
                      std::vector<GaussianMlp> members);
  std::vector<GaussianMlp> members_;
};

}  // namespace spikefit::emulator
