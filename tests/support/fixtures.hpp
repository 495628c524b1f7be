#pragma once

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

namespace spikefit::testing {

inline nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return nlohmann::json::parse(in);
}

inline nlohmann::json fixture(const std::string& relative) {
  return read_json(std::string(SPIKEFIT_SOURCE_DIR) + "/tests/fixtures/" + relative);
}

// A row-major list of lists as a matrix.
inline Eigen::MatrixXd to_matrix(const nlohmann::json& rows) {
  Eigen::MatrixXd m(rows.size(), rows.at(0).size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows[i].size(); ++j) {
      m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = rows[i][j].get<double>();
    }
  }
  return m;
}

inline Eigen::VectorXd to_vector(const nlohmann::json& values) {
  Eigen::VectorXd v(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    v(static_cast<Eigen::Index>(i)) = values[i].get<double>();
  }
  return v;
}

}  // namespace spikefit::testing
