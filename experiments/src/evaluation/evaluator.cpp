#include "spikefit/experiments/evaluation/evaluator.hpp"

namespace spikefit::experiments {

const char* to_string(EvaluationStage stage) {
  return stage == EvaluationStage::kScreen ? "screen" : "full";
}

}  // namespace spikefit::experiments
