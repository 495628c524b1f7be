#include "spikefit/experiments/cli/fit_dry_run.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "spikefit/base/duration_text.hpp"
#include "spikefit/base/text_files.hpp"

namespace spikefit::experiments {

namespace {

std::string num(double v, int digits = 4) {
  return base::number_text(v, digits);
}

// Trials of round `r` that are new points (screened when screening is on).
int64_t new_points(const FitSessionPlan& plan, std::size_t r, int64_t evaluations) {
  if (r == 0 && plan.round0_evaluations > 0) return evaluations;
  return evaluations - std::min(plan.fit.replicate_slots, evaluations);
}

double trial_seconds(const FitSessionPlan& plan, const ScaleCostModel& model, double duration_ms,
                     double events_per_neuron_s) {
  const double neurons = plan.network.neurons;
  const double steps = plan.network.dt_ms > 0 ? std::round(duration_ms / plan.network.dt_ms) : 0.0;
  const double events = events_per_neuron_s * neurons * duration_ms / 1000.0;
  return std::max(0.0, model.predict_s(neurons * steps, events));
}

double depth(int64_t trials, int threads) {
  const int64_t t = std::max(1, threads);
  return static_cast<double>((trials + t - 1) / t);
}

}  // namespace

std::vector<int64_t> planned_round_sizes(const FitSessionPlan& plan) {
  std::vector<int64_t> rounds;
  int64_t left = plan.fit.max_evaluations;
  if (plan.round0_evaluations > 0) {
    rounds.push_back(std::min(plan.round0_evaluations, left));
    left -= rounds.back();
  } else if (plan.warm_start) {
    rounds.push_back(0);  // the dataset's trials
  }
  while (left > 0) {
    rounds.push_back(std::min(plan.fit.batch, left));
    left -= rounds.back();
  }
  return rounds;
}

FitWallPrediction predict_fit_wall(const FitSessionPlan& plan, const ScaleCostModel& model) {
  FitWallPrediction p;
  const std::vector<int64_t> rounds = planned_round_sizes(plan);
  const auto total_at = [&](double rate, double* full, double* screen) {
    const double t_full = trial_seconds(plan, model, plan.network.duration_ms, rate);
    const double t_screen = plan.fit.screen ? trial_seconds(plan, model, plan.screen_ms, rate) : 0;
    double f = 0.0, s = 0.0;
    for (std::size_t r = 0; r < rounds.size(); ++r) {
      f += depth(rounds[r], plan.threads) * t_full;
      if (plan.fit.screen) s += depth(new_points(plan, r, rounds[r]), plan.threads) * t_screen;
    }
    if (full) *full = f;
    if (screen) *screen = s;
    return f + s;
  };
  total_at(model.events_per_neuron_s, &p.full_s, &p.screen_s);
  p.low_s = total_at(model.events_per_neuron_s_min, nullptr, nullptr);
  p.high_s = total_at(model.events_per_neuron_s_max, nullptr, nullptr);
  return p;
}

std::string fit_dry_run_text(const FitSessionPlan& plan, const std::optional<ScaleCostModel>& model,
                             const std::string& model_file) {
  std::ostringstream out;
  const std::vector<int64_t> rounds = planned_round_sizes(plan);
  const double steps =
      plan.network.dt_ms > 0 ? std::round(plan.network.duration_ms / plan.network.dt_ms) : 0.0;
  out << "dry run (nothing simulated, no study created): fit " << plan.config_name << " to "
      << plan.target_name << ", " << plan.parameters << " free parameters\n"
      << "  network: " << plan.network.neurons << " neurons, dt " << num(plan.network.dt_ms)
      << " ms, trials of " << num(plan.network.duration_ms, 10) << " ms (" << num(steps, 12)
      << " steps)"
      << (plan.fit.screen ? ", new points screened with " + num(plan.screen_ms, 10) + "-ms runs"
                          : ", no screening")
      << "\n"
      << "  budget: " << plan.fit.max_evaluations << " evaluations (one trial each) in "
      << rounds.size() << " rounds: ";
  // Round 0 alone, then runs of equal rounds: "round 0: 16 (Sobol design), rounds 1-9: 8 each".
  for (std::size_t r = 0; r < rounds.size();) {
    std::size_t last = r;
    while (r > 0 && last + 1 < rounds.size() && rounds[last + 1] == rounds[r]) ++last;
    out << (r ? ", " : "") << (last > r ? "rounds " : "round ") << r;
    if (last > r) out << "-" << last;
    out << ": " << rounds[r] << (last > r ? " each" : "");
    if (r == 0 && plan.warm_start) out << " (the warm start's dataset, not simulated)";
    if (r == 0 && plan.round0_evaluations > 0) {
      out << (plan.emulator ? " (emulator candidates x replicates)" : " (Sobol design)");
    }
    r = last + 1;
  }
  out << "\n  trials per round: up to " << plan.fit.batch << " (" << plan.fit.replicate_slots
      << " replicate slots) on " << plan.threads << " CPU threads, backend " << plan.backend
      << "\n";
  if (plan.fit.max_minutes > 0) {
    out << "  wall budget: " << base::duration_text(plan.fit.max_minutes * 60) << "\n";
  }
  if (!model) {
    out << "  no --cost-model: run `spikefit scale` on this config for one, then --cost-model "
           "DIR/cost_model.json predicts the simulation time\n";
    return out.str();
  }
  if (!model->defined) {
    out << "  the cost model " << model_file << " has no fit (no finished cell)\n";
    return out.str();
  }
  const FitWallPrediction p = predict_fit_wall(plan, *model);
  out << "  predicted simulation wall time: " << base::duration_text(p.total_s()) << " (full runs "
      << base::duration_text(p.full_s);
  if (plan.fit.screen) out << ", screens " << base::duration_text(p.screen_s);
  out << "); " << base::duration_text(p.low_s) << " to " << base::duration_text(p.high_s)
      << " at the cells' lowest and highest event rates (" << num(model->events_per_neuron_s_min, 3)
      << " to " << num(model->events_per_neuron_s_max, 3) << " events per neuron per second)\n"
      << "  cost model " << model_file << ": t = " << num(model->a_s) << " s + "
      << num(model->b_s_per_neuron_step) << " s x N x steps + " << num(model->c_s_per_event)
      << " s x events per trial on one thread (" << model->backend << ", " << model->cells
      << " cells, R² " << num(model->r_squared, 3) << ", max relative error "
      << num(100 * model->max_relative_error, 3) << "%)\n"
      << "  assumes: the full budget is spent (no --stop-cost stop); a screen for every new point "
         "and none rejected; a round's trials one per thread, ceil(trials/threads) deep; each "
         "trial's events at the cells' mean rate per neuron (the fit's parameters change it); "
         "statistics and GP rounds not included\n";
  if (model->rank < 3) {
    out << "  warning: the cells did not separate the model's three terms (rank " << model->rank
        << "): the prediction holds only near the cells' sizes and durations\n";
  }
  if (plan.backend != "auto" && !model->backend.empty() && plan.backend != model->backend) {
    out << "  warning: the cost model was measured on " << model->backend << ", the fit runs on "
        << plan.backend << "\n";
  }
  if (plan.fit.max_minutes > 0 && p.total_s() > plan.fit.max_minutes * 60) {
    out << "  the wall budget stops the fit before its evaluation budget\n";
  }
  return out.str();
}

}  // namespace spikefit::experiments
