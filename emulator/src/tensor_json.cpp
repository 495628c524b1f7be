#include "tensor_json.hpp"

#include <stdexcept>
#include <vector>

namespace spikefit::emulator {

nlohmann::json tensor_to_json(const at::Tensor& tensor) {
  if (tensor.scalar_type() != at::kFloat && tensor.scalar_type() != at::kDouble) {
    throw std::invalid_argument("tensor_to_json: only float32 and float64 tensors are stored");
  }
  const at::Tensor values = tensor.detach().to(at::kDouble).contiguous().reshape({-1});
  const double* data = values.data_ptr<double>();
  return {{"dtype", tensor.scalar_type() == at::kFloat ? "float32" : "float64"},
          {"shape", tensor.sizes().vec()},
          {"values", std::vector<double>(data, data + values.numel())}};
}

at::Tensor tensor_from_json(const nlohmann::json& document) {
  const auto shape = document.at("shape").get<std::vector<int64_t>>();
  auto values = document.at("values").get<std::vector<double>>();
  const std::string dtype = document.at("dtype").get<std::string>();
  if (dtype != "float32" && dtype != "float64") {
    throw std::runtime_error("stored tensor: unknown dtype '" + dtype + "'");
  }
  int64_t count = 1;
  for (const int64_t size : shape) {
    if (size < 0) throw std::runtime_error("stored tensor: negative size");
    count *= size;
  }
  if (count != static_cast<int64_t>(values.size())) {
    throw std::runtime_error("stored tensor: " + std::to_string(values.size()) +
                             " values for a shape of " + std::to_string(count));
  }
  const at::Tensor tensor =
      at::tensor(values, at::TensorOptions().dtype(at::kDouble)).reshape(shape);
  return dtype == "float32" ? tensor.to(at::kFloat) : tensor;
}

}  // namespace spikefit::emulator
