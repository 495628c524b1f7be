#include "spikefit/experiments/study/sweep_journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "spikefit/base/usage_error.hpp"

namespace spikefit::experiments {

using nlohmann::json;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

json number_or_null(double v) {
  return std::isfinite(v) ? json(v) : json(nullptr);
}
double number_or_nan(const json& j) {
  return j.is_number() ? j.get<double>() : kNaN;
}

std::string differing_keys(const json& stored, const json& given) {
  std::string keys;
  for (const auto& [key, value] : given.items()) {
    if (!stored.contains(key) || stored[key] != value) keys += (keys.empty() ? "" : ", ") + key;
  }
  for (const auto& [key, value] : stored.items()) {
    if (!given.contains(key)) keys += (keys.empty() ? "" : ", ") + key;
  }
  return keys;
}

void write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0)
    throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace

json outcome_json(const EvaluationOutcome& o) {
  json errors = json::array();
  for (double e : o.errors) errors.push_back(number_or_null(e));
  return {{"feasible", o.feasible}, {"reason", o.reason},         {"cost", number_or_null(o.cost)},
          {"errors", errors},       {"statistics", o.statistics}, {"wall_s", o.wall_s}};
}

EvaluationOutcome outcome_from_json(const json& j) {
  EvaluationOutcome o;
  o.feasible = j.at("feasible").get<bool>();
  o.reason = j.at("reason").get<std::string>();
  o.cost = number_or_nan(j.at("cost"));
  for (const json& e : j.at("errors")) o.errors.push_back(number_or_nan(e));
  o.statistics = j.at("statistics");
  o.wall_s = j.at("wall_s").get<double>();
  return o;
}

SweepJournal::SweepJournal(std::string path, const json& identity, bool resume)
    : path_(std::move(path)) {
  std::ifstream existing(path_);
  if (existing && !resume) {
    throw base::UsageError("--resume", path_ + " holds an unfinished sweep: pass --resume to " +
                                           "continue it, or remove the file to start over");
  }
  std::string kept;  // the journal's whole lines
  if (existing && resume) {
    std::string line;
    bool first = true;
    while (std::getline(existing, line)) {
      if (existing.eof()) break;  // no newline: cut short by a kill
      json j;
      try {
        j = json::parse(line);
      } catch (const json::exception&) {
        break;
      }
      if (first) {
        if (j != identity) {
          throw base::UsageError("--resume", path_ + " is a different sweep (differs in " +
                                                 differing_keys(j, identity) + ")");
        }
        first = false;
      } else {
        std::vector<EvaluationOutcome> outcomes;
        for (const json& o : j.at("outcomes")) outcomes.push_back(outcome_from_json(o));
        finished_[j.at("cell").get<std::size_t>()] = std::move(outcomes);
      }
      kept += line + "\n";
    }
  }
  if (kept.empty()) kept = identity.dump() + "\n";
  // Rewritten whole (dropping a line cut short), then appended to.
  const std::string partial = path_ + ".partial";
  fd_ = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error("cannot write " + partial + ": " + std::strerror(errno));
  write_all(fd_, kept, partial);
  if (std::rename(partial.c_str(), path_.c_str()) != 0) {
    throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
  }
}

SweepJournal::~SweepJournal() {
  if (fd_ >= 0) ::close(fd_);
}

void SweepJournal::append(std::size_t cell, const std::vector<EvaluationOutcome>& outcomes) {
  json line = {{"cell", cell}, {"outcomes", json::array()}};
  for (const EvaluationOutcome& o : outcomes) line["outcomes"].push_back(outcome_json(o));
  write_all(fd_, line.dump() + "\n", path_);
}

void SweepJournal::remove() {
  ::close(fd_);
  fd_ = -1;
  std::remove(path_.c_str());
}

}  // namespace spikefit::experiments
