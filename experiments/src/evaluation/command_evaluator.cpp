#include "spikefit/experiments/evaluation/command_evaluator.hpp"

#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/evaluation/config_evaluator.hpp"
#ifdef SPIKEFIT_HAVE_MPI
#include "spikefit/experiments/evaluation/mpi_evaluator.hpp"
#include "spikefit/experiments/evaluation/mpi_session.hpp"
#endif

namespace spikefit::experiments {

namespace {

// A ConfigEvaluator that owns its runner, as an Evaluator.
class LocalEvaluator final : public Evaluator {
 public:
  LocalEvaluator(const EvaluatorRecipe& recipe, const CommandEvaluatorHooks& hooks)
      : chosen_(recipe_config(recipe), recipe.target, recipe.backend, with_hook(recipe, hooks)) {}
  std::vector<EvaluationOutcome> evaluate(const std::vector<std::vector<double>>& x,
                                          const std::vector<uint64_t>& seeds,
                                          EvaluationStage stage) override {
    return chosen_.evaluator().evaluate(x, seeds, stage);
  }
  std::vector<std::string> error_names() const override { return evaluator().error_names(); }
  std::string backend() const override { return evaluator().backend(); }
  std::string device() const override { return evaluator().device(); }

 private:
  static ModelEvaluatorOptions with_hook(const EvaluatorRecipe& recipe,
                                         const CommandEvaluatorHooks& hooks) {
    ModelEvaluatorOptions options = recipe.options;
    options.on_trial_done = hooks.on_trial_done;
    return options;
  }
  const Evaluator& evaluator() const { return chosen_.evaluator(); }
  ConfigEvaluator chosen_;
};

}  // namespace

std::unique_ptr<Evaluator> open_command_evaluator(const EvaluatorRecipe& recipe,
                                                  const CommandEvaluatorHooks& hooks) {
#ifdef SPIKEFIT_HAVE_MPI
  if (evaluation_ranks() > 1) return std::make_unique<MpiEvaluator>(recipe, hooks);
#endif
  return std::make_unique<LocalEvaluator>(recipe, hooks);
}

int evaluation_ranks() {
#ifdef SPIKEFIT_HAVE_MPI
  if (const MpiSession* session = MpiSession::current()) return session->size();
#endif
  return 1;
}

int evaluation_width(const Evaluator& evaluator, int threads) {
  return evaluator.backend() == "cuda" ? 0 : engine::thread_count(threads);
}

}  // namespace spikefit::experiments
