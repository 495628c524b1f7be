// A study file (fit --resume, report, pareto): StudyStorage::open, everything read back from it,
// the --resume check against a study of experiments/configs/snops_short_demo.json, and the
// config the report rebuilds from the stored document.
#include "fuzz_input.hpp"
#include "simulation_study.hpp"
#include "spikefit/experiments/study/stored_study.hpp"
#include "spikefit/experiments/study/study_storage.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace ex = spikefit::experiments;
  static const nlohmann::json given = spikefit::fuzz::simulation_study(
      SPIKEFIT_SOURCE_DIR "/experiments/configs/snops_short_demo.json",
      SPIKEFIT_SOURCE_DIR "/experiments/targets/snops_demo_targets.json", "short_demo_sbn_simu");
  const std::string path = spikefit::fuzz::input_file(data, size, ".sqlite");
  spikefit::fuzz::expect_input_errors([&] {
    const ex::StudyStorage storage = ex::StudyStorage::open(path);
    const nlohmann::json stored = storage.study();
    storage.rounds();
    storage.evaluations();
    storage.elapsed_before(2);
    spikefit::fuzz::expect_input_errors([&] { ex::check_resume(stored, given, path); });
    ex::study_model_config(stored);
  });
  return 0;
}
