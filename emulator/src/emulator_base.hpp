#pragma once

#include <nlohmann/json.hpp>

#include "output_scaling.hpp"
#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator {

// What every emulator of this library shares: its kind, input dimensions and output scaling, the
// checks of predict's input and the way back from standardised to original units; and what
// save_emulator stores of it (model_state, beside kind, dimensions and scaling).
class EmulatorBase : public Emulator {
 public:
  EmulatorBase(EmulatorKind kind, int64_t input_dims, OutputScaling scaling)
      : kind_(kind), input_dims_(input_dims), scaling_(std::move(scaling)) {}
  EmulatorKind kind() const final { return kind_; }
  int64_t input_dims() const final { return input_dims_; }
  int64_t output_dims() const final { return scaling_.outputs(); }
  EmulatorPrediction predict(const at::Tensor& x) const final;

  const OutputScaling& scaling() const { return scaling_; }
  // The model's own part of the file (weights, hyperparameters, training data as needed).
  virtual nlohmann::json model_state() const = 0;

 protected:
  // x [n x d] float64 (checked) -> mean, variance [n x m] float64 of the standardised outputs
  virtual EmulatorPrediction predict_standardised(const at::Tensor& x) const = 0;

 private:
  EmulatorKind kind_;
  int64_t input_dims_;
  OutputScaling scaling_;
};

}  // namespace spikefit::emulator
