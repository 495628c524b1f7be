#pragma once

#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spikefit/experiments/evaluation/evaluator.hpp"

// The messages between rank 0 of an MPI job and the ranks that serve evaluations, all as bytes
// on MPI_COMM_WORLD:
//   0 -> r  kRecipe  an EvaluatorRecipe (encode_recipe); r answers kReady or kFailure
//   r -> 0  kReady   int32 width: rows r evaluates at once (0: any number, a GPU)
//   0 -> r  kWork    uint64 first row, int32 stage, uint64 dims, x [n x dims], seeds [n]
//   r -> 0  kResult  uint64 first row, double busy seconds, uint64 n, n outcomes (outcome_codec)
//   r -> 0  kFailure string: what went wrong (rank 0 knows which rows the rank had)
//   0 -> r  kStop    empty: rank 0 is done, r leaves (sent once, when rank 0's session ends)
namespace spikefit::experiments::mpi {

enum class Tag : int { kRecipe = 1, kReady, kWork, kResult, kFailure, kStop };

struct Message {
  int source = 0;
  Tag tag = Tag::kStop;
  std::vector<uint8_t> bytes;
};

// The bodies of kWork, kResult and kFailure.
struct WorkOrder {
  uint64_t first_row = 0;  // rows handed out before this order (its result echoes it)
  EvaluationStage stage = EvaluationStage::kFull;
  std::vector<std::vector<double>> x;  // [n x D]
  std::vector<uint64_t> seeds;         // [n]
};
struct WorkResult {
  uint64_t first_row = 0;
  double busy_s = 0.0;  // the serving rank's time in evaluate
  std::vector<EvaluationOutcome> outcomes;
};
struct Failure {
  std::string what;
};
std::vector<uint8_t> encode(const WorkOrder& order);
std::vector<uint8_t> encode(const WorkResult& result);
std::vector<uint8_t> encode(const Failure& failure);
WorkOrder decode_work(const std::vector<uint8_t>& bytes);
WorkResult decode_result(const std::vector<uint8_t>& bytes);
Failure decode_failure(const std::vector<uint8_t>& bytes);

void send(int destination, Tag tag, const std::vector<uint8_t>& bytes);
// A message from `source` (MPI_ANY_SOURCE: any) when one has arrived.
std::optional<Message> poll(int source);

// Waiting without a busy core: a blocking MPI receive spins (Open MPI polls its transports), which
// on a machine whose cores all run ranks would take a core from the ranks at work. Sleeps from
// 50 us, doubling to 2 ms while nothing arrives.
Message wait(int source);

}  // namespace spikefit::experiments::mpi
