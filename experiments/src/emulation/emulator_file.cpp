#include "spikefit/experiments/emulation/emulator_file.hpp"

#include <stdexcept>

#include "spikefit/surrogate/transforms.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

surrogate::UnitCube cube_of(const std::vector<DatasetParameter>& parameters) {
  std::vector<double> lower, upper;
  std::vector<bool> log_scale;
  for (const DatasetParameter& p : parameters) {
    lower.push_back(p.lower);
    upper.push_back(p.upper);
    log_scale.push_back(p.log_scale);
  }
  return {lower, upper, log_scale};
}

std::runtime_error not_spikefit(const std::string& path, const std::string& what) {
  return std::runtime_error(path + ": not an emulator written by spikefit train-surrogate (" +
                            what + ")");
}

}  // namespace

at::Tensor EmulatorFile::to_unit(const at::Tensor& physical) const {
  return cube_of(parameters).to_unit(physical.to(at::kDouble)).clamp(0.0, 1.0);
}

emulator::EmulatorPrediction EmulatorFile::predict(const at::Tensor& physical) const {
  return model->predict(to_unit(physical));
}

at::Tensor EmulatorFile::feasible_probability(const at::Tensor& physical) const {
  if (!feasibility) return at::ones({physical.size(0)}, at::kDouble);
  return feasibility->probability(to_unit(physical));
}

void save_emulator_file(const std::string& path, const emulator::Emulator& model,
                        const emulator::FeasibilityClassifier* feasibility,
                        const std::vector<DatasetParameter>& parameters,
                        const std::vector<std::string>& outputs, json metadata) {
  json box = json::array();
  for (const DatasetParameter& p : parameters) {
    box.push_back(
        {{"name", p.name}, {"lower", p.lower}, {"upper", p.upper}, {"log_scale", p.log_scale}});
  }
  metadata["spikefit_emulator"] = 1;
  metadata["parameters"] = box;
  metadata["outputs"] = outputs;
  metadata["feasibility"] = feasibility ? feasibility->to_json() : json(nullptr);
  emulator::save_emulator(model, metadata, path);
}

EmulatorFile load_emulator_file(const std::string& path) {
  emulator::LoadedEmulator loaded = emulator::load_emulator(path);
  EmulatorFile file;
  file.path = path;
  file.model = std::move(loaded.emulator);
  file.metadata = std::move(loaded.metadata);
  const json& m = file.metadata;
  if (!m.is_object() || m.value("spikefit_emulator", 0) != 1) {
    throw not_spikefit(path, "no spikefit_emulator key");
  }
  try {
    for (const json& p : m.at("parameters")) {
      file.parameters.push_back({p.at("name").get<std::string>(), p.at("lower").get<double>(),
                                 p.at("upper").get<double>(), p.at("log_scale").get<bool>()});
    }
    file.outputs = m.at("outputs").get<std::vector<std::string>>();
    if (!m.at("feasibility").is_null()) {
      file.feasibility = emulator::FeasibilityClassifier::from_json(m.at("feasibility"));
    }
  } catch (const json::exception& e) {
    throw not_spikefit(path, e.what());
  }
  if (static_cast<int64_t>(file.parameters.size()) != file.model->input_dims() ||
      static_cast<int64_t>(file.outputs.size()) != file.model->output_dims()) {
    throw not_spikefit(path, "its parameters and outputs do not match the model's shape");
  }
  return file;
}

}  // namespace spikefit::experiments
