#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "spikefit/experiments/study/study_front.hpp"

namespace spikefit::experiments {

// How `spikefit pareto --pick` chooses one point of a front (all objectives minimised).
struct FrontPick {
  // knee: the objectives min-max normalised over the front (ideal 0, nadir 1), the point farthest
  // on the ideal's side of the hyperplane sum_j f_j = 1 through the normalised extremes (in 2-D
  // the line between the two extreme points: the largest distance to it). weights: the lowest
  // weighted sum sum_j w_j y_j of the objectives as stored (normalised errors, one scale).
  enum class Kind { kKnee, kWeights };
  Kind kind = Kind::kKnee;
  std::vector<double> weights;  // [objectives] for kWeights
  std::string text() const;     // "knee" or "weights=1,2"
};

// "knee" or "weights=w1,w2,..."; base::UsageError("--pick", ...) otherwise, or when the weights
// are not `objectives` non-negative numbers with a positive sum.
FrontPick parse_front_pick(const std::string& text, std::size_t objectives);

// The index into `front` (non-empty) of the picked point.
std::size_t pick_front_point(const std::vector<ObjectivePoint>& front, const FrontPick& pick);

}  // namespace spikefit::experiments
