#include "emulator_base.hpp"

#include "input_checks.hpp"

namespace spikefit::emulator {

EmulatorPrediction EmulatorBase::predict(const at::Tensor& x) const {
  const at::Tensor checked = checked_unit_inputs(x, input_dims_, "Emulator::predict");
  at::NoGradGuard no_grad;
  const EmulatorPrediction standardised = predict_standardised(checked);
  return {scaling_.mean_to_original(standardised.mean),
          scaling_.variance_to_original(standardised.variance)};
}

}  // namespace spikefit::emulator
