#include <stdexcept>

#include "emulator_base.hpp"
#include "emulator_file.hpp"
#include "gp_emulator.hpp"
#include "mlp_ensemble_emulator.hpp"
#include "sparse_gp_emulator.hpp"
#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator {

namespace {

constexpr const char* kFormat = "spikefit-emulator";
constexpr int kVersion = 1;

std::unique_ptr<Emulator> emulator_from_document(const nlohmann::json& document) {
  const EmulatorKind kind = parse_emulator_kind(document.at("kind").get<std::string>());
  const auto dims = document.at("input_dims").get<int64_t>();
  OutputScaling scaling = OutputScaling::from_json(document.at("output_scaling"));
  if (dims < 1 || scaling.outputs() != document.at("output_dims").get<int64_t>()) {
    throw std::runtime_error("dimensions and output scaling disagree");
  }
  const nlohmann::json& state = document.at("model");
  switch (kind) {
    case EmulatorKind::kGp:
      return GpEmulator::from_state(state, dims, std::move(scaling));
    case EmulatorKind::kSparseGp:
      return SparseGpEmulator::from_state(state, dims, std::move(scaling));
    case EmulatorKind::kMlp:
    case EmulatorKind::kEnsemble:
      return MlpEnsembleEmulator::from_state(kind, state, dims, std::move(scaling));
  }
  throw std::runtime_error("unknown emulator kind");
}

}  // namespace

void save_emulator(const Emulator& emulator, const nlohmann::json& metadata,
                   const std::string& path) {
  const auto* stored = dynamic_cast<const EmulatorBase*>(&emulator);
  if (!stored) {
    throw std::invalid_argument(
        "save_emulator: only emulators made by train_emulator or load_emulator can be saved");
  }
  const nlohmann::json document = {
      {"kind", to_string(stored->kind())},    {"input_dims", stored->input_dims()},
      {"output_dims", stored->output_dims()}, {"output_scaling", stored->scaling().to_json()},
      {"model", stored->model_state()},       {"metadata", metadata}};
  write_document_file(document, kFormat, kVersion, path);
}

LoadedEmulator load_emulator(const std::string& path) {
  const nlohmann::json document = read_document_file(kFormat, kVersion, path);
  try {
    return {emulator_from_document(document), document.at("metadata")};
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": damaged " + kFormat + " file (" + e.what() + ")");
  }
}

}  // namespace spikefit::emulator
