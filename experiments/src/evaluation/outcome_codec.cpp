#include "spikefit/experiments/evaluation/outcome_codec.hpp"

namespace spikefit::experiments {

void write_outcome(base::ByteWriter& out, const EvaluationOutcome& outcome) {
  out.put<uint8_t>(outcome.feasible ? 1 : 0);
  out.put_string(outcome.reason);
  out.put(outcome.cost);
  out.put_vector(outcome.errors);
  out.put_vector(nlohmann::json::to_cbor(outcome.statistics));
  out.put(outcome.wall_s);
}

EvaluationOutcome read_outcome(base::ByteReader& in) {
  EvaluationOutcome outcome;
  outcome.feasible = in.get<uint8_t>() != 0;
  outcome.reason = in.get_string();
  outcome.cost = in.get<double>();
  outcome.errors = in.get_vector<double>();
  outcome.statistics = nlohmann::json::from_cbor(in.get_vector<uint8_t>());
  outcome.wall_s = in.get<double>();
  return outcome;
}

}  // namespace spikefit::experiments
