#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "spikefit/experiments/study/study_storage.hpp"

// The evaluations of two studies that must be the same (a resumed study and an uninterrupted
// one, or the same fit run differently): what was evaluated, with which seed, and what came out.
// Timings differ and are not compared.
namespace spikefit::testing {

inline void expect_same_evaluation(const experiments::StoredEvaluation& expected,
                                   const experiments::StoredEvaluation& got) {
  SCOPED_TRACE("round " + std::to_string(expected.round) + " slot " +
               std::to_string(expected.slot));
  EXPECT_EQ(got.round, expected.round);
  EXPECT_EQ(got.slot, expected.slot);
  EXPECT_EQ(got.point, expected.point);
  EXPECT_EQ(got.x, expected.x);
  EXPECT_EQ(got.trial_seed, expected.trial_seed);
  EXPECT_EQ(got.source, expected.source);
  EXPECT_EQ(got.stage, expected.stage);
  EXPECT_EQ(got.feasible, expected.feasible);
  EXPECT_EQ(got.reason, expected.reason);
  if (expected.feasible) {
    // NaN in both: a dataset's trial scored against no target.
    if (!std::isnan(expected.cost) || !std::isnan(got.cost)) {
      EXPECT_EQ(got.cost, expected.cost);
    }
    EXPECT_EQ(got.objectives, expected.objectives);
  }
  ASSERT_EQ(got.errors.size(), expected.errors.size());
  for (std::size_t e = 0; e < expected.errors.size(); ++e) {
    if (!std::isnan(expected.errors[e])) {
      EXPECT_EQ(got.errors[e], expected.errors[e]);
    }
  }
}

inline void expect_same_evaluations(const std::vector<experiments::StoredEvaluation>& expected,
                                    const std::vector<experiments::StoredEvaluation>& got) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) expect_same_evaluation(expected[i], got[i]);
}

// Evaluations in (round, slot) order, whatever order they were stored in.
inline std::vector<experiments::StoredEvaluation> sorted_by_round_and_slot(
    std::vector<experiments::StoredEvaluation> evaluations) {
  std::sort(evaluations.begin(), evaluations.end(), [](const auto& a, const auto& b) {
    return std::pair(a.round, a.slot) < std::pair(b.round, b.slot);
  });
  return evaluations;
}

// A study file's evaluations in (round, slot) order.
inline std::vector<experiments::StoredEvaluation> by_round_and_slot(const std::string& study) {
  return sorted_by_round_and_slot(experiments::StudyStorage::open(study).evaluations());
}

// The evaluations as above, and their statistics documents but the trial's wall time.
inline void expect_same_evaluations_and_statistics(
    const std::vector<experiments::StoredEvaluation>& expected,
    const std::vector<experiments::StoredEvaluation>& got) {
  expect_same_evaluations(expected, got);
  const auto without_timing = [](nlohmann::json statistics) {
    statistics.erase("trial_wall_s");
    return statistics;
  };
  for (std::size_t i = 0; i < got.size() && i < expected.size(); ++i) {
    EXPECT_EQ(without_timing(got[i].statistics), without_timing(expected[i].statistics));
  }
}

}  // namespace spikefit::testing
