#include "spikefit/emulator/feasibility_classifier.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include <stdexcept>

#include "emulator_file.hpp"
#include "gp_hyperparameters_json.hpp"
#include "input_checks.hpp"
#include "spikefit/surrogate/probit_gp_classifier.hpp"
#include "tensor_json.hpp"

namespace spikefit::emulator {

namespace {

constexpr const char* kFormat = "spikefit-feasibility-classifier";
constexpr int kVersion = 1;

// labels [n] as float64 0/1
at::Tensor checked_labels(const at::Tensor& feasible, int64_t rows) {
  if (!feasible.defined() || feasible.dim() != 1 || feasible.size(0) != rows) {
    throw std::invalid_argument("train_feasibility_classifier: feasible must be [n] with n = " +
                                std::to_string(rows) + " (the rows of x)");
  }
  const at::Tensor labels = feasible.to(at::kDouble).contiguous();
  if (!((labels == 0.0) | (labels == 1.0)).all().item<bool>()) {
    throw std::invalid_argument("train_feasibility_classifier: feasible must hold 0/1 labels");
  }
  return labels;
}

}  // namespace

at::Tensor FeasibilityClassifier::probability(const at::Tensor& x) const {
  const at::Tensor checked = checked_unit_inputs(x, dims_, "FeasibilityClassifier::probability");
  if (!gp_) return at::full({checked.size(0)}, constant_probability_, checked.options());
  at::NoGradGuard no_grad;
  return gp_->log_probability(checked).exp();
}

FeasibilityClassifier train_feasibility_classifier(const at::Tensor& x, const at::Tensor& feasible,
                                                   uint64_t seed,
                                                   const FeasibilityClassifierOptions& options) {
  const at::Tensor x64 = checked_unit_inputs(x, "train_feasibility_classifier");
  const int64_t n = x64.size(0);
  const at::Tensor labels = checked_labels(feasible, n);
  if (n < 1 || options.max_points < 2) {
    throw std::invalid_argument(
        "train_feasibility_classifier: at least one row and max_points >= 2 are needed");
  }
  FeasibilityClassifier classifier;
  classifier.dims_ = x64.size(1);
  const double feasible_count = labels.sum().item<double>();
  classifier.constant_probability_ = (feasible_count + 1.0) / (static_cast<double>(n) + 2.0);

  at::Tensor rows = at::arange(n, at::TensorOptions().dtype(at::kLong));
  if (n > options.max_points) {
    at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    rows = std::get<0>(at::sort(at::randperm(n, generator, at::TensorOptions().dtype(at::kLong))
                                    .slice(0, 0, options.max_points)));
  }
  const at::Tensor kept_labels = labels.index_select(0, rows);
  const double kept_feasible = kept_labels.sum().item<double>();
  if (kept_feasible == 0.0 || kept_feasible == static_cast<double>(kept_labels.size(0))) {
    return classifier;  // one class: the constant
  }
  surrogate::GpFitOptions fit;
  fit.seed = seed;
  fit.restarts = options.restarts;
  fit.max_fit_points = options.max_fit_points;
  fit.subset_best_fraction = 0.0;
  classifier.x_ = x64.index_select(0, rows);
  classifier.labels_ = kept_labels;
  classifier.gp_ =
      std::make_shared<const surrogate::ProbitGpClassifier>(classifier.x_, kept_labels, fit);
  return classifier;
}

nlohmann::json FeasibilityClassifier::to_json() const {
  nlohmann::json gp = nullptr;
  if (gp_) {
    gp = {{"x", tensor_to_json(x_)},
          {"labels", tensor_to_json(labels_)},
          {"hyperparameters", hyperparameters_to_json(gp_->hyperparameters())}};
  }
  return {{"format", kFormat},
          {"input_dims", dims_},
          {"constant_probability", constant_probability_},
          {"gp", gp}};
}

FeasibilityClassifier FeasibilityClassifier::from_json(const nlohmann::json& document) {
  try {
    if (document.at("format").get<std::string>() != kFormat) {
      throw std::runtime_error("not a feasibility classifier");
    }
    FeasibilityClassifier classifier;
    classifier.dims_ = document.at("input_dims").get<int64_t>();
    classifier.constant_probability_ = document.at("constant_probability").get<double>();
    const nlohmann::json& gp = document.at("gp");
    if (!gp.is_null()) {
      classifier.x_ = tensor_from_json(gp.at("x"));
      classifier.labels_ = tensor_from_json(gp.at("labels"));
      if (classifier.x_.dim() != 2 || classifier.x_.size(1) != classifier.dims_ ||
          classifier.labels_.dim() != 1 || classifier.labels_.size(0) != classifier.x_.size(0)) {
        throw std::runtime_error("stored points and labels disagree");
      }
      classifier.gp_ = std::make_shared<const surrogate::ProbitGpClassifier>(
          surrogate::KernelKind::kMatern52, classifier.x_, classifier.labels_,
          hyperparameters_from_json(gp.at("hyperparameters")));
    }
    return classifier;
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string("feasibility classifier document: ") + e.what());
  }
}

void save_feasibility_classifier(const FeasibilityClassifier& classifier, const std::string& path) {
  write_document_file(classifier.to_json(), kFormat, kVersion, path);
}

FeasibilityClassifier load_feasibility_classifier(const std::string& path) {
  const nlohmann::json document = read_document_file(kFormat, kVersion, path);
  try {
    return FeasibilityClassifier::from_json(document);
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": damaged " + kFormat + " file (" + e.what() + ")");
  }
}

}  // namespace spikefit::emulator
