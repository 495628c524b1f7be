#include "gp_hyperparameters_json.hpp"

#include "tensor_json.hpp"

namespace spikefit::emulator {

nlohmann::json hyperparameters_to_json(const surrogate::GpHyperparameters& h) {
  return {{"log_lengthscales", tensor_to_json(h.log_lengthscales)},
          {"log_outputscale", h.log_outputscale.item<double>()},
          {"log_noise", h.log_noise.item<double>()},
          {"mean", h.mean.item<double>()},
          {"noise_floor", h.noise_floor}};
}

surrogate::GpHyperparameters hyperparameters_from_json(const nlohmann::json& document) {
  const auto scalar = [&](const char* key) {
    return at::full({}, document.at(key).get<double>(), at::TensorOptions().dtype(at::kDouble));
  };
  surrogate::GpHyperparameters h;
  h.log_lengthscales = tensor_from_json(document.at("log_lengthscales")).to(at::kDouble);
  h.log_outputscale = scalar("log_outputscale");
  h.log_noise = scalar("log_noise");
  h.mean = scalar("mean");
  h.noise_floor = document.at("noise_floor").get<double>();
  return h;
}

}  // namespace spikefit::emulator
