#include "spikefit/experiments/report/study_report.hpp"

#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "spikefit/base/text_files.hpp"
#include "spikefit/experiments/evaluation/model.hpp"
#include "spikefit/experiments/report/gnuplot.hpp"
#include "spikefit/experiments/report/statistics_report.hpp"
#include "spikefit/experiments/study/point_summary.hpp"
#include "spikefit/experiments/study/study_document.hpp"
#include "spikefit/stats/cost.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

const double kNaN = std::nan("");

std::string num(double v, int precision = 6) {
  if (!std::isfinite(v)) return "NaN";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.*g", precision, v);
  return buffer;
}

json num_json(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string base64(const std::string& bytes) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], table[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    out += {table[v >> 18], table[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const uint32_t v = (static_cast<unsigned char>(bytes[i]) << 16) |
                       (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += {table[v >> 18], table[(v >> 12) & 63], table[(v >> 6) & 63], '='};
  }
  return out;
}

std::string read_binary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Mean and unbiased sd of the finite values.
std::pair<double, double> mean_sd(const std::vector<double>& v) {
  double sum = 0, n = 0;
  for (double e : v) {
    if (std::isfinite(e)) sum += e, n += 1;
  }
  if (n == 0) return {kNaN, kNaN};
  const double mean = sum / n;
  double ss = 0;
  for (double e : v) {
    if (std::isfinite(e)) ss += (e - mean) * (e - mean);
  }
  return {mean, n > 1 ? std::sqrt(ss / (n - 1)) : 0.0};
}

double first_value(const json& statistic) {
  const json& v =
      statistic.is_array() ? (statistic.empty() ? json(nullptr) : statistic[0]) : statistic;
  return v.is_number() ? v.get<double>() : kNaN;
}

struct Trace {
  std::vector<double> incumbent;    // [evaluations] incumbent's replicate mean after each
  std::vector<double> best_single;  // [evaluations]
};

Trace best_trace(const std::vector<StoredEvaluation>& evaluations, int min_replicates) {
  Trace t;
  std::vector<StoredEvaluation> prefix;
  double best = kNaN;
  for (const StoredEvaluation& e : evaluations) {
    prefix.push_back(e);
    if (e.feasible && (!std::isfinite(best) || e.cost < best)) best = e.cost;
    const auto inc = find_incumbent(summarise_points(prefix), min_replicates);
    t.incumbent.push_back(inc ? inc->mean_cost : kNaN);
    t.best_single.push_back(best);
  }
  return t;
}

// One row of the target-vs-fit table.
struct StatisticRow {
  std::string name;
  double target = kNaN;  // scalar, or the first eigenvalue
  double var = kNaN;
  double weight = kNaN;
  double fit_mean = kNaN, fit_sd = kNaN;      // over the incumbent's replicates
  double error_mean = kNaN, error_sd = kNaN;  // per-statistic cost term d_j
  double z_mean = kNaN, z_sd = kNaN;          // (fit - target) / sqrt(var); eigenspectrum: norm
};

std::vector<StatisticRow> statistic_rows(const json& study, const PointSummary& incumbent,
                                         const std::vector<StoredEvaluation>& evaluations) {
  std::vector<const StoredEvaluation*> replicates;
  for (const auto& e : evaluations) {
    if (e.point == incumbent.point && e.feasible) replicates.push_back(&e);
  }
  const std::vector<std::string> error_names = study.at("error_names");
  std::vector<StatisticRow> rows;
  for (std::size_t j = 0; j < error_names.size(); ++j) {
    StatisticRow row;
    row.name = error_names[j];
    std::vector<double> fit, errors, z;
    const json* target = nullptr;
    if (study.contains("target")) {
      const json& statistics = study["target"]["statistics"];
      if (statistics.contains(row.name)) target = &statistics[row.name];
    }
    if (target) {
      row.target = first_value(target->at("mean"));
      row.var = target->at("var").get<double>();
      row.weight = target->value("weight", 1.0);
    }
    for (const StoredEvaluation* e : replicates) {
      errors.push_back(j < e->errors.size() ? e->errors[j] : kNaN);
      const double value =
          e->statistics.contains(row.name) ? first_value(e->statistics[row.name]) : kNaN;
      fit.push_back(value);
      if (target && row.name == "eigenspectrum") {
        z.push_back(std::sqrt(errors.back()));
      } else if (target) {
        z.push_back((value - row.target) / std::sqrt(row.var));
      }
    }
    std::tie(row.fit_mean, row.fit_sd) = mean_sd(fit);
    std::tie(row.error_mean, row.error_sd) = mean_sd(errors);
    std::tie(row.z_mean, row.z_sd) = mean_sd(z);
    rows.push_back(row);
  }
  return rows;
}

stats::StatisticsOptions study_statistics_options(const json& options) {
  StatisticsChoice choice;
  choice.dimension = options.value("dimension", std::string("cv_skip"));
  choice.base.selection.neurons = options.value("neurons", 50u);
  choice.base.selection.draws = options.value("draws", 10u);
  choice.base.selection.min_rate_hz = options.value("min-rate-hz", 0.5);
  return choice.options();
}

// Re-simulates the incumbent from its first stored full evaluation's seed with a raster; writes
// raster.dat and returns what it found (the re-computed cost must equal the stored one).
json resimulate_incumbent(const json& study, const PointSummary& incumbent,
                          const std::vector<StoredEvaluation>& evaluations,
                          const ReportOptions& options) {
  const StoredEvaluation* first = nullptr;
  for (const auto& e : evaluations) {
    if (e.point == incumbent.point && e.feasible && e.stage == EvaluationStage::kFull) {
      first = &e;
      break;
    }
  }
  if (!first) return nullptr;
  const ModelConfig config = study_model_config(study);
  const Model& model = config.model();
  const RasterNetwork raster =
      model.with_raster(config.space.bind(config.network, incumbent.x), options.raster_neurons);
  const NetworkOutline net = model.outline(raster.network);
  const std::unique_ptr<TrialRunner> runner = model.open(options.backend);
  TrialRunOptions run;
  run.threads = options.threads;
  run.statistics_options.snops = study_statistics_options(study.at("options"));
  const std::vector<SimulatedTrial> trials =
      runner->run({{raster.network, first->trial_seed}}, run);
  const std::string target_name = study.at("target_name");
  const stats::Target target =
      stats::parse_targets({{"targets", {{target_name, study.at("target")}}}}).at(target_name);
  const std::string metric = study.at("options").value("metric", std::string("l2"));
  const stats::CostResult cost =
      stats::evaluate_cost(trials[0].statistics, target,
                           metric == "l1" ? stats::CostMetric::kL1 : stats::CostMetric::kL2);

  std::ostringstream dat;
  const double t0 = net.burn_in_ms;
  const double window_ms = std::min(options.raster_window_ms, net.duration_ms - t0);
  for (const engine::RasterSpike& s : trials[0].recording.raster) {
    if (s.time_ms >= t0 && s.time_ms < t0 + window_ms) {
      dat << num((s.time_ms - t0) / 1000.0, 8) << " " << s.neuron << "\n";
    }
  }
  base::write_text(options.out_dir + "/raster.dat", dat.str());
  return {{"trial_seed", std::to_string(first->trial_seed)},
          {"evaluation_id", first->id},
          {"stored_cost", num_json(first->cost)},
          {"resimulated_cost", cost.feasible ? json(cost.cost) : json(nullptr)},
          {"population", raster.population},
          {"neurons", raster.neurons},
          {"window_ms", window_ms},
          {"spikes", trials[0].recording.raster.size()},
          {"backend", runner->backend()}};
}

}  // namespace

json write_study_report(const StudyStorage& storage, const ReportOptions& options) {
  base::make_directory(options.out_dir);
  const std::string& dir = options.out_dir;
  const json study = storage.study();
  const std::vector<StoredEvaluation> evaluations = storage.evaluations();
  const std::vector<StoredRound> rounds = storage.rounds();
  const json& parameters = study.at("parameters");
  const std::size_t dims = parameters.size();
  const std::vector<std::string> error_names = study.at("error_names");
  const int min_replicates =
      study.contains("options") ? study["options"].value("min-replicates", 2) : 2;
  const std::vector<PointSummary> points = summarise_points(evaluations);
  const auto incumbent = find_incumbent(points, min_replicates);
  const Trace trace = best_trace(evaluations, min_replicates);

  json report;
  report["study"] = storage.path();
  report["kind"] = study.value("kind", std::string("unknown"));
  report["config"] =
      study.contains("effective_config") ? study["effective_config"]["name"] : json(nullptr);
  report["target_name"] = study.value("target_name", std::string());
  report["evaluations"] = evaluations.size();
  report["rounds"] = rounds.size();
  report["points"] = points.size();
  int64_t feasible = 0, screened_out = 0;
  for (const auto& e : evaluations) {
    feasible += e.feasible;
    screened_out += e.stage == EvaluationStage::kScreen;
  }
  report["feasible_evaluations"] = feasible;
  report["screen_rejections"] = screened_out;
  report["elapsed_s"] = evaluations.empty() ? 0.0 : evaluations.back().elapsed_s;

  // evaluations.csv and trace.dat (wall time in minutes, or seconds for short studies)
  const bool in_minutes = report["elapsed_s"].get<double>() >= 120.0;
  const double time_scale = in_minutes ? 1.0 / 60.0 : 1.0;
  std::ostringstream csv, dat;
  csv << "id,round,slot,point,source,stage,feasible,reason,cost,trial_seed,elapsed_s,wall_s,"
         "screen_wall_s,backend,device";
  for (const auto& p : parameters) csv << "," << p.at("name").get<std::string>();
  for (const auto& n : error_names) csv << ",error_" << n;
  csv << "\n";
  for (std::size_t k = 0; k < evaluations.size(); ++k) {
    const StoredEvaluation& e = evaluations[k];
    std::string reason = e.reason;
    for (char& c : reason) c = c == ',' || c == '"' ? ';' : c;
    csv << e.id << "," << e.round << "," << e.slot << "," << e.point << ","
        << acquisition::to_string(e.source) << "," << to_string(e.stage) << "," << e.feasible << ","
        << reason << "," << num(e.cost, 10) << "," << e.trial_seed << "," << num(e.elapsed_s) << ","
        << num(e.wall_s) << "," << num(e.screen_wall_s) << "," << e.backend << "," << e.device;
    for (double x : e.x) csv << "," << num(x, 10);
    for (double v : e.errors) csv << "," << num(v, 10);
    csv << "\n";
    dat << k + 1 << " " << num(e.elapsed_s * time_scale) << " " << num(e.cost) << " "
        << num(trace.incumbent[k]) << " " << num(trace.best_single[k]) << " " << e.feasible;
    for (double x : e.x) dat << " " << num(x, 10);
    dat << "\n";
  }
  base::write_text(dir + "/evaluations.csv", csv.str());
  base::write_text(dir + "/trace.dat", dat.str());

  json incumbent_json = nullptr;
  std::vector<StatisticRow> rows;
  if (incumbent) {
    incumbent_json = {{"point", incumbent->point},
                      {"evaluations", incumbent->evaluations},
                      {"mean_cost", incumbent->mean_cost},
                      {"sd_cost", incumbent->sd_cost},
                      {"se_cost", num_json(incumbent->se_cost)}};
    json values = json::object();
    for (std::size_t d = 0; d < dims; ++d)
      values[parameters[d]["name"].get<std::string>()] = incumbent->x[d];
    incumbent_json["parameters"] = values;
    json costs = json::array(), seeds = json::array();
    for (const auto& e : evaluations) {
      if (e.point == incumbent->point) {
        costs.push_back(num_json(e.cost));
        seeds.push_back(std::to_string(e.trial_seed));
      }
    }
    incumbent_json["replicate_costs"] = costs;
    incumbent_json["replicate_seeds"] = seeds;
    rows = statistic_rows(study, *incumbent, evaluations);
  }
  report["incumbent"] = incumbent_json;
  json table = json::array();
  std::ostringstream statistics_csv, statistics_dat;
  statistics_csv << "statistic,target,normaliser,weight,fit_mean,fit_sd,error_mean,error_sd,"
                    "z_mean,z_sd\n";
  for (std::size_t j = 0; j < rows.size(); ++j) {
    const StatisticRow& r = rows[j];
    table.push_back({{"statistic", r.name},
                     {"target", num_json(r.target)},
                     {"normaliser", num_json(r.var)},
                     {"weight", num_json(r.weight)},
                     {"fit_mean", num_json(r.fit_mean)},
                     {"fit_sd", num_json(r.fit_sd)},
                     {"error_mean", num_json(r.error_mean)},
                     {"error_sd", num_json(r.error_sd)},
                     {"z_mean", num_json(r.z_mean)},
                     {"z_sd", num_json(r.z_sd)}});
    statistics_csv << r.name << "," << num(r.target) << "," << num(r.var) << "," << num(r.weight)
                   << "," << num(r.fit_mean) << "," << num(r.fit_sd) << "," << num(r.error_mean)
                   << "," << num(r.error_sd) << "," << num(r.z_mean) << "," << num(r.z_sd) << "\n";
    const bool has_target = std::isfinite(r.z_mean);
    statistics_dat << j << " " << r.name << " " << num(has_target ? r.z_mean : r.error_mean) << " "
                   << num(has_target ? r.z_sd : r.error_sd) << "\n";
  }
  report["statistics"] = table;
  base::write_text(dir + "/statistics.csv", statistics_csv.str());
  base::write_text(dir + "/statistics.dat", statistics_dat.str());

  json raster = nullptr;
  if (incumbent && options.raster && report["kind"] == "simulation") {
    raster = resimulate_incumbent(study, *incumbent, evaluations, options);
  }
  report["raster"] = raster;

  // Plots.
  std::vector<std::pair<std::string, std::string>> figures;  // (png path, caption)
  auto plot = [&](const std::string& stem, const std::string& caption, const std::string& body,
                  int height) {
    const auto files = render_plot(dir, stem, body, 900, height);
    figures.emplace_back(files[0], caption);
  };
  if (feasible > 0) {
    const std::string common =
        "set logscale y\nset grid\nset key top right box opaque\nset ylabel 'cost (log scale)'\n";
    const std::string series =
        " 'trace.dat' u {X}:3 w p pt 7 ps 0.7 lc rgb '#9a9a9a' t 'evaluation',"
        " '' u {X}:5 w steps lw 1.5 lc rgb '#1f77b4' t 'best single evaluation',"
        " '' u {X}:4 w steps lw 2.5 lc rgb '#d62728' t 'incumbent (replicate mean)',"
        " 1 w l dt 2 lc rgb 'black' t 'cost 1 (noise floor with measured normalisers)'";
    auto with_x = [&](const std::string& x) {
      std::string s = series;
      for (std::size_t p = s.find("{X}"); p != std::string::npos; p = s.find("{X}")) {
        s.replace(p, 3, x);
      }
      return s;
    };
    plot("cost_vs_evaluations", "Best cost against evaluations",
         common + "set xlabel 'evaluations'\nset title 'Cost against evaluations'\nplot" +
             with_x("1"),
         520);
    plot("cost_vs_time", "Best cost against wall time",
         common + "set xlabel 'wall time (" + (in_minutes ? "min" : "s") +
             ")'\nset title 'Cost against wall time'\nplot" + with_x("2"),
         520);
  }
  if (!evaluations.empty()) {
    std::ostringstream body;
    body << "set multiplot layout " << dims << ",1 title 'Parameter traces'\nset grid\n"
         << "set key outside right\n";
    for (std::size_t d = 0; d < dims; ++d) {
      const int column = 7 + static_cast<int>(d);
      body << "set ylabel '" << parameters[d]["name"].get<std::string>() << "'\n"
           << "set yrange [" << num(parameters[d]["lower"].get<double>()) << ":"
           << num(parameters[d]["upper"].get<double>()) << "]\n"
           << (d + 1 == dims ? "set xlabel 'evaluation'\n" : "unset xlabel\n")
           << "plot 'trace.dat' u 1:($6 == 1 ? $" << column
           << " : NaN) w p pt 7 ps 0.5 lc rgb '#1f77b4' t 'feasible', '' u 1:($6 == 0 ? $" << column
           << " : NaN) w p pt 2 ps 0.6 lc rgb '#d62728' t 'infeasible'";
      if (incumbent) {
        body << ", " << num(incumbent->x[d], 10) << " w l lw 2 lc rgb '#2ca02c' t 'incumbent'";
      }
      body << "\nunset key\n";
    }
    body << "unset multiplot\n";
    plot("parameter_traces", "Parameter values proposed, in order of evaluation", body.str(),
         static_cast<int>(80 + 230 * dims));
  }
  if (!rows.empty()) {
    const bool has_target = std::isfinite(rows[0].z_mean);
    std::ostringstream body;
    body << "set grid ytics\nset style fill solid 0.55 border -1\nset boxwidth 0.6\n"
         << "set xrange [-0.6:" << static_cast<double>(rows.size()) - 0.4 << "]\nset key top left\n"
         << "set title 'Incumbent vs target, statistic by statistic (mean ± sd over "
         << incumbent->evaluations << " replicates)'\n";
    if (has_target) {
      body << "set ylabel '(fit - target) / sqrt(normaliser)'\n"
           << "plot 'statistics.dat' u 1:3:xtic(2) w boxes lc rgb '#1f77b4' t 'incumbent',"
           << " '' u 1:3:4 w yerrorbars pt 7 lc rgb 'black' t 'replicate sd',"
           << " 1 w l dt 2 lc rgb '#d62728' t '±1 (one normaliser sd)',"
           << " -1 w l dt 2 lc rgb '#d62728' notitle\n";
    } else {
      body << "set ylabel 'error term'\n"
           << "plot 'statistics.dat' u 1:3:xtic(2) w boxes lc rgb '#1f77b4' t 'incumbent',"
           << " '' u 1:3:4 w yerrorbars pt 7 lc rgb 'black' t 'replicate sd'\n";
    }
    plot("statistics", "Statistic-by-statistic comparison of the incumbent with the target",
         body.str(), 520);
  }
  if (!raster.is_null()) {
    std::ostringstream body;
    body << "set xlabel 'time after burn-in (s)'\nset ylabel '"
         << raster["population"].get<std::string>()
         << " neuron'\nset title 'Incumbent network, re-simulated from trial seed "
         << raster["trial_seed"].get<std::string>()
         << "'\nset yrange [-1:" << raster["neurons"].get<uint32_t>()
         << "]\nset xrange [0:" << num(raster["window_ms"].get<double>() / 1000.0)
         << "]\nunset key\n"
         << "plot 'raster.dat' u 1:2 w dots lc rgb '#202020'\n";
    plot("raster",
         "Raster of the best network (first " + num(raster["window_ms"].get<double>()) +
             " ms after burn-in)",
         body.str(), 560);
  }

  std::ostringstream html;
  html << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>spikefit report: "
       << html_escape(storage.path()) << "</title>\n<style>body{font-family:sans-serif;"
       << "max-width:960px;margin:2em auto;color:#222}table{border-collapse:collapse;margin:1em 0}"
       << "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f0f0f0}"
       << "td:first-child{text-align:left}img{max-width:100%}</style></head><body>\n"
       << "<h1>spikefit fit report</h1>\n<p>Study <code>" << html_escape(storage.path())
       << "</code>: "
       << html_escape(report["config"].is_null() ? std::string("-") : report["config"].dump())
       << " against target <b>" << html_escape(report["target_name"].get<std::string>()) << "</b>. "
       << evaluations.size() << " evaluations (" << feasible << " feasible, " << screened_out
       << " rejected by screening) of " << points.size() << " points in " << rounds.size()
       << " rounds, " << num(report["elapsed_s"].get<double>() / 60.0, 3)
       << " min of wall time.</p>\n";
  if (incumbent) {
    html << "<h2>Best parameters</h2>\n<p>Incumbent (point " << incumbent->point << ", judged on "
         << incumbent->evaluations << " replicates): cost <b>" << num(incumbent->mean_cost, 4)
         << "</b>";
    if (std::isfinite(incumbent->se_cost)) {
      html << " ± " << num(incumbent->se_cost, 2) << " (SE), sd " << num(incumbent->sd_cost, 2);
    }
    html << "; replicate costs " << html_escape(incumbent_json["replicate_costs"].dump())
         << ".</p>\n<table><tr><th>parameter</th><th>value</th><th>range</th></tr>\n";
    for (std::size_t d = 0; d < dims; ++d) {
      html << "<tr><td>" << html_escape(parameters[d]["name"].get<std::string>()) << "</td><td>"
           << num(incumbent->x[d]) << "</td><td>[" << num(parameters[d]["lower"].get<double>())
           << ", " << num(parameters[d]["upper"].get<double>()) << "]</td></tr>\n";
    }
    html << "</table>\n<h2>Target vs fit</h2>\n<table><tr><th>statistic</th><th>target</th>"
         << "<th>normaliser</th><th>fit mean</th><th>fit sd</th><th>error term d (mean)</th>"
         << "<th>d sd</th></tr>\n";
    for (const StatisticRow& r : rows) {
      html << "<tr><td>" << html_escape(r.name)
           << (r.name == "eigenspectrum" ? " (first eigenvalue)" : "") << "</td><td>"
           << num(r.target, 4) << "</td><td>" << num(r.var, 3) << "</td><td>" << num(r.fit_mean, 4)
           << "</td><td>" << num(r.fit_sd, 2) << "</td><td>" << num(r.error_mean, 3) << "</td><td>"
           << num(r.error_sd, 2) << "</td></tr>\n";
    }
    html << "</table>\n";
    if (!raster.is_null()) {
      html << "<p>Re-simulated from its stored seed: cost "
           << html_escape(raster["resimulated_cost"].dump()) << " (stored "
           << html_escape(raster["stored_cost"].dump()) << ").</p>\n";
    }
  } else {
    html << "<p>No feasible evaluation.</p>\n";
  }
  html << "<h2>Plots</h2>\n";
  for (const auto& [png, caption] : figures) {
    html << "<figure><img alt='" << html_escape(caption) << "' src='data:image/png;base64,"
         << base64(read_binary(png)) << "'><figcaption>" << html_escape(caption)
         << "</figcaption></figure>\n";
  }
  html << "<p>Exports: evaluations.csv, statistics.csv, report.json; plots as PNG and SVG.</p>\n"
       << "</body></html>\n";
  base::write_text(dir + "/report.html", html.str());
  json figure_list = json::array();
  for (const auto& f : figures) figure_list.push_back(f.first);
  report["figures"] = figure_list;
  base::write_text(dir + "/report.json", report.dump(2) + "\n");
  return report;
}

}  // namespace spikefit::experiments
