#include "spikefit/experiments/study/front_pick.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>

#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/parse_number.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

std::string FrontPick::text() const {
  if (kind == Kind::kKnee) return "knee";
  std::string out = "weights=";
  for (std::size_t j = 0; j < weights.size(); ++j) {
    out += (j ? "," : "") + base::number_text(weights[j], 10);
  }
  return out;
}

FrontPick parse_front_pick(const std::string& text, std::size_t objectives) {
  FrontPick pick;
  if (text == "knee") return pick;
  const std::string prefix = "weights=";
  if (text.rfind(prefix, 0) != 0) {
    throw base::UsageError("--pick", "use knee or weights=w1,w2,..., got '" + text + "'");
  }
  pick.kind = FrontPick::Kind::kWeights;
  double sum = 0.0;
  for (const std::string& piece : base::split(text.substr(prefix.size()), ',')) {
    const auto w = base::parse_finite(piece, " ");
    if (!w || *w < 0) {
      throw base::UsageError("--pick", "weight '" + piece + "' is not a non-negative number");
    }
    pick.weights.push_back(*w);
    sum += *w;
  }
  if (pick.weights.size() != objectives || !(sum > 0)) {
    throw base::UsageError("--pick", "needs " + std::to_string(objectives) +
                                         " weights (one per objective) with a positive sum, got '" +
                                         text + "'");
  }
  return pick;
}

std::size_t pick_front_point(const std::vector<ObjectivePoint>& front, const FrontPick& pick) {
  if (front.empty()) throw std::invalid_argument("pick_front_point: empty front");
  const std::size_t k = front.front().objectives.size();
  std::vector<double> score(front.size(), 0.0);  // lower is better
  if (pick.kind == FrontPick::Kind::kWeights) {
    for (std::size_t i = 0; i < front.size(); ++i) {
      for (std::size_t j = 0; j < k; ++j) score[i] += pick.weights[j] * front[i].objectives[j];
    }
  } else {
    // sum of the normalised objectives: the signed distance to the hyperplane sum f = 1 is
    // (1 - sum f) / sqrt(k), largest where the sum is smallest
    for (std::size_t j = 0; j < k; ++j) {
      double low = std::numeric_limits<double>::infinity(), high = -low;
      for (const ObjectivePoint& p : front) {
        low = std::min(low, p.objectives[j]);
        high = std::max(high, p.objectives[j]);
      }
      for (std::size_t i = 0; i < front.size(); ++i) {
        score[i] += high > low ? (front[i].objectives[j] - low) / (high - low) : 0.0;
      }
    }
  }
  return static_cast<std::size_t>(std::min_element(score.begin(), score.end()) - score.begin());
}

}  // namespace spikefit::experiments
