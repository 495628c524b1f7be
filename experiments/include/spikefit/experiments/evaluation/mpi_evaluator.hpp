#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator.hpp"
#include "spikefit/experiments/evaluation/evaluator_recipe.hpp"

namespace spikefit::experiments {

// Rank 0's evaluator in an MPI job of several ranks (MpiSession): every rank, rank 0 included,
// evaluates rows on its own backend and threads. The constructor sends the recipe to the other
// ranks (serve_evaluations), which build the same evaluator; evaluate(X [B x D], seeds [B]) then
// hands rows out as a work queue: each rank gets as many rows as it runs at once
// (evaluation_width: its threads, or a share of the batch on a GPU) and the next ones when it
// sends their outcomes back, while rank 0 takes rows from the same queue on a second thread.
// evaluate_each hands every outcome over as it arrives (evaluate() places them in row order);
// row k depends on x[k] and seeds[k] only, so any number of ranks gives the same outcomes. A rank
// that fails (its recipe, an evaluation) ends the batch with an error naming the rank, the rows and
// their trial seeds, after the rows in flight on the other ranks came back. Only the calling (main)
// thread calls MPI.
class MpiEvaluator final : public Evaluator {
 public:
  MpiEvaluator(const EvaluatorRecipe& recipe, CommandEvaluatorHooks hooks);
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override;
  void evaluate_each(const std::vector<std::vector<double>>& x, const std::vector<uint64_t>& seeds,
                     EvaluationStage stage, const OutcomeSink& sink) override;
  // Every rank takes rows from the stream whenever it has none: a rank that finishes the tail of
  // one round starts the next as soon as it is proposed. One DistributedBatch for the stream.
  void evaluate_stream(RowStream& stream, const OutcomeSink& sink) override;
  std::vector<std::string> error_names() const override { return local().error_names(); }
  std::string backend() const override { return local().backend(); }
  // Rank 0's device and the number of ranks ("... on 4 MPI ranks").
  std::string device() const override;

 private:
  const Evaluator& local() const { return local_.evaluator(); }
  ConfigEvaluator local_;
  CommandEvaluatorHooks hooks_;
  std::vector<int> widths_;  // [ranks]: rows each rank evaluates at once (0: a share)
  std::optional<std::chrono::steady_clock::time_point> last_batch_end_;
};

}  // namespace spikefit::experiments
