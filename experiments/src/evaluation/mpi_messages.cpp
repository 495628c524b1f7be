#include "mpi_messages.hpp"

#include <algorithm>
#include <chrono>
#include <climits>
#include <stdexcept>
#include <thread>

#include "spikefit/base/backoff.hpp"
#include "spikefit/base/byte_buffer.hpp"
#include "spikefit/experiments/evaluation/outcome_codec.hpp"

namespace spikefit::experiments::mpi {

std::vector<uint8_t> encode(const WorkOrder& order) {
  base::ByteWriter out;
  out.put(order.first_row);
  out.put(order.stage);
  const uint64_t dims = order.x.empty() ? 0 : order.x.front().size();
  out.put(dims);
  std::vector<double> flat;
  for (const std::vector<double>& row : order.x) {
    if (row.size() != dims) throw std::invalid_argument("rows of x differ in length");
    flat.insert(flat.end(), row.begin(), row.end());
  }
  out.put_vector(flat);
  out.put_vector(order.seeds);
  return out.take();
}

WorkOrder decode_work(const std::vector<uint8_t>& bytes) {
  base::ByteReader in(bytes);
  WorkOrder order;
  order.first_row = in.get<uint64_t>();
  order.stage = in.get<EvaluationStage>();
  const auto dims = static_cast<std::ptrdiff_t>(in.get<uint64_t>());
  const std::vector<double> flat = in.get_vector<double>();
  order.seeds = in.get_vector<uint64_t>();
  if (dims < 0 || flat.size() != order.seeds.size() * static_cast<std::size_t>(dims)) {
    throw std::invalid_argument("a work order's x does not hold one row per seed");
  }
  for (std::size_t k = 0; k < order.seeds.size(); ++k) {
    const auto begin = flat.begin() + static_cast<std::ptrdiff_t>(k) * dims;
    order.x.emplace_back(begin, begin + dims);
  }
  return order;
}

std::vector<uint8_t> encode(const WorkResult& result) {
  base::ByteWriter out;
  out.put(result.first_row);
  out.put(result.busy_s);
  out.put<uint64_t>(result.outcomes.size());
  for (const EvaluationOutcome& o : result.outcomes) write_outcome(out, o);
  return out.take();
}

WorkResult decode_result(const std::vector<uint8_t>& bytes) {
  base::ByteReader in(bytes);
  WorkResult result;
  result.first_row = in.get<uint64_t>();
  result.busy_s = in.get<double>();
  result.outcomes.resize(in.get<uint64_t>());
  for (EvaluationOutcome& o : result.outcomes) o = read_outcome(in);
  return result;
}

std::vector<uint8_t> encode(const Failure& failure) {
  base::ByteWriter out;
  out.put_string(failure.what);
  return out.take();
}

Failure decode_failure(const std::vector<uint8_t>& bytes) {
  base::ByteReader in(bytes);
  Failure failure;
  failure.what = in.get_string();
  return failure;
}

void send(int destination, Tag tag, const std::vector<uint8_t>& bytes) {
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::runtime_error("MPI message of " + std::to_string(bytes.size()) +
                             " bytes is too long");
  }
  MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, destination,
           static_cast<int>(tag), MPI_COMM_WORLD);
}

std::optional<Message> poll(int source) {
  int arrived = 0;
  MPI_Status status;
  MPI_Iprobe(source, MPI_ANY_TAG, MPI_COMM_WORLD, &arrived, &status);
  if (!arrived) return std::nullopt;
  int count = 0;
  MPI_Get_count(&status, MPI_BYTE, &count);
  Message m;
  m.source = status.MPI_SOURCE;
  m.tag = static_cast<Tag>(status.MPI_TAG);
  m.bytes.resize(static_cast<std::size_t>(count));
  MPI_Recv(m.bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, status.MPI_TAG, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  return m;
}

Message wait(int source) {
  base::Backoff backoff;
  for (;;) {
    if (std::optional<Message> m = poll(source)) return std::move(*m);
    backoff.wait();
  }
}

}  // namespace spikefit::experiments::mpi
