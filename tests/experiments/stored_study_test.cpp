#include <gtest/gtest.h>

#include <string>

#include "spikefit/experiments/study/stored_study.hpp"

namespace spikefit::experiments {
namespace {

std::string resume_error(const nlohmann::json& stored, const nlohmann::json& given) {
  try {
    check_resume(stored, given, "s.sqlite");
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

const nlohmann::json kStored = {{"config_hash", "aaaa"},
                                {"config_file", "a.json"},
                                {"overrides", {"JrEE=3"}},
                                {"target_hash", "tttt"},
                                {"target_name", "short_demo_sbn_simu"},
                                {"target_file", "targets.json"},
                                {"options", {{"batch", 8}, {"seed", 1}}}};

TEST(StoredStudy, ResumingTheSameStudyIsAccepted) {
  EXPECT_EQ(resume_error(kStored, kStored), "");
}

TEST(StoredStudy, AResumeNamesEverythingThatDiffers) {
  nlohmann::json given = kStored;
  given["config_hash"] = "bbbb";
  given["target_hash"] = "uuuu";
  given["target_name"] = "demo_sbn_simu_1";
  given["options"]["batch"] = 16;
  const std::string e = resume_error(kStored, given);
  EXPECT_NE(e.find("cannot resume study s.sqlite"), std::string::npos) << e;
  EXPECT_NE(e.find("config (effective config hash \"aaaa\" stored, \"bbbb\" given"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("target (\"short_demo_sbn_simu\""), std::string::npos) << e;
  EXPECT_NE(e.find("--batch (8 stored, 16 given)"), std::string::npos) << e;
  EXPECT_EQ(e.find("--seed"), std::string::npos) << e;
}

// Fuzz findings: a document without its config or with overrides that are not texts threw
// nlohmann's exceptions from the report.
TEST(StoredStudy, ADamagedDocumentIsNamed) {
  auto config_error = [](const nlohmann::json& study) {
    try {
      study_model_config(study);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_EQ(config_error({{"kind", "simulation"}}),
            "the study's config_document is missing (the study is damaged)");
  EXPECT_EQ(config_error({{"kind", "simulation"}, {"config_document", {}}, {"overrides", {1}}}),
            "the study's overrides are not a list of NAME=VALUE texts (the study is damaged)");
  EXPECT_EQ(config_error({{"kind", "simulation"}, {"config_document", {}}, {"config_file", 3}}),
            "the study's config_file is not a file name (the study is damaged)");
}

}  // namespace
}  // namespace spikefit::experiments
