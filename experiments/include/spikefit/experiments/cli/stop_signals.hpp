#pragma once

// A clean stop on SIGINT or SIGTERM for the long-running commands: the first signal asks the
// command to stop after the work under way (every finished evaluation is stored) and says so on
// stderr; a second one ends the process at once (nothing stored is lost either way: each stored
// row is its own transaction).
namespace spikefit::experiments {

// Installs the handlers; the previous ones come back when the guard goes.
class StopSignals {
 public:
  StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;
  ~StopSignals();
};

// True once SIGINT or SIGTERM arrived while a StopSignals guard was alive.
bool stop_requested();

}  // namespace spikefit::experiments
