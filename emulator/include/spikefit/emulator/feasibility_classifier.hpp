#pragma once

#include <ATen/ATen.h>

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace spikefit::surrogate {
class ProbitGpClassifier;
}

namespace spikefit::emulator {

struct FeasibilityClassifierOptions {
  // The classifier conditions on a seeded random subset of at most max_points training points
  // (the Laplace approximation is O(n^3)) and fits its hyperparameters on at most max_fit_points.
  int64_t max_points = 1000;
  int64_t max_fit_points = 400;
  int restarts = 2;  // L-BFGS starts of the hyperparameter fit
};

// P(feasible | x): a probit GP classifier (surrogate::ProbitGpClassifier, Matern-5/2 ARD, Laplace
// approximation) on the unit cube. When the labels it conditions on are all 1 (or all 0) it is a
// constant instead: Laplace's rule of succession (k + 1) / (n + 2) of the whole training set.
// Saved to its own file (save_feasibility_classifier, the emulator file's container and error
// rules), or carried inside another document as JSON (to_json/from_json), e.g. in the metadata an
// emulator file holds.
class FeasibilityClassifier {
 public:
  // P(feasible) at x [n x d] float64 -> [n] float64
  at::Tensor probability(const at::Tensor& x) const;
  int64_t input_dims() const { return dims_; }
  // True when the probability is the same everywhere (one class in the training labels).
  bool constant() const { return gp_ == nullptr; }

  nlohmann::json to_json() const;
  // Throws std::runtime_error when `document` is not what to_json wrote.
  static FeasibilityClassifier from_json(const nlohmann::json& document);

 private:
  friend FeasibilityClassifier train_feasibility_classifier(const at::Tensor&, const at::Tensor&,
                                                            uint64_t,
                                                            const FeasibilityClassifierOptions&);
  int64_t dims_ = 0;
  double constant_probability_ = 0.5;  // used when gp_ is null
  std::shared_ptr<const surrogate::ProbitGpClassifier> gp_;
  at::Tensor x_;       // [k x d] the points gp_ conditions on (undefined when constant)
  at::Tensor labels_;  // [k] their 0/1 labels
};

// x [n x d] float64 in the unit cube, feasible [n] bool or 0/1. Deterministic for a given seed.
// Throws std::invalid_argument for shapes that disagree, labels other than 0/1, or x outside the
// unit cube.
FeasibilityClassifier train_feasibility_classifier(
    const at::Tensor& x, const at::Tensor& feasible, uint64_t seed,
    const FeasibilityClassifierOptions& options = FeasibilityClassifierOptions{});

// Errors (missing file, not a feasibility-classifier file, damaged) throw std::runtime_error
// naming the path.
void save_feasibility_classifier(const FeasibilityClassifier& classifier, const std::string& path);
FeasibilityClassifier load_feasibility_classifier(const std::string& path);

}  // namespace spikefit::emulator
