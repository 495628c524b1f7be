// MPI message cost between two ranks: round trips of messages of 8 B to 4 MiB between ranks 0
// and 1 (blocking MPI_Send / MPI_Recv), half the round trip as the one-way time. The inputs of
// bench/results/mpi_round_model_*.md.
//   mpirun -n 2 build/release/bench/spikefit_bench_mpi_ping_pong [ROUND_TRIPS]
#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (size != 2) {
    if (rank == 0) std::fprintf(stderr, "run on 2 ranks: mpirun -n 2 %s\n", argv[0]);
    MPI_Finalize();
    return 2;
  }
  const int trips = argc > 1 ? std::atoi(argv[1]) : 2000;
  if (rank == 0) std::printf("bytes,round_trips,one_way_us,bandwidth_MB_per_s\n");
  for (std::size_t bytes = 8; bytes <= (std::size_t{4} << 20); bytes *= 4) {
    std::vector<char> buffer(bytes, 1);
    const int n = bytes >= (std::size_t{1} << 20) ? trips / 20 + 1 : trips;
    const int count = static_cast<int>(bytes);
    for (int warm = 0; warm < 2; ++warm) {  // the first pass connects and warms the caches
      MPI_Barrier(MPI_COMM_WORLD);
      const double start = MPI_Wtime();
      for (int i = 0; i < n; ++i) {
        if (rank == 0) {
          MPI_Send(buffer.data(), count, MPI_BYTE, 1, 0, MPI_COMM_WORLD);
          MPI_Recv(buffer.data(), count, MPI_BYTE, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        } else {
          MPI_Recv(buffer.data(), count, MPI_BYTE, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
          MPI_Send(buffer.data(), count, MPI_BYTE, 0, 0, MPI_COMM_WORLD);
        }
      }
      const double one_way = (MPI_Wtime() - start) / (2.0 * n);
      if (rank == 0 && warm == 1) {
        std::printf("%zu,%d,%.2f,%.1f\n", bytes, n, one_way * 1e6,
                    static_cast<double>(bytes) / one_way / 1e6);
      }
    }
  }
  MPI_Finalize();
  return 0;
}
