#include "spikefit/experiments/cli/simulate_plan.hpp"

#include <sys/statvfs.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "spikefit/experiments/cli/format_duration.hpp"

namespace spikefit::experiments {
namespace {

constexpr uint64_t kLargestChunk = 4096;

std::string folder_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

}  // namespace

uint64_t first_chunk(uint64_t trials, int threads) {
  return std::min<uint64_t>(trials, 4 * static_cast<uint64_t>(std::max(threads, 1)));
}

uint64_t next_chunk(const TrialCost& cost, double available_memory_bytes, int threads,
                    uint64_t fixed) {
  if (fixed > 0) return fixed;
  const double fit = cost.recording_bytes > 0 ? 0.25 * available_memory_bytes / cost.recording_bytes
                                              : static_cast<double>(kLargestChunk);
  const double lower = std::max(threads, 1);
  return static_cast<uint64_t>(std::clamp(std::floor(fit), lower, double(kLargestChunk)));
}

std::string output_refusal(const TrialCost& cost, uint64_t trials, uint64_t measured,
                           double free_disk_bytes, const std::string& out) {
  const double needed = cost.row_bytes * static_cast<double>(trials);
  if (needed <= free_disk_bytes) return "";
  return "the output of " + std::to_string(trials) + " more trials would take about " +
         byte_text(needed) + " (" + byte_text(cost.row_bytes) + " a trial, measured on the first " +
         std::to_string(measured) + "), more than the " + byte_text(free_disk_bytes) +
         " free where " + out + " goes; simulate fewer trials per run (--trials, --first-trial)";
}

std::string duration_note(const TrialCost& cost, uint64_t trials, uint64_t measured) {
  const double seconds = cost.seconds * static_cast<double>(trials);
  if (seconds < 60.0) return "";
  return "about " + format_duration(seconds) + " for " + std::to_string(trials) +
         " more trials at the pace of the first " + std::to_string(measured) +
         " (Ctrl-C stops it; --first-trial continues where it stopped)";
}

double available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  double kib = 0.0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024.0;
  }
  return std::numeric_limits<double>::infinity();
}

double free_disk_bytes(const std::string& path) {
  struct statvfs s;
  if (statvfs(folder_of(path).c_str(), &s) != 0) return std::numeric_limits<double>::infinity();
  return static_cast<double>(s.f_bavail) * static_cast<double>(s.f_frsize);
}

std::string byte_text(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
  int u = 0;
  while (bytes >= 1024.0 && u < 5) {
    bytes /= 1024.0;
    ++u;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return buffer;
}

}  // namespace spikefit::experiments
