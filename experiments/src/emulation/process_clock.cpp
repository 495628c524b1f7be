#include "spikefit/experiments/emulation/process_clock.hpp"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

namespace spikefit::experiments {

double seconds_since_process_start() {
  std::ifstream stat("/proc/self/stat");
  std::ifstream uptime("/proc/uptime");
  std::string line;
  double up = 0.0;
  if (!std::getline(stat, line) || !(uptime >> up)) return std::nan("");
  // Field 22 (starttime, in clock ticks since boot) counts from after the command name, which
  // is in parentheses and may hold spaces.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  for (int k = 3; k <= 22; ++k) fields >> field;
  if (!fields) return std::nan("");
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return up - std::stod(field) / ticks;
}

}  // namespace spikefit::experiments
