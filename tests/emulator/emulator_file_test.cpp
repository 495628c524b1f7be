// save_emulator / load_emulator: identical predictions and metadata for every kind; errors that
// name the path for missing, foreign and damaged files.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "quick_options.hpp"
#include "spikefit/emulator/emulator.hpp"
#include "spikefit/emulator/feasibility_classifier.hpp"
#include "synthetic_problem.hpp"
#include "temp_path.hpp"

namespace spikefit::emulator {
namespace {

std::vector<char> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// The message of the std::runtime_error that load_emulator(path) throws ("" when none).
std::string load_error(const std::string& path) {
  try {
    load_emulator(path);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

const nlohmann::json kMetadata = {
    {"parameters", {{{"name", "g"}, {"lower", 0.5}, {"upper", 8.0}, {"log", true}}}},
    {"outputs", {"rate", "fano"}},
    {"dataset_hash", "0123456789abcdef"}};

class EmulatorFile : public ::testing::TestWithParam<EmulatorKind> {};

TEST_P(EmulatorFile, RoundTripGivesIdenticalPredictionsAndMetadata) {
  const testing::SyntheticProblem train = testing::synthetic_problem(100, 21);
  const testing::SyntheticProblem test = testing::synthetic_problem(50, 22);
  const auto emulator = train_emulator(train.x, train.y, testing::quick_options(GetParam()));
  const std::string path =
      spikefit::testing::fresh_temp_path(std::string("emulator_") + to_string(GetParam()));
  save_emulator(*emulator, kMetadata, path);
  const LoadedEmulator loaded = load_emulator(path);
  EXPECT_EQ(loaded.metadata, kMetadata);
  ASSERT_EQ(loaded.emulator->kind(), GetParam());
  EXPECT_EQ(loaded.emulator->input_dims(), 3);
  EXPECT_EQ(loaded.emulator->output_dims(), 2);
  const EmulatorPrediction before = emulator->predict(test.x);
  const EmulatorPrediction after = loaded.emulator->predict(test.x);
  EXPECT_TRUE(at::equal(before.mean, after.mean));
  EXPECT_TRUE(at::equal(before.variance, after.variance));
  // and once more through the loaded emulator: the file is a fixed point
  save_emulator(*loaded.emulator, loaded.metadata, path);
  EXPECT_TRUE(at::equal(load_emulator(path).emulator->predict(test.x).mean, before.mean));
}

INSTANTIATE_TEST_SUITE_P(Kinds, EmulatorFile, ::testing::ValuesIn(testing::kAllKinds),
                         [](const ::testing::TestParamInfo<EmulatorKind>& param_info) {
                           std::string name = to_string(param_info.param);
                           return name == "sparse-gp" ? std::string("sparse_gp") : name;
                         });

class DamagedEmulatorFile : public ::testing::Test {
 protected:
  void SetUp() override {
    const testing::SyntheticProblem train = testing::synthetic_problem(60, 23);
    const auto emulator =
        train_emulator(train.x, train.y, testing::quick_options(EmulatorKind::kMlp));
    path_ = spikefit::testing::fresh_temp_path("damaged_emulator");
    save_emulator(*emulator, kMetadata, path_);
    bytes_ = file_bytes(path_);
  }
  std::string path_;
  std::vector<char> bytes_;
};

TEST_F(DamagedEmulatorFile, TruncatedFileIsReportedWithItsPath) {
  write_bytes(path_, std::vector<char>(bytes_.begin(), bytes_.begin() + bytes_.size() / 2));
  const std::string error = load_error(path_);
  EXPECT_NE(error.find(path_), std::string::npos) << error;
  EXPECT_NE(error.find("damaged"), std::string::npos) << error;
}

TEST_F(DamagedEmulatorFile, AlteredByteIsReportedWithItsPath) {
  std::vector<char> altered = bytes_;
  altered[altered.size() - 100] ^= 0x10;
  write_bytes(path_, altered);
  const std::string error = load_error(path_);
  EXPECT_NE(error.find(path_), std::string::npos) << error;
  EXPECT_NE(error.find("damaged"), std::string::npos) << error;
}

TEST_F(DamagedEmulatorFile, OtherFilesAreNotEmulatorFiles) {
  write_bytes(path_, {'r', 'a', 't', 'e', ',', 'f', 'a', 'n', 'o', '\n'});
  std::string error = load_error(path_);
  EXPECT_NE(error.find(path_), std::string::npos) << error;
  EXPECT_NE(error.find("not a spikefit-emulator file"), std::string::npos) << error;
  write_bytes(path_, {});
  error = load_error(path_);
  EXPECT_NE(error.find("not a spikefit-emulator file"), std::string::npos) << error;
  // a feasibility-classifier file is not an emulator file, nor the other way round
  const at::Tensor x = at::rand({10, 2}, at::kDouble);
  save_feasibility_classifier(train_feasibility_classifier(x, x.select(1, 0) < 0.5, 1), path_);
  error = load_error(path_);
  EXPECT_NE(error.find("spikefit-feasibility-classifier file, not a spikefit-emulator file"),
            std::string::npos)
      << error;
}

TEST(EmulatorFileErrors, MissingFileIsReportedWithItsPath) {
  const std::string path = spikefit::testing::fresh_temp_path("no_such_emulator");
  const std::string error = load_error(path);
  EXPECT_NE(error.find(path), std::string::npos) << error;
  EXPECT_NE(error.find("cannot open"), std::string::npos) << error;
  try {
    load_feasibility_classifier(path);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(EmulatorFileErrors, UnwritablePathIsReportedWithItsPath) {
  const testing::SyntheticProblem train = testing::synthetic_problem(40, 24);
  const auto emulator =
      train_emulator(train.x, train.y, testing::quick_options(EmulatorKind::kMlp));
  const std::string path = ::testing::TempDir() + "no_such_folder/emulator";
  try {
    save_emulator(*emulator, {}, path);
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace spikefit::emulator
