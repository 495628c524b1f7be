#include "spikefit/experiments/cli/report_command.hpp"

#include <cstdio>
#include <memory>

#include "spikefit/experiments/cli/backend_option.hpp"
#include "spikefit/experiments/cli/command_line.hpp"
#include "spikefit/experiments/report/study_report.hpp"

namespace spikefit::experiments {

void add_report_command(CLI::App& app) {
  auto o = std::make_shared<ReportOptions>();
  auto study = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand("report", "Plots, tables and exports of a fit study");
  cmd->add_option("--study", *study, "Study file (SQLite)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--out", o->out_dir,
                  "Output folder: report.html, the plots, CSV and JSON exports are written there "
                  "(default: <study>_report)");
  add_backend_option(*cmd, o->backend);
  add_threads_option(*cmd, o->threads);
  cmd->add_flag("!--no-raster", o->raster, "Do not re-simulate the best network for a raster");
  add_positive_option(*cmd, "--raster-neurons", o->raster_neurons, "Neurons in the raster");
  cmd->add_option("--point", o->point,
                  "Detail this stored point (e.g. a Pareto pick) instead of the incumbent: its "
                  "parameters, statistics and a raster re-simulated from its stored seed");
  add_example(*cmd, "spikefit report --study results/fit_short_demo.sqlite --out results/report");
  cmd->callback([o, study]() {
    ReportOptions options = *o;
    if (options.out_dir.empty()) {
      std::string stem = *study;
      const auto dot = stem.rfind(".sqlite");
      if (dot != std::string::npos && dot + 7 == stem.size()) stem.resize(dot);
      options.out_dir = stem + "_report";
    }
    const StudyStorage storage = StudyStorage::open(*study);
    const nlohmann::json report = write_study_report(storage, options);
    std::printf("wrote %s/report.html", options.out_dir.c_str());
    if (report.contains("incumbent") && !report["incumbent"].is_null()) {
      std::printf(" (%s cost %.4g over %d evaluations)", report["focus"].get<std::string>().c_str(),
                  report["incumbent"]["mean_cost"].get<double>(),
                  report["incumbent"]["evaluations"].get<int>());
    }
    std::printf("\n");
  });
}

}  // namespace spikefit::experiments
