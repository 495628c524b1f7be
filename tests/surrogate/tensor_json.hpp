#pragma once

#include <ATen/ATen.h>

#include "fixtures.hpp"

namespace spikefit::surrogate::testing {

// A JSON matrix (list of rows) or vector as a float64 tensor.
inline at::Tensor matrix_tensor(const nlohmann::json& rows) {
  const Eigen::MatrixXd m = spikefit::testing::to_matrix(rows);
  at::Tensor t = at::empty({m.rows(), m.cols()}, at::kDouble);
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    for (Eigen::Index j = 0; j < m.cols(); ++j) t[i][j] = m(i, j);
  }
  return t;
}

inline at::Tensor vector_tensor(const nlohmann::json& values) {
  const std::vector<double> v = values.get<std::vector<double>>();
  return at::tensor(v, at::kDouble);
}

inline double max_abs_difference(const at::Tensor& a, const at::Tensor& b) {
  return (a - b).abs().max().item<double>();
}

}  // namespace spikefit::surrogate::testing
