// FeasibilityClassifier: separates a feasible region, degenerates to a constant on one class, and
// survives its JSON and its file.
#include "spikefit/emulator/feasibility_classifier.hpp"

#include <ATen/CPUGeneratorImpl.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "temp_path.hpp"

namespace spikefit::emulator {
namespace {

at::Tensor uniform_points(int64_t n, uint64_t seed) {
  at::Generator generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  return at::rand({n, 2}, generator, at::TensorOptions().dtype(at::kDouble));
}

at::Tensor feasible_region(const at::Tensor& x) {
  return x.select(1, 0) < 0.6;
}

TEST(FeasibilityClassifier, SeparatesTheFeasibleRegion) {
  const at::Tensor x = uniform_points(300, 41);
  const FeasibilityClassifier classifier = train_feasibility_classifier(x, feasible_region(x), 3);
  EXPECT_FALSE(classifier.constant());
  EXPECT_EQ(classifier.input_dims(), 2);
  const at::Tensor test = uniform_points(1000, 42);
  const at::Tensor p = classifier.probability(test);
  ASSERT_EQ(p.sizes(), at::IntArrayRef{1000});
  EXPECT_TRUE(((p >= 0) & (p <= 1)).all().item<bool>());
  const double accuracy =
      ((p > 0.5) == feasible_region(test)).to(at::kDouble).mean().item<double>();
  EXPECT_GT(accuracy, 0.9);
  // confident far from the boundary
  const at::Tensor far = at::tensor({0.1, 0.5, 0.95, 0.5}, at::kDouble).reshape({2, 2});
  const at::Tensor p_far = classifier.probability(far);
  EXPECT_GT(p_far[0].item<double>(), 0.9);
  EXPECT_LT(p_far[1].item<double>(), 0.1);
}

TEST(FeasibilityClassifier, OneClassGivesTheRuleOfSuccession) {
  const at::Tensor x = uniform_points(50, 43);
  const at::Tensor test = uniform_points(7, 44);
  const FeasibilityClassifier all_feasible =
      train_feasibility_classifier(x, at::ones({50}, at::kDouble), 1);
  EXPECT_TRUE(all_feasible.constant());
  EXPECT_TRUE(
      at::allclose(all_feasible.probability(test), at::full({7}, 51.0 / 52.0, at::kDouble)));
  const FeasibilityClassifier none_feasible =
      train_feasibility_classifier(x, at::zeros({50}, at::kBool), 1);
  EXPECT_TRUE(
      at::allclose(none_feasible.probability(test), at::full({7}, 1.0 / 52.0, at::kDouble)));
}

TEST(FeasibilityClassifier, SubsetOfOneClassFallsBackToTheConstant) {
  // one feasible point among 400; the 100 kept are very likely all infeasible
  const at::Tensor x = uniform_points(400, 45);
  at::Tensor labels = at::zeros({400}, at::kDouble);
  labels[0] = 1.0;
  FeasibilityClassifierOptions options;
  options.max_points = 100;
  const FeasibilityClassifier classifier = train_feasibility_classifier(x, labels, 2, options);
  if (classifier.constant()) {
    EXPECT_NEAR(classifier.probability(x.slice(0, 0, 1)).item<double>(), 2.0 / 402.0, 1e-15);
  } else {
    EXPECT_LT(classifier.probability(x.slice(0, 1, 2)).item<double>(), 0.5);
  }
}

TEST(FeasibilityClassifier, JsonAndFileRoundTripsGiveIdenticalProbabilities) {
  const at::Tensor x = uniform_points(120, 46);
  const FeasibilityClassifier classifier = train_feasibility_classifier(x, feasible_region(x), 4);
  const at::Tensor test = uniform_points(200, 47);
  const at::Tensor expected = classifier.probability(test);
  // through JSON text, as inside an emulator file's metadata
  const FeasibilityClassifier from_json =
      FeasibilityClassifier::from_json(nlohmann::json::parse(classifier.to_json().dump()));
  EXPECT_TRUE(at::equal(from_json.probability(test), expected));
  const std::string path = spikefit::testing::fresh_temp_path("feasibility_classifier");
  save_feasibility_classifier(classifier, path);
  EXPECT_TRUE(at::equal(load_feasibility_classifier(path).probability(test), expected));
  const FeasibilityClassifier constant =
      train_feasibility_classifier(x, at::ones({120}, at::kDouble), 4);
  save_feasibility_classifier(constant, path);
  EXPECT_TRUE(
      at::equal(load_feasibility_classifier(path).probability(test), constant.probability(test)));
  EXPECT_THROW(FeasibilityClassifier::from_json({{"format", "other"}}), std::runtime_error);
}

TEST(FeasibilityClassifier, InputsAreChecked) {
  const at::Tensor x = uniform_points(20, 48);
  EXPECT_THROW(train_feasibility_classifier(x, at::ones({19}, at::kDouble), 1),
               std::invalid_argument);
  EXPECT_THROW(train_feasibility_classifier(x, at::full({20}, 0.5, at::kDouble), 1),
               std::invalid_argument);
  EXPECT_THROW(train_feasibility_classifier(x + 1.5, at::ones({20}, at::kDouble), 1),
               std::invalid_argument);
  const FeasibilityClassifier classifier = train_feasibility_classifier(x, feasible_region(x), 1);
  EXPECT_THROW(classifier.probability(at::rand({3, 3}, at::kDouble)), std::invalid_argument);
}

}  // namespace
}  // namespace spikefit::emulator
