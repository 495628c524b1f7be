#include "spikefit/experiments/cli/fit_session.hpp"

#include <chrono>
#include <optional>

#include "spikefit/base/config_error.hpp"
#include "spikefit/base/json_reader.hpp"
#include "spikefit/base/text_files.hpp"
#include "spikefit/base/usage_error.hpp"
#include "spikefit/engine/thread_count.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/cli/pareto_choice.hpp"
#include "spikefit/experiments/cli/screen_option.hpp"
#include "spikefit/experiments/cli/strategy_choice.hpp"
#include "spikefit/experiments/emulation/dataset_table.hpp"
#include "spikefit/experiments/emulation/emulator_file.hpp"
#include "spikefit/experiments/emulation/expected_cost.hpp"
#include "spikefit/experiments/emulation/surrogate_training.hpp"
#include "spikefit/experiments/emulation/warm_start.hpp"
#include "spikefit/experiments/evaluation/command_evaluator.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/study/round_models.hpp"
#include "spikefit/experiments/study/study_document.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

namespace spikefit::experiments {

namespace {

// A session's options checked and resolved: what a run and a plan (--dry-run) share.
struct PreparedSession {
  StudyIdentity id;
  stats::StatisticsOptions statistics;
  stats::CostMetric metric = stats::CostMetric::kL2;
  FitProblem problem;
  bool pareto = false;
  ParetoChoice choice;
  std::unique_ptr<RoundProposer> pareto_proposer;
  std::unique_ptr<acquisition::BatchStrategy> strategy;
  std::optional<CostFormula> composite;  // --model composite
  FitOptions fit;
};

// Checks the options (base::UsageError / ConfigError naming the flag or field), loads the config
// and target and resolves the fit's options; `o` gets the resolved --screen-ms and the
// --duration-ms override.
PreparedSession prepare_session(FitSessionOptions& o) {
  PreparedSession p;
  StudyIdentity& id = p.id;
  if (o.batch < 1) throw base::UsageError("--batch", "must be at least 1");
  if (o.max_evaluations < 1) throw base::UsageError("--max-evals", "must be at least 1");
  if (o.min_replicates < 1 || o.max_replicates < o.min_replicates) {
    throw base::UsageError("--min-replicates/--max-replicates",
                           "need 1 <= min <= max, got " + std::to_string(o.min_replicates) +
                               " and " + std::to_string(o.max_replicates));
  }
  id.config_document = base::read_json_file(o.config, "config file");
  id.config = load_model_config(o.config);
  if (id.config.space.size() == 0) {
    throw base::ConfigError(o.config + ": parameters", "the config has no free parameter to fit");
  }
  if (o.duration_ms >= 0) {
    o.sets.insert(o.sets.begin(),
                  duration_field(id.config) + "=" + base::number_text(o.duration_ms));
  }
  apply_overrides(id.config, o.sets);
  id.overrides = o.sets;
  id.target_file = o.target_file;
  id.target = stats::load_target(o.target_file, o.target_name);
  p.statistics = o.statistics_choice.options();
  const stats::StatisticsOptions& statistics = p.statistics;
  if (!id.config.model().draws_neurons()) {
    refuse_neuron_draw_flags(o.given_flags, id.config.model().name());
  }
  if (id.config.model().draws_neurons() && id.target.n_neuron != statistics.selection.neurons) {
    throw base::UsageError("--neurons",
                           "the statistics draw " + std::to_string(statistics.selection.neurons) +
                               " cells but target '" + o.target_name + "' was made from n_neuron " +
                               std::to_string(id.target.n_neuron));
  }
  o.screen_ms = resolve_screen_ms(o.screen_ms,
                                  id.config.model().outline(id.config.bound_document()).duration_ms,
                                  id.config.model().screen_floor(id.config.bound_document()));
  p.metric = parse_metric(o.metric);
  p.problem = fit_problem(id.config.space);
  const auto dims = static_cast<int64_t>(p.problem.names.size());
  p.pareto = !o.objectives.empty();
  const bool pareto = p.pareto;
  if (!pareto && !o.ref_point.empty()) {
    throw base::UsageError("--ref-point", "only for a Pareto fit (--objectives)");
  }
  p.choice = pareto ? pareto_choice(o.objectives, o.ref_point, o.strategy, o.strategy_given,
                                    id.target, p.metric)
                    : ParetoChoice{};
  const ParetoChoice& choice = p.choice;
  p.pareto_proposer = pareto ? make_pareto_proposer(choice, dims) : nullptr;
  p.strategy = pareto ? nullptr : make_fit_strategy(o.strategy, dims);
  if (o.model != "cost" && o.model != "composite") {
    throw base::UsageError("--model", "unknown model '" + o.model + "' (known: cost, composite)");
  }
  if (o.model == "composite") {
    if (pareto) {
      throw base::UsageError("--model",
                             "composite models the scalar cost; a Pareto fit "
                             "(--objectives) models each objective");
    }
    p.composite = CostFormula{id.target, p.metric};
  }

  FitOptions& fit = p.fit;
  fit.batch = o.batch;
  fit.initial = o.initial > 0 ? o.initial : 2 * o.batch;
  fit.max_evaluations = o.max_evaluations;
  fit.max_minutes = o.max_minutes;
  fit.seed = o.seed;
  fit.replicate_slots = o.replicates >= 0 ? o.replicates : std::max<int64_t>(1, o.batch / 8);
  fit.min_replicates = o.min_replicates;
  fit.max_replicates = o.max_replicates;
  fit.replicate_se_tol = o.replicate_se_tol;
  fit.stop_cost = o.stop_cost;
  fit.screen = o.screen_ms > 0;
  fit.chunk = o.chunk;
  fit.overlap = o.overlap;
  fit.objectives = choice.objectives;
  fit.reference_point = choice.reference_point;
  id.search_options = {{"seed", o.seed},
                       {"batch", fit.batch},
                       {"initial", fit.initial},
                       {"strategy", o.strategy},
                       {"screen-ms", o.screen_ms},
                       {"metric", o.metric},
                       {"dimension", o.statistics_choice.dimension},
                       {"neurons", statistics.selection.neurons},
                       {"draws", statistics.selection.draws},
                       {"min-rate-hz", statistics.selection.min_rate_hz},
                       {"replicates", fit.replicate_slots},
                       {"min-replicates", fit.min_replicates},
                       {"max-replicates", fit.max_replicates},
                       {"replicate-se-tol", fit.replicate_se_tol}};
  if (p.composite) id.search_options["model"] = o.model;  // absent: the cost GP (older studies)
  if (o.overlap) id.search_options["overlap"] = true;     // absent: rounds one after the other
  if (!o.emulator.empty()) {
    if (pareto) throw base::UsageError("--emulator", "an amortised fit minimises the scalar cost");
    if (o.emulator_candidates < 1 || o.emulator_replicates < 1) {
      throw base::UsageError("--emulator-candidates/--emulator-replicates", "must be at least 1");
    }
  }
  return p;
}

}  // namespace

FitSessionPlan plan_fit_session(FitSessionOptions o) {
  const PreparedSession p = prepare_session(o);
  FitSessionPlan plan;
  plan.config_name = p.id.config.name;
  plan.target_name = p.id.target.name;
  plan.parameters = p.problem.names.size();
  plan.fit = p.fit;
  plan.screen_ms = o.screen_ms;
  plan.network = p.id.config.model().outline(p.id.config.bound_document());
  plan.threads = engine::thread_count(o.threads);
  plan.backend = o.backend;
  plan.warm_start = !o.warm_start.empty();
  plan.emulator = !o.emulator.empty();
  if (plan.emulator) {
    plan.round0_evaluations = o.emulator_candidates * o.emulator_replicates;
  } else {
    plan.round0_evaluations = plan.warm_start ? 0 : p.fit.initial;
  }
  return plan;
}

FitSessionResult run_fit_session(FitSessionOptions o, const FitSessionHooks& session_hooks) {
  PreparedSession prepared = prepare_session(o);
  StudyIdentity& id = prepared.id;
  const stats::StatisticsOptions& statistics = prepared.statistics;
  const stats::CostMetric metric = prepared.metric;
  const FitProblem& problem = prepared.problem;
  const bool pareto = prepared.pareto;
  const ParetoChoice& choice = prepared.choice;
  const std::unique_ptr<RoundProposer>& pareto_proposer = prepared.pareto_proposer;
  const auto& strategy = prepared.strategy;
  FitOptions& fit = prepared.fit;
  if (!o.emulator.empty()) {
    const auto start = std::chrono::steady_clock::now();
    const EmulatorFile emulator = load_emulator_file(o.emulator);
    EmulatorCandidateOptions candidate_options;
    candidate_options.count = o.emulator_candidates;
    candidate_options.seed = o.seed;
    const std::vector<EmulatorCandidate> candidates = emulator_candidates(
        emulator, problem, ExpectedCost(id.target, metric, emulator.outputs, "--emulator"),
        candidate_options);
    for (const EmulatorCandidate& c : candidates) fit.initial_points.push_back(c.x);
    fit.initial_replicates = o.emulator_replicates;
    if (session_hooks.on_emulator_candidates) {
      session_hooks.on_emulator_candidates(
          candidates,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    id.search_options["emulator"] =
        emulator.metadata.value("dataset_hash", "") + ":" + emulator.metadata.value("model", "");
    id.search_options["emulator-candidates"] = o.emulator_candidates;
    id.search_options["emulator-replicates"] = o.emulator_replicates;
  }
  std::optional<StudyStorage> warm_start_dataset;
  if (!o.warm_start.empty()) {
    warm_start_dataset.emplace(open_warm_start_dataset(o.warm_start));
    id.search_options["warm-start"] = dataset_hash(read_dataset(*warm_start_dataset));
  }
  if (pareto) {
    id.search_options["strategy"] = choice.strategy;
    id.search_options["objectives"] = o.objectives;
    id.search_options["ref-point"] = choice.reference_point;
  }

  EvaluatorRecipe recipe{id.config_document, o.config, o.sets, id.target, o.backend, {}};
  recipe.options.statistics = statistics;
  recipe.options.metric = metric;
  recipe.options.screen_ms = o.screen_ms;
  recipe.options.threads = o.threads;
  const std::unique_ptr<Evaluator> chosen = open_command_evaluator(
      recipe, {session_hooks.on_trial_done, session_hooks.on_distributed_batch});
  Evaluator& evaluator = *chosen;
  nlohmann::json document = study_document(id, problem, evaluator.error_names());
  if (pareto) {
    document["objectives"] = objectives_json(choice.objectives, evaluator.error_names());
    document["reference_point"] = choice.reference_point;
  }

  StudyStorage storage =
      o.resume ? StudyStorage::open(o.study) : StudyStorage::create(o.study, document);
  if (o.resume) check_resume(storage.study(), document, o.study);
  if (warm_start_dataset) {
    const std::optional<WarmStartStored> stored = store_warm_start(
        storage, *warm_start_dataset, document, id.target, metric, choice.objectives);
    if (stored && session_hooks.on_warm_start) {
      session_hooks.on_warm_start(stored->trials, stored->feasible);
    }
  }

  if (session_hooks.on_start) {
    session_hooks.on_start({id.config.name, id.target.name, evaluator.backend(), evaluator.device(),
                            problem.names.size(), fit, o.screen_ms});
  }
  FitHooks hooks;
  hooks.on_round = session_hooks.on_round;
  hooks.stop_requested = session_hooks.stop_requested;
  std::unique_ptr<RoundProposer> cost_proposer =
      pareto ? nullptr : std::make_unique<CostModelProposer>(*strategy, prepared.composite);
  RoundProposer& proposer = pareto ? *pareto_proposer : *cost_proposer;
  FitSessionResult session{
      problem, run_fit(problem, evaluator, proposer, storage, fit, hooks), choice.objectives, {}};
  if (pareto) session.front = front_status(storage.evaluations(), choice.reference_point);
  return session;
}

}  // namespace spikefit::experiments
