// Writes a small simulation study (a round of two slots, a feasible and an infeasible
// evaluation, a session) for the study_file fuzzer's seed corpus:
//   make_seed_study OUT.sqlite CONFIG.json TARGETS.json TARGET_NAME
#include <cmath>
#include <cstdio>

#include "simulation_study.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

int main(int argc, char** argv) {
  namespace ex = spikefit::experiments;
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s OUT.sqlite CONFIG.json TARGETS.json TARGET_NAME\n", argv[0]);
    return 2;
  }
  const nlohmann::json study = spikefit::fuzz::simulation_study(argv[2], argv[3], argv[4]);
  ex::StudyStorage storage = ex::StudyStorage::create(argv[1], study);
  const std::size_t d = study["parameters"].size();
  ex::StoredRound round;
  round.strategy = "sobol_initial_design";
  round.proposal_seed = 7;
  round.models = {{"cost_gp", {{"lengthscales", std::vector<double>(d, 0.5)}}}};
  for (int64_t slot = 0; slot < 2; ++slot) {
    std::vector<double> x;
    for (const auto& p : study["parameters"]) {
      x.push_back(p["lower"].get<double>() + (p["upper"].get<double>() - p["lower"].get<double>()) *
                                                 (0.25 + 0.5 * static_cast<double>(slot)));
    }
    round.slots.push_back(
        {slot, slot, x, spikefit::acquisition::ProposalSource::kSobol, uint64_t(100 + slot)});
  }
  storage.add_round(round);
  for (const ex::ProposalSlot& slot : round.slots) {
    ex::StoredEvaluation e;
    e.slot = slot.slot;
    e.point = slot.point;
    e.x = slot.x;
    e.trial_seed = slot.trial_seed;
    e.feasible = slot.slot == 0;
    e.reason = e.feasible ? "" : "rate below 1 Hz";
    e.cost = e.feasible ? 1.25 : std::nan("");
    e.errors = {0.5, e.feasible ? 0.75 : std::nan("")};
    e.statistics = {{"rate", {3.5}}, {"fano", {1.1}}};
    e.wall_s = 0.5;
    e.backend = "cpu";
    e.device = "cpu";
    storage.add_evaluation(e);
  }
  storage.set_session_elapsed(storage.start_session({{"threads", 1}}), 1.5);
  return 0;
}
