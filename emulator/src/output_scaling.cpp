#include "output_scaling.hpp"

#include <stdexcept>

namespace spikefit::emulator {

OutputScaling OutputScaling::fit(const at::Tensor& y) {
  OutputScaling s;
  for (int64_t j = 0; j < y.size(1); ++j) {
    s.columns_.push_back(surrogate::Standardize::fit(y.select(1, j)));
  }
  return s;
}

at::Tensor OutputScaling::means() const {
  std::vector<double> values;
  for (const auto& c : columns_) values.push_back(c.mean);
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble));
}

at::Tensor OutputScaling::scales() const {
  std::vector<double> values;
  for (const auto& c : columns_) values.push_back(c.scale);
  return at::tensor(values, at::TensorOptions().dtype(at::kDouble));
}

at::Tensor OutputScaling::apply(const at::Tensor& y) const {
  return (y - means()) / scales();
}

at::Tensor OutputScaling::mean_to_original(const at::Tensor& mean) const {
  return mean * scales() + means();
}

at::Tensor OutputScaling::variance_to_original(const at::Tensor& variance) const {
  return variance * scales().square();
}

nlohmann::json OutputScaling::to_json() const {
  nlohmann::json means = nlohmann::json::array(), scales = nlohmann::json::array();
  for (const auto& c : columns_) {
    means.push_back(c.mean);
    scales.push_back(c.scale);
  }
  return {{"mean", means}, {"scale", scales}};
}

OutputScaling OutputScaling::from_json(const nlohmann::json& document) {
  const auto means = document.at("mean").get<std::vector<double>>();
  const auto scales = document.at("scale").get<std::vector<double>>();
  if (means.size() != scales.size()) {
    throw std::runtime_error("output scaling: as many means as scales expected");
  }
  OutputScaling s;
  for (std::size_t j = 0; j < means.size(); ++j) s.columns_.push_back({means[j], scales[j]});
  return s;
}

}  // namespace spikefit::emulator
