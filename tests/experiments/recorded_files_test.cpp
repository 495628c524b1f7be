// The NWB and MATLAB readers against the fixtures of scripts/fixtures/{nwb,mat}_fixtures.py,
// whose JSON twins hold what the files contain.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "input_error.hpp"
#include "spikefit/experiments/config/spike_data.hpp"
#ifdef SPIKEFIT_HAVE_NWB
#include "spikefit/experiments/config/nwb_units.hpp"
#endif
#ifdef SPIKEFIT_HAVE_MATIO
#include "spikefit/experiments/config/mat_spike_data.hpp"
#endif

namespace spikefit::experiments {
namespace {

const std::string kRecorded = std::string(SPIKEFIT_SOURCE_DIR) + "/tests/fixtures/recorded/";
const std::string kFuzzCorpus = std::string(SPIKEFIT_SOURCE_DIR) + "/fuzz/corpus/";

void expect_same_counts(const engine::TrialRecording& a, const engine::TrialRecording& b) {
  EXPECT_EQ(a.count_neurons, b.count_neurons);
  EXPECT_EQ(a.count_bins, b.count_bins);
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_EQ(a.spikes_after_burn_in, b.spikes_after_burn_in);
  EXPECT_EQ(a.isi_count, b.isi_count);
}

#ifdef SPIKEFIT_HAVE_NWB

const nlohmann::json kUnits = testing::fixture("recorded/units_two_groups.json")["units"];

std::vector<int64_t> ids_of(const std::vector<NwbUnit>& units) {
  std::vector<int64_t> ids;
  for (const NwbUnit& u : units) ids.push_back(u.id);
  return ids;
}

TEST(NwbUnits, ReadsEveryUnitWithItsGroupSpikesAndIntervals) {
  const auto units = read_nwb_units(kRecorded + "units_two_groups.nwb", {});
  ASSERT_EQ(units.size(), kUnits.size());
  for (std::size_t k = 0; k < units.size(); ++k) {
    EXPECT_EQ(units[k].id, kUnits[k]["id"]);
    EXPECT_EQ(units[k].group, kUnits[k]["group"]);
    EXPECT_EQ(units[k].spike_times_s, kUnits[k]["spike_times_s"].get<std::vector<double>>());
    ASSERT_EQ(units[k].observed_s.size(), kUnits[k]["obs_intervals_s"].size());
    for (std::size_t i = 0; i < units[k].observed_s.size(); ++i) {
      EXPECT_EQ(units[k].observed_s[i].first, kUnits[k]["obs_intervals_s"][i][0]);
      EXPECT_EQ(units[k].observed_s[i].second, kUnits[k]["obs_intervals_s"][i][1]);
    }
  }
}

TEST(NwbUnits, SelectsByElectrodeGroupAndUnitId) {
  const std::string file = kRecorded + "units_two_groups.nwb";
  EXPECT_EQ(ids_of(read_nwb_units(file, {{}, {"shank1"}})), (std::vector<int64_t>{13, 14, 15}));
  EXPECT_EQ(ids_of(read_nwb_units(file, {{14, 10}, {}})), (std::vector<int64_t>{10, 14}));
  EXPECT_EQ(ids_of(read_nwb_units(file, {{14, 10}, {"shank1"}})), (std::vector<int64_t>{14}));
}

TEST(NwbUnits, BinsTheWindowEveryUnitWasObservedIn) {
  const auto units = read_nwb_units(kRecorded + "units_two_groups.nwb", {});
  // Unit 12 is observed in [0.5, 4] and [5, 9.5] s, the others in [0, 10] s.
  const auto window = nwb_window(units, std::nullopt);
  EXPECT_EQ(window, std::make_pair(0.5, 9.5));
  std::vector<std::vector<double>> trains_ms;
  for (const auto& u : kUnits) {
    trains_ms.emplace_back();
    for (const double t : u["spike_times_s"]) trains_ms.back().push_back(t * 1000.0);
  }
  const engine::TrialRecording rec = nwb_recording(units, 100.0, window);
  EXPECT_EQ(rec.count_bins, 90u);
  expect_same_counts(rec, recording_from_spike_trains(trains_ms, 100.0, 500.0, 9500.0));
  EXPECT_EQ(nwb_recording(units, 100.0, nwb_window(units, std::pair(1.0, 3.0))).count_bins, 20u);
}

TEST(NwbUnits, ErrorsNameThePathInsideTheFile) {
  const std::string bad = kRecorded + "units_bad_index.nwb";
  EXPECT_EQ(testing::input_error_of([&] {
              read_nwb_units(bad, {});
            }).rfind(bad + ":/units/spike_times_index: row 5 ends at ", 0),
            0u);
  const std::string none = kRecorded + "no_units.nwb";
  EXPECT_EQ(testing::input_error_of([&] { read_nwb_units(none, {}); }),
            none + ":/units: missing: the file has no Units table");
  const std::string good = kRecorded + "units_two_groups.nwb";
  EXPECT_EQ(testing::input_error_of([&] {
              read_nwb_units(good, {{}, {"shank9"}});
            }),
            good +
                ":/units/electrode_group: no unit is in group 'shank9' (the groups: shank0, "
                "shank1)");
  EXPECT_EQ(testing::input_error_of([&] {
              read_nwb_units(good, {{99}, {}});
            }),
            good + ":/units/id: has no unit 99");
  const std::string csv = kRecorded + "units_two_groups.json";
  EXPECT_EQ(testing::input_error_of([&] { read_nwb_units(csv, {}); }),
            csv + ": is not an HDF5 file");
}

// Fuzz findings (fuzz/corpus/nwb): HDF5 wrote past a one-byte name buffer for a reference to an
// object without a path; a dataset of chunks never written took memory for every one of them.
TEST(NwbUnits, DamagedFilesFoundByFuzzingAreRefused) {
  const std::string unnamed = kFuzzCorpus + "nwb/finding_unnamed_reference.nwb";
  EXPECT_EQ(testing::input_error_of([&] { read_nwb_units(unnamed, {}); }),
            unnamed + ":/units/electrode_group: holds a reference to an object without a path");
  const std::string unwritten = kFuzzCorpus + "nwb/finding_unwritten_chunks.nwb";
  EXPECT_EQ(testing::input_error_of([&] { read_nwb_units(unwritten, {}); }),
            unwritten +
                ":/units/id: holds 16775430 values in 48 bytes of the file: it is damaged or was "
                "never written");
}

TEST(NwbUnits, UnitsWithoutObservationIntervalsNeedAnInterval) {
  const auto units = read_nwb_units(kRecorded + "units_no_intervals.nwb", {});
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(units[0].group, "");
  EXPECT_EQ(testing::input_error_of([&] { nwb_window(units, std::nullopt); }),
            "--interval: is required: unit 0 has no obs_intervals");
  EXPECT_EQ(nwb_window(units, std::pair(0.0, 2.0)), std::make_pair(0.0, 2.0));
}

#endif  // SPIKEFIT_HAVE_NWB

#ifdef SPIKEFIT_HAVE_MATIO

const nlohmann::json kMat = testing::fixture("recorded/recorded_mat.json");

engine::TrialRecording json_counts() {
  std::vector<std::vector<double>> rows;
  for (const auto& row : kMat["counts"]) rows.push_back(row.get<std::vector<double>>());
  return recording_from_counts(rows, 50.0);
}

class MatFile : public ::testing::TestWithParam<std::string> {
 protected:
  std::string path() const { return kRecorded + GetParam(); }
};

TEST_P(MatFile, CountMatricesOfAnyNumericClassAreNeuronsByBins) {
  const engine::TrialRecording expected = json_counts();
  ASSERT_EQ(expected.count_neurons, 8u);
  expect_same_counts(read_mat_recording(path(), "counts", 50.0, std::nullopt), expected);
  expect_same_counts(read_mat_recording(path(), "counts_u16", 50.0, std::nullopt), expected);
}

TEST_P(MatFile, CellArraysOfSpikeTimesAreBinnedOverTheWindow) {
  std::vector<std::vector<double>> trains;
  for (const auto& t : kMat["spike_times_ms"]) trains.push_back(t.get<std::vector<double>>());
  const auto rec = read_mat_recording(path(), "spike_times", 100.0, std::pair(200.0, 1800.0));
  EXPECT_EQ(rec.count_neurons, 5u);
  EXPECT_EQ(rec.count_bins, 16u);
  expect_same_counts(rec, recording_from_spike_trains(trains, 100.0, 200.0, 1800.0));
}

TEST_P(MatFile, BadVariablesAreNamed) {
  EXPECT_EQ(testing::input_error_of([&] { read_mat_recording(path(), "nope", 50, std::nullopt); }),
            path() + ":nope: no such variable in the file");
  EXPECT_EQ(
      testing::input_error_of([&] { read_mat_recording(path(), "fractional", 50, std::nullopt); }),
      path() + ":fractional(1,2): 2.5 is not a spike count (integer 0..65535)");
  EXPECT_EQ(
      testing::input_error_of([&] { read_mat_recording(path(), "spike_times", 50, std::nullopt); }),
      "--t-stop-ms: is required with a cell array of spike times");
}

// Fuzz findings (fuzz/corpus/mat): a NaN spike time was cast to a bin index; dimensions of more
// values than the file holds were read.
TEST(MatFile, DamagedFilesFoundByFuzzingAreRefused) {
  const std::string nan = kFuzzCorpus + "mat/finding_nan_spike_time.mat";
  EXPECT_EQ(testing::input_error_of([&] {
              read_mat_recording(nan, "spike_times", 100, std::pair(0.0, 2000.0));
            }).rfind(nan + ":spike_times: neuron 0: spike time ", 0),
            0u);
  const std::string huge = kFuzzCorpus + "mat/finding_dims_past_data.mat";
  EXPECT_EQ(testing::input_error_of([&] { read_mat_recording(huge, "counts", 50, std::nullopt); }),
            huge +
                ":counts: holds more than 67108864 values, more than spikefit reads from one "
                "variable");
}

INSTANTIATE_TEST_SUITE_P(V5AndV73, MatFile,
                         ::testing::Values("recorded_v5.mat", "recorded_v73.mat"));

#endif  // SPIKEFIT_HAVE_MATIO

}  // namespace
}  // namespace spikefit::experiments
