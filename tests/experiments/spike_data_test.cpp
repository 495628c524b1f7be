#include "spikefit/experiments/config/spike_data.hpp"
#include "input_error.hpp"
#include "spikefit/base/usage_error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "spikefit/base/config_error.hpp"
#include "spikefit/experiments/evaluation/target_builder.hpp"

namespace spikefit::experiments {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "spikefit_" + name;
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::function<void()>& f) {
  return testing::input_error_of(f);
}

TEST(CountCsv, RowsAreNeuronsColumnsAreBins) {
  const auto rec = read_count_csv(write_temp("c.csv", "# two cells\n1,2,3\n0,0,5\n"), 100.0);
  EXPECT_EQ(rec.count_neurons, 2u);
  EXPECT_EQ(rec.count_bins, 3u);
  EXPECT_EQ(rec.counts[1 * 2 + 0], 2);  // bin 1, neuron 0
  EXPECT_EQ(rec.counts[2 * 2 + 1], 5);
  EXPECT_EQ(rec.spikes_after_burn_in[0], 6u);
}

TEST(CountCsv, BadCellsAreNamedWithFileAndLine) {
  const std::string p = write_temp("bad.csv", "1,2\n1,x\n");
  EXPECT_EQ(error_of([&] { read_count_csv(p, 200); }), p + ":2: 'x' is not a number");
  const std::string q = write_temp("frac.csv", "1,2.5\n");
  EXPECT_EQ(error_of([&] { read_count_csv(q, 200); }),
            q + ":1: '2.5' is not a spike count (integer 0..65535)");
  const std::string r = write_temp("ragged.csv", "1,2\n1\n");
  EXPECT_EQ(error_of([&] { read_count_csv(r, 200); }), r + ":2: has 1 bins, the first row 2");
}

TEST(SpikeCsv, BinsSpikesAndAccumulatesIntervals) {
  // neuron 0 fires at 10, 30, 70 ms; neuron 1 at 250 ms (outside [0, 200)); 100-ms bins.
  const auto rec = read_spike_csv(write_temp("s.csv", "neuron,time_ms\n0,30\n0,10\n1,250\n0,170\n"),
                                  100.0, 0.0, 200.0);
  EXPECT_EQ(rec.count_neurons, 2u);
  EXPECT_EQ(rec.count_bins, 2u);
  EXPECT_EQ(rec.counts[0 * 2 + 0], 2);
  EXPECT_EQ(rec.counts[1 * 2 + 0], 1);
  EXPECT_EQ(rec.counts[0 * 2 + 1] + rec.counts[1 * 2 + 1], 0);
  EXPECT_EQ(rec.isi_count[0], 2u);
  EXPECT_DOUBLE_EQ(rec.isi_sum_ms[0], 20.0 + 140.0);
  EXPECT_DOUBLE_EQ(rec.isi_sum_sq_ms2[0], 400.0 + 19600.0);
}

TEST(SpikeCsv, BadRowsAreNamed) {
  const std::string p = write_temp("s_bad.csv", "0,10\n-1,20\n");
  EXPECT_EQ(error_of([&] { read_spike_csv(p, 200, 0, 1000); }),
            p + ":2: neuron id '-1' is not a non-negative integer");
}

// Fuzz findings: a NaN time was cast to a bin index, a window of more bins than 32 bits hold was
// cast to uint32, and a large one allocated every count before anything checked it.
TEST(SpikeTrains, NonFiniteTimesAndHugeWindowsAreRefused) {
  EXPECT_EQ(error_of([] {
              recording_from_spike_trains({{10.0}, {std::nan("")}}, 5, 0, 100);
            }),
            "neuron 1: spike time nan is not a finite number");
  EXPECT_EQ(error_of([] { recording_from_spike_trains({{10.0}}, 1, 0, 1e300); }),
            "window: [0, 1.0000000000000001e+300) ms in bins of 1 ms for 1 neurons is more than "
            "67108864 counts: use a shorter window or longer bins");
  const std::string p = write_temp("s_many.csv", "99999,10\n");
  EXPECT_NE(error_of([&] { read_spike_csv(p, 1, 0, 1000); }).find("more than 67108864 counts"),
            std::string::npos);
  // The largest neuron id is checked before a train is made for every neuron (a two-line file
  // with id 9992055 took 240 MB of empty trains under the fuzzer).
  const std::string q = write_temp("s_far_id.csv", "700,150\n9999999,0\n");
  EXPECT_EQ(error_of([&] { read_spike_csv(q, 100, 0, 1000); }),
            "window: [0, 1000) ms in bins of 100 ms for 10000000 neurons is more than 67108864 "
            "counts: use a shorter window or longer bins");
}

// The fuzzers lower the limit for their process (fuzz/recorded_value_limit.hpp); the readers then
// refuse what the default lets through, and say the limit in force.
TEST(SpikeTrains, TheProcessLimitOnRecordedValuesIsTheOneApplied) {
  ASSERT_EQ(max_recorded_values(), kDefaultMaxRecordedValues);
  EXPECT_NO_THROW(recording_from_spike_trains({{10.0}}, 1, 0, 100));
  set_max_recorded_values(50);
  const std::string error = error_of([] { recording_from_spike_trains({{10.0}}, 1, 0, 100); });
  set_max_recorded_values(kDefaultMaxRecordedValues);
  EXPECT_EQ(error,
            "window: [0, 100) ms in bins of 1 ms for 1 neurons is more than 50 counts: use a "
            "shorter window or longer bins");
}

stats::Statistics with_values(double rate, double es0) {
  stats::Statistics s;
  s.feasible = true;
  s.set("rate", rate);
  s.set("eigenspectrum", {es0, 0.0});
  return s;
}

TEST(TargetFromRepeats, MeansAndSnopsNormalisers) {
  // rate 1, 2, 3: mean 2, unbiased var 1; es0 0, 2, 4: mean vector (2, 0), mean squared
  // deviation (4 + 0 + 4) / 3.
  const std::vector<stats::Statistics> repeats = {with_values(1, 0), with_values(2, 2),
                                                  with_values(3, 4)};
  const stats::Target t = target_from_repeats("t", repeats, {"rate", "eigenspectrum"});
  EXPECT_EQ(t.n_neuron, 2u);
  EXPECT_DOUBLE_EQ(t.statistics[0].mean[0], 2.0);
  EXPECT_DOUBLE_EQ(t.statistics[0].var, 1.0);
  EXPECT_DOUBLE_EQ(t.statistics[1].mean[0], 2.0);
  EXPECT_DOUBLE_EQ(t.statistics[1].var, 8.0 / 3);
  const stats::Statistics centre = with_values(2.5, 1);
  EXPECT_DOUBLE_EQ(target_from_repeats("t", repeats, {"rate"}, &centre).statistics[0].mean[0], 2.5);
}

TEST(TargetFromRepeats, AStatisticWithoutSpreadIsRefusedByName) {
  // ten repeats of rate 1: their mean, 0.9999999999999999, differs from 1 by rounding, so the
  // variance is 1.4e-32, not 0; a normaliser that small would make the cost term ~1e32
  std::vector<stats::Statistics> repeats(10, with_values(1.0, 0.0));
  repeats[3] = with_values(1.0, 2.0);
  for (auto& r : repeats) r.set("rate", 0.1);
  try {
    target_from_repeats("t", repeats, {"eigenspectrum", "rate"});
    FAIL() << "a constant statistic was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("statistic 'rate' is the same in every repeat"),
              std::string::npos)
        << e.what();
  }
}

TEST(TargetFromRepeats, InfeasibleRepeatIsAnError) {
  std::vector<stats::Statistics> repeats = {with_values(1, 0), with_values(2, 2)};
  repeats[1].feasible = false;
  repeats[1].reason = "too few active cells";
  EXPECT_THROW(target_from_repeats("t", repeats, {"rate"}), std::runtime_error);
}

TEST(ResampleBins, DrawsWholeBinsWithReplacement) {
  const auto rec = read_count_csv(write_temp("r.csv", "1,2,3,4\n10,20,30,40\n"), 100.0);
  const auto r = resample_bins(rec, 5);
  for (uint32_t b = 0; b < 4; ++b) {
    EXPECT_EQ(r.counts[b * 2 + 1], 10 * r.counts[b * 2 + 0]);  // bins stay whole
  }
  EXPECT_NE(r.counts, rec.counts);
}

}  // namespace
}  // namespace spikefit::experiments
