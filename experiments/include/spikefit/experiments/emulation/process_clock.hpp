#pragma once

namespace spikefit::experiments {

// Seconds since this process was started (exec), from /proc/self/stat and /proc/uptime: what a
// user waits from the command line, dynamic loading included. Resolution one clock tick
// (10 ms); NaN where /proc is not readable.
double seconds_since_process_start();

}  // namespace spikefit::experiments
