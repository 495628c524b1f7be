#pragma once

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>

namespace spikefit::emulator {

// A float32 or float64 tensor of any shape as JSON {"dtype", "shape", "values"} (values as doubles,
// so both dtypes round-trip exactly through CBOR) and back. tensor_from_json throws
// std::runtime_error when the document is not such a tensor.
nlohmann::json tensor_to_json(const at::Tensor& tensor);
at::Tensor tensor_from_json(const nlohmann::json& document);

}  // namespace spikefit::emulator
