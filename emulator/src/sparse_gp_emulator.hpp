#pragma once

#include <memory>
#include <vector>

#include "emulator_base.hpp"
#include "sparse_gp.hpp"
#include "training_clock.hpp"

namespace spikefit::emulator {

// kSparseGp: one SparseGp (SGPR) per output with options.inducing_points inducing points.
class SparseGpEmulator final : public EmulatorBase {
 public:
  // x [n x d] float64 in the unit cube, standardised y [n x m] float64
  static std::unique_ptr<SparseGpEmulator> train(const at::Tensor& x, const at::Tensor& y,
                                                 OutputScaling scaling,
                                                 const EmulatorTrainOptions& options,
                                                 TrainingClock& clock);
  static std::unique_ptr<SparseGpEmulator> from_state(const nlohmann::json& state,
                                                      int64_t input_dims, OutputScaling scaling);
  nlohmann::json model_state() const override;

 protected:
  EmulatorPrediction predict_standardised(const at::Tensor& x) const override;

 private:
  SparseGpEmulator(int64_t input_dims, OutputScaling scaling, std::vector<SparseGp> outputs);
  std::vector<SparseGp> outputs_;
};

}  // namespace spikefit::emulator
