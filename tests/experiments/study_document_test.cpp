#include <gtest/gtest.h>

#include <string>

#include "spikefit/experiments/study/study_document.hpp"

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

TEST(StudyDocument, ResumingTheSameStudyIsAccepted) {
  EXPECT_EQ(resume_error(kStored, kStored), "");
}

TEST(StudyDocument, AResumeNamesEverythingThatDiffers) {
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

}  // namespace
}  // namespace spikefit::experiments
