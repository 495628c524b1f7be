// How `simulate` sizes its chunks and streams its JSON output (simulate_plan,
// streamed_trials_json).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/cli/simulate_plan.hpp"
#include "spikefit/experiments/cli/streamed_trials_json.hpp"
#include "temp_path.hpp"

namespace spikefit::experiments {
namespace {

bool exists(const std::string& path) {
  return std::ifstream(path).good();
}

TEST(SimulatePlan, TheFirstChunkGivesEveryThreadAFewTrialsButNoMoreThanAsked) {
  EXPECT_EQ(first_chunk(1000, 2), 8u);
  EXPECT_EQ(first_chunk(3, 8), 3u);
  EXPECT_EQ(first_chunk(1000, 0), 4u);
}

TEST(SimulatePlan, LaterChunksFillAQuarterOfTheMemoryWithinBounds) {
  TrialCost cost;
  cost.recording_bytes = 1e6;
  EXPECT_EQ(next_chunk(cost, 400e6, 2, 0), 100u);  // a quarter of 400 MB / 1 MB
  EXPECT_EQ(next_chunk(cost, 1e6, 16, 0), 16u);    // never fewer than the threads
  EXPECT_EQ(next_chunk(cost, 1e15, 2, 0), 4096u);  // never more than 4096
  EXPECT_EQ(next_chunk(cost, std::numeric_limits<double>::infinity(), 2, 0), 4096u);
  EXPECT_EQ(next_chunk(cost, 400e6, 2, 7), 7u);  // --chunk wins
  cost.recording_bytes = 0;
  EXPECT_EQ(next_chunk(cost, 1e3, 2, 0), 4096u);
}

TEST(SimulatePlan, AnOutputLargerThanTheFreeDiskIsRefusedWithTheEstimate) {
  TrialCost cost;
  cost.row_bytes = 2048;
  EXPECT_EQ(output_refusal(cost, 1000, 8, 1e9, "out.json"), "");
  const std::string why = output_refusal(cost, 1000000000, 8, 1e9, "out.json");
  EXPECT_NE(why.find("1000000000 more trials"), std::string::npos) << why;
  EXPECT_NE(why.find("about 1.86 TiB"), std::string::npos) << why;
  EXPECT_NE(why.find("2 KiB a trial, measured on the first 8"), std::string::npos) << why;
  EXPECT_NE(why.find("954 MiB free where out.json goes"), std::string::npos) << why;
}

TEST(SimulatePlan, OnlyRunsOfAMinuteOrMoreGetADurationNote) {
  TrialCost cost;
  cost.seconds = 0.5;
  EXPECT_EQ(duration_note(cost, 100, 8), "");
  const std::string note = duration_note(cost, 10000, 8);
  EXPECT_NE(note.find("10000 more trials at the pace of the first 8"), std::string::npos) << note;
}

TEST(SimulatePlan, ByteTextUsesBinaryUnits) {
  EXPECT_EQ(byte_text(12), "12 B");
  EXPECT_EQ(byte_text(12 * 1024.0), "12 KiB");
  EXPECT_EQ(byte_text(1.5 * 1024 * 1024 * 1024), "1.5 GiB");
}

TEST(SimulatePlan, TheSystemReportsMemoryAndDisk) {
  const double memory = available_memory_bytes();
  EXPECT_GT(memory, 0.0);
  EXPECT_GT(free_disk_bytes(::testing::TempDir() + "x.json"), 0.0);
}

nlohmann::json example_document() {
  return {{"backend", "cpu"}, {"parameters", {{"JrEE", 20}}}, {"seed", 7}, {"zeta", {1, 2}}};
}

TEST(StreamedTrialsJson, TheStreamedDocumentHasTheBytesOfTheWholeDocumentDumped) {
  const std::string out = testing::fresh_temp_path("spikefit_streamed.json");
  nlohmann::json whole = example_document();
  whole["trials"] = nlohmann::json::array();
  {
    StreamedTrialsJson streamed(out);
    for (int t = 0; t < 3; ++t) {
      const nlohmann::json row = {{"trial", t}, {"rates", {1.5 * t, 2.0}}, {"status", "ok"}};
      EXPECT_GT(streamed.add(row), row.dump().size());
      whole["trials"].push_back(row);
    }
    EXPECT_FALSE(exists(out));  // nothing at `out` until the document is complete
    streamed.finish(example_document());
  }
  EXPECT_EQ(base::read_text(out), whole.dump(2) + "\n");
  EXPECT_FALSE(exists(out + ".trials.partial"));
  EXPECT_FALSE(exists(out + ".partial"));
  std::remove(out.c_str());
}

TEST(StreamedTrialsJson, NoTrialsGiveAnEmptyArray) {
  const std::string out = testing::fresh_temp_path("spikefit_streamed_empty.json");
  StreamedTrialsJson(out).finish(example_document());
  nlohmann::json whole = example_document();
  whole["trials"] = nlohmann::json::array();
  EXPECT_EQ(base::read_text(out), whole.dump(2) + "\n");
  std::remove(out.c_str());
}

TEST(StreamedTrialsJson, AnUnfinishedDocumentLeavesTheOldFileAndNoPartialFiles) {
  const std::string out = testing::fresh_temp_path("spikefit_streamed_old.json");
  std::ofstream(out) << "old";
  {
    StreamedTrialsJson streamed(out);
    streamed.add({{"trial", 0}});
  }
  EXPECT_EQ(base::read_text(out), "old");
  EXPECT_FALSE(exists(out + ".trials.partial"));
  std::remove(out.c_str());
}

}  // namespace
}  // namespace spikefit::experiments
