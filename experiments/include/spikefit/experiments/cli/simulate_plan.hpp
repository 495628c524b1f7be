#pragma once

#include <cstdint>
#include <string>

// How `spikefit simulate` streams its trials through fixed-size chunks, so that any --trials
// runs in bounded memory, and what it says before a run that cannot finish well.
namespace spikefit::experiments {

// Measured on the first chunk: what one trial costs.
struct TrialCost {
  double recording_bytes = 0.0;  // a trial's recording, held while its chunk runs
  double row_bytes = 0.0;        // its row of the JSON output (0 without --out)
  double seconds = 0.0;          // wall time per trial at this run's parallelism
};

// The first chunk: enough trials to use every thread (a few each), never more than asked.
uint64_t first_chunk(uint64_t trials, int threads);

// The chunk after the first: as many trials as fit in a quarter of the available memory,
// between `threads` and 4096, or `fixed` when the user chose one (--chunk).
uint64_t next_chunk(const TrialCost& cost, double available_memory_bytes, int threads,
                    uint64_t fixed);

// Why the remaining `trials` cannot be written (their output needs more than the free disk);
// "" when they can. Gives the estimate, what it is based on, and the limit.
std::string output_refusal(const TrialCost& cost, uint64_t trials, uint64_t measured,
                           double free_disk_bytes, const std::string& out);

// A note for runs that will take long ("about 3.2 h for ... at the pace of the first 16"); ""
// for runs under a minute.
std::string duration_note(const TrialCost& cost, uint64_t trials, uint64_t measured);

// The memory the system can still give (MemAvailable), and the free space of the folder of
// `path`; +inf when unknown.
double available_memory_bytes();
double free_disk_bytes(const std::string& path);

// "1.5 GiB", "820 MiB", "12 KiB"
std::string byte_text(double bytes);

}  // namespace spikefit::experiments
