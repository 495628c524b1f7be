#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace spikefit::experiments {

// SNOPS's two fidelities: a short screening run that only checks feasibility, then the full run.
enum class EvaluationStage { kScreen, kFull };
const char* to_string(EvaluationStage stage);

class RowStream;

// What one evaluation of one parameter vector gives.
struct EvaluationOutcome {
  bool feasible = false;
  std::string reason;                                      // why not feasible
  double cost = std::numeric_limits<double>::quiet_NaN();  // NaN when infeasible
  std::vector<double> errors;  // per-statistic errors [Evaluator::error_names()]
  nlohmann::json statistics = nlohmann::json::object();
  double wall_s = 0.0;  // this evaluation's share of the batch's time
};

// Receives one row's outcome: (row of the batch, outcome).
using OutcomeSink = std::function<void(std::size_t, EvaluationOutcome&&)>;

// A batch evaluator (pagmo-style): evaluate(X [B x D] physical units, seeds [B]) -> [B]
// outcomes. Row k depends on x[k] and seeds[k] only, never on the batch. The fit loop runs any
// implementation: the simulator pipeline (engine -> statistics -> cost) or a test function.
class Evaluator {
 public:
  virtual ~Evaluator() = default;
  virtual std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                                  const std::vector<uint64_t>& seeds,
                                                  EvaluationStage stage) = 0;
  // evaluate() that hands each row's outcome to `sink` as soon as it is known, on the calling
  // thread, in any order (the caller stores rows as they arrive: a crash loses only the rows in
  // flight). The default hands them over in row order once the whole batch is done. A failure
  // throws after the rows already handed over. The caller checks that every row came once.
  virtual void evaluate_each(const std::vector<std::vector<double>>& x,
                             const std::vector<uint64_t>& seeds, EvaluationStage stage,
                             const OutcomeSink& sink);
  // Evaluates the rows of `stream` as they become available, handing each outcome to `sink`
  // (keyed by the row's id) as in evaluate_each; returns once the stream is finished and every row
  // taken is delivered. The default takes every queued row of one stage, runs evaluate_each on
  // them, and polls while nothing is queued: it fills no tail. MpiEvaluator keeps every rank busy.
  virtual void evaluate_stream(RowStream& stream, const OutcomeSink& sink);
  virtual std::vector<std::string> error_names() const = 0;
  virtual std::string backend() const = 0;
  virtual std::string device() const = 0;
};

}  // namespace spikefit::experiments
