// train_emulator and predict refuse what they cannot use, saying what is wrong.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "quick_options.hpp"
#include "spikefit/emulator/emulator.hpp"

namespace spikefit::emulator {
namespace {

// The message of the std::invalid_argument that `f` throws ("" when none).
std::string invalid_argument_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

const at::Tensor kX = at::rand({20, 3}, at::kDouble);
const at::Tensor kY = at::rand({20, 2}, at::kDouble);
const EmulatorTrainOptions kOptions = testing::quick_options(EmulatorKind::kMlp);

TEST(InputValidation, RowsOfXAndYMustAgree) {
  const std::string error =
      invalid_argument_of([] { train_emulator(kX, kY.slice(0, 0, 19), kOptions); });
  EXPECT_NE(error.find("x has 20 rows but y [19 x 2] has 19"), std::string::npos) << error;
  EXPECT_NE(invalid_argument_of([] {
              train_emulator(kX, kY.select(1, 0), kOptions);
            }).find("y must be [n x m]"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([] {
              train_emulator(kX.select(1, 0), kY, kOptions);
            }).find("x must be [n x d]"),
            std::string::npos);
}

TEST(InputValidation, NonFiniteOutputsAreRefusedWithTheirRows) {
  at::Tensor y = kY.clone();
  y[4][1] = NAN;
  y[9][0] = INFINITY;
  const std::string error = invalid_argument_of([&] { train_emulator(kX, y, kOptions); });
  EXPECT_NE(error.find("2 row(s) (first: row 4)"), std::string::npos) << error;
  EXPECT_NE(error.find("NaN"), std::string::npos) << error;
}

TEST(InputValidation, InputsOutsideTheUnitCubeAreRefused) {
  at::Tensor x = kX.clone();
  x[3][2] = 1.01;
  std::string error = invalid_argument_of([&] { train_emulator(x, kY, kOptions); });
  EXPECT_NE(error.find("unit cube"), std::string::npos) << error;
  EXPECT_NE(error.find("row 3"), std::string::npos) << error;
  x[3][2] = -0.2;
  EXPECT_FALSE(invalid_argument_of([&] { train_emulator(x, kY, kOptions); }).empty());
  x[3][2] = NAN;
  EXPECT_FALSE(invalid_argument_of([&] { train_emulator(x, kY, kOptions); }).empty());
  // rounding just past the bounds is tolerated
  x[3][2] = 1.0 + 1e-9;
  EXPECT_EQ(invalid_argument_of([&] { train_emulator(x, kY, kOptions); }), "");
}

TEST(InputValidation, PredictChecksItsInputs) {
  const auto emulator = train_emulator(kX, kY, kOptions);
  EXPECT_NE(invalid_argument_of([&] {
              emulator->predict(at::rand({4, 2}, at::kDouble));
            }).find("3 columns"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] {
              emulator->predict(at::full({4, 3}, 2.0, at::kDouble));
            }).find("unit cube"),
            std::string::npos);
  EXPECT_EQ(emulator->predict(at::zeros({0, 3}, at::kDouble)).mean.sizes(),
            (at::IntArrayRef{0, 2}));
}

TEST(InputValidation, OptionsOutOfRangeAreRefused) {
  EmulatorTrainOptions options = kOptions;
  options.validation_fraction = 1.0;
  EXPECT_NE(
      invalid_argument_of([&] { train_emulator(kX, kY, options); }).find("validation_fraction"),
      std::string::npos);
  options = kOptions;
  options.batch_size = 0;
  EXPECT_NE(invalid_argument_of([&] { train_emulator(kX, kY, options); }).find("batch_size"),
            std::string::npos);
  EXPECT_NE(invalid_argument_of([&] {
              train_emulator(kX.slice(0, 0, 1), kY.slice(0, 0, 1), kOptions);
            }).find("at least 2 training rows"),
            std::string::npos);
}

TEST(EmulatorKindNames, ParseAndPrintEveryKind) {
  for (const EmulatorKind kind : testing::kAllKinds) {
    EXPECT_EQ(parse_emulator_kind(to_string(kind)), kind);
  }
  EXPECT_STREQ(to_string(EmulatorKind::kSparseGp), "sparse-gp");
  const std::string error = invalid_argument_of([] { parse_emulator_kind("svgp"); });
  EXPECT_NE(error.find("'svgp'"), std::string::npos) << error;
  EXPECT_NE(error.find("gp, sparse-gp, mlp, ensemble"), std::string::npos) << error;
}

}  // namespace
}  // namespace spikefit::emulator
