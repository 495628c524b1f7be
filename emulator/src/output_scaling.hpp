#pragma once

#include <ATen/ATen.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::emulator {

// The standardisation of each output column (surrogate::Standardize: mean 0, unit unbiased sd; a
// constant column keeps scale 1).
class OutputScaling {
 public:
  static OutputScaling fit(const at::Tensor& y);  // y [n x m]
  at::Tensor apply(const at::Tensor& y) const;    // [n x m] -> standardised [n x m]
  // standardised mean/variance [n x m] -> the units of y
  at::Tensor mean_to_original(const at::Tensor& mean) const;
  at::Tensor variance_to_original(const at::Tensor& variance) const;
  int64_t outputs() const { return static_cast<int64_t>(columns_.size()); }

  nlohmann::json to_json() const;
  static OutputScaling from_json(const nlohmann::json& document);

 private:
  at::Tensor means() const;   // [m]
  at::Tensor scales() const;  // [m]
  std::vector<surrogate::Standardize> columns_;
};

}  // namespace spikefit::emulator
