#pragma once

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/emulator/emulator.hpp"
#include "spikefit/emulator/feasibility_classifier.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"

// A trained emulator as `train-surrogate` writes it and `emulate` and `fit --emulator` read it:
// the emulator library's file (emulator/emulator.hpp) whose metadata holds the parameter box it
// was trained on, the names of its outputs, the dataset (path and hash), the training options and
// the held-out evaluation, and the feasibility classifier (as JSON).
namespace spikefit::experiments {

struct EmulatorFile {
  std::string path;
  std::unique_ptr<emulator::Emulator> model;
  std::optional<emulator::FeasibilityClassifier> feasibility;
  std::vector<DatasetParameter> parameters;  // [D], the order of x
  std::vector<std::string> outputs;          // [m] output columns ("rate", "eigenspectrum[0]")
  nlohmann::json metadata;

  // x [n x D] physical units -> the emulator's unit cube
  at::Tensor to_unit(const at::Tensor& physical) const;
  // x [n x D] physical units -> predictive mean and variance [n x m]
  emulator::EmulatorPrediction predict(const at::Tensor& physical) const;
  // x [n x D] physical units -> P(feasible) [n] (ones without a classifier)
  at::Tensor feasible_probability(const at::Tensor& physical) const;
};

void save_emulator_file(const std::string& path, const emulator::Emulator& model,
                        const emulator::FeasibilityClassifier* feasibility,
                        const std::vector<DatasetParameter>& parameters,
                        const std::vector<std::string>& outputs, nlohmann::json metadata);
EmulatorFile load_emulator_file(const std::string& path);

}  // namespace spikefit::experiments
