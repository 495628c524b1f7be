"""The Python package against the `spikefit` program: the same seeds give the same trials,
statistics, costs and fit studies (ctest label `python`; spikefit_test_support.py)."""
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest

from spikefit_test_support import (SOURCE, STATISTICS, STATISTICS_FLAGS, TARGETS, run_cli,
                                   same_number, small_cbn_config, tiny_target)

import numpy as np

import spikefit


class PackageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="spikefit_python_")
        cls.config = small_cbn_config(cls.folder, 1500, 100)

    def test_simulate_returns_the_cli_trials_as_arrays(self):
        out = os.path.join(self.folder, "simulate.json")
        run_cli("simulate", "--config", self.config, "--trials", "64", "--seed", "7",
                "--set", "JrEX=55", "--stats", *STATISTICS_FLAGS, "--target", TARGETS,
                "--target-name", "demo_sbn_simu_1", "--out", out, "--threads", "2")
        with open(out) as f:
            cli = json.load(f)["trials"]
        r = spikefit.simulate(self.config, {"JrEX": 55}, trials=64, seed=7, statistics=True,
                              threads=2, **STATISTICS)
        self.assertEqual(r.counts.dtype, np.uint16)
        self.assertEqual(r.counts.shape, (64, cli[0]["counts"]["neurons"], cli[0]["counts"]["bins"]))
        self.assertEqual(r.rates_hz.shape, (64, len(r.populations)))
        self.assertEqual(r.seeds.tolist(), [t["seed"] for t in cli])
        self.assertEqual(r.status, [t["status"] for t in cli])
        for p, name in enumerate(r.populations):
            self.assertEqual(r.rates_hz[:, p].tolist(), [t["rates_hz"][name] for t in cli])
        target = spikefit.Target.load(pathlib.Path(TARGETS), "demo_sbn_simu_1")  # any PathLike
        for k, t in enumerate(cli):
            summary = {key: value for key, value in t.items()
                       if key not in ("trial", "statistics", "cost", "errors", "feasible", "reason")}
            self.assertEqual(r.summaries[k], summary)
            self.assertEqual(r.statistics[k].feasible, t["statistics"]["feasible"])
            if t["statistics"]["feasible"]:
                self.assertEqual(r.statistics[k]["fano"], t["statistics"]["fano"])
            self.assertTrue(same_number(target.cost(r.statistics[k])["cost"], t["cost"]))
        self.assertGreater(int(r.counts.sum()), 0)
        self.assertGreater(r.wall_s, 0.0)

    def test_statistics_of_counts_equal_the_stats_command(self):
        r = spikefit.simulate(self.config, trials=1, seed=3)
        counts = r.counts[0]
        csv = os.path.join(self.folder, "counts.csv")
        np.savetxt(csv, counts, fmt="%d", delimiter=",")
        out = os.path.join(self.folder, "stats.json")
        run_cli("stats", "--counts", csv, "--bin-ms", str(r.bin_ms), *STATISTICS_FLAGS,
                "--out", out)
        with open(out) as f:
            cli = json.load(f)["statistics"]
        s = spikefit.statistics(counts, bin_ms=r.bin_ms, **STATISTICS)
        for name in ("rate", "fano", "rsc_fisher_z", "pct_shared", "d_shared", "eigenspectrum"):
            self.assertEqual(s[name], cli[name], name)
        self.assertEqual(len(spikefit.statistics(r.counts, bin_ms=r.bin_ms, **STATISTICS)), 1)

    def test_errors_are_exceptions_with_the_cli_messages(self):
        with open(self.config) as f:
            config = json.load(f)
        config["network"]["populations"][0]["size"] = -5
        bad = os.path.join(self.folder, "bad_config.json")
        with open(bad, "w") as f:
            json.dump(config, f)
        cli = run_cli("simulate", "--config", bad, check=False)
        self.assertEqual(cli.returncode, 2)
        with self.assertRaises(spikefit.ConfigError) as raised:
            spikefit.simulate(bad)
        self.assertIn(f"config error: {raised.exception}\n", cli.stderr)
        with self.assertRaises(spikefit.ConfigError) as raised:
            spikefit.Target.load(TARGETS, "nope")
        self.assertIn("no target named 'nope'", str(raised.exception))
        with self.assertRaises(spikefit.UsageError):
            spikefit.statistics(np.full((3, 4), 2.5))
        with self.assertRaises(TypeError):
            spikefit.fit(self.config, TARGETS, "x", study="s.sqlite", no_such_option=1)

    def test_simulating_loads_no_libtorch(self):
        # Only spikefit.fit needs LibTorch: the rest may share a process with another torch (sbi).
        script = ("import spikefit, sys; spikefit.simulate(sys.argv[1], duration_ms=100); "
                  "print(open('/proc/self/maps').read())")
        maps = subprocess.run([sys.executable, "-c", script, self.config], capture_output=True,
                              text=True, check=True).stdout
        self.assertIn("_spikefit", maps)
        self.assertNotIn("libtorch", maps)

    def test_ctrl_c_stops_a_long_simulate(self):
        script = ("import spikefit, sys\n"
                  "print('started', flush=True)\n"
                  "try:\n"
                  "    spikefit.simulate(sys.argv[1], trials=100000, duration_ms=100, threads=1)\n"
                  "except KeyboardInterrupt:\n"
                  "    print('interrupted', flush=True)\n")
        child = subprocess.Popen([sys.executable, "-c", script, self.config],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.assertEqual(child.stdout.readline().strip(), "started")
        time.sleep(1.0)
        start = time.perf_counter()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
        self.assertEqual(out.strip(), "interrupted")
        self.assertLess(time.perf_counter() - start, 30.0)  # one chunk of 64 trials, not 100000

    def test_simulate_releases_the_gil(self):
        ticks = []
        worker = threading.Thread(target=lambda: spikefit.simulate(self.config, trials=4,
                                                                    threads=1))
        worker.start()
        while worker.is_alive():
            ticks.append(time.perf_counter())
            time.sleep(0.001)
        worker.join()
        self.assertGreater(len(ticks), 20)  # the main thread ran while the trials did

    def test_a_fit_from_python_stores_the_cli_fit_study(self):
        target_file = tiny_target(self.folder, self.config)
        cli_study = os.path.join(self.folder, "cli.sqlite")
        cli = run_cli("fit", "--config", self.config, "--target", target_file, "--target-name",
                      "tiny", "--study", cli_study, *STATISTICS_FLAGS, "--seed", "5", "--batch",
                      "3", "--initial", "3", "--max-evals", "6")
        rounds = []
        result = spikefit.fit(self.config, target_file, "tiny",
                              study=os.path.join(self.folder, "python.sqlite"),
                              progress=rounds.append, seed=5, batch=3, initial=3,
                              max_evaluations=6, **STATISTICS)
        self.assertEqual(result.evaluations, 6)
        self.assertEqual([p["evaluations"] for p in rounds], [3, 6])
        a, b = spikefit.Study(cli_study), spikefit.Study(result.study)
        self.assertEqual(sorted(a.parameters), ["JrEX", "taudsynI"])
        self.assertEqual(a.evaluations["x"].shape, (6, 2))
        for name in ("x", "cost", "errors", "trial_seed", "feasible", "point"):
            np.testing.assert_array_equal(a.evaluations[name], b.evaluations[name], name)
        self.assertEqual(a.evaluations["reason"], b.evaluations["reason"])
        untimed = lambda study: [{k: v for k, v in s.items() if k != "trial_wall_s"}
                                 for s in study.statistics]
        self.assertEqual(untimed(a), untimed(b))
        self.assertEqual(a.incumbent is None, b.incumbent is None)
        if a.incumbent is not None:
            self.assertEqual(a.incumbent["point"], b.incumbent["point"])
            self.assertEqual(result.incumbent["mean_cost"], b.incumbent["mean_cost"])
        # SNOPS's incumbent: the point and expected cost the CLI fit printed last
        best = a.model_incumbent()
        self.assertEqual(best["model"], "cost")
        line = next(l for l in cli.stdout.splitlines() if l.startswith("model's incumbent"))
        self.assertIn(f"point {best['point']})", line)
        self.assertAlmostEqual(float(line.split("fresh run ")[1].split(";")[0]),
                               best["expected_cost"], delta=1e-3 * best["expected_cost"])
        self.assertGreater(best["expected_cost"], best["posterior_cost"])  # + noise / 2

    def test_an_overlapped_composite_fit_from_python_and_its_model_incumbent(self):
        target_file = tiny_target(self.folder, self.config)
        result = spikefit.fit(self.config, target_file, "tiny",
                              study=os.path.join(self.folder, "composite.sqlite"), seed=5,
                              batch=3, initial=3, max_evaluations=9, model="composite",
                              overlap=True, **STATISTICS)
        study = spikefit.Study(result.study)
        self.assertEqual(study.document["options"]["model"], "composite")
        self.assertIs(study.document["options"]["overlap"], True)
        self.assertEqual(study.rounds, 3)  # round 2 proposed while round 1 ran
        best = study.model_incumbent()
        self.assertEqual(best["model"], "composite")
        # the composite model's mean is already the log of the expected cost
        self.assertAlmostEqual(best["expected_cost"], best["posterior_cost"], places=12)
        self.assertEqual(len(best["x"]), 2)
        with self.assertRaises(spikefit.UsageError):
            spikefit.fit(self.config, target_file, "tiny",
                         study=os.path.join(self.folder, "bad.sqlite"), model="costs",
                         max_evaluations=3, **STATISTICS)


    def test_ctrl_c_stops_a_fit_after_the_evaluations_under_way(self):
        target_file = tiny_target(self.folder, self.config)
        study = os.path.join(self.folder, "interrupted.sqlite")
        script = ("import spikefit, sys\n"
                  "try:\n"
                  "    spikefit.fit(sys.argv[1], sys.argv[2], 'tiny', study=sys.argv[3], seed=5,\n"
                  "                 batch=4, initial=4, max_evaluations=12, chunk=1, threads=1,\n"
                  "                 neurons=20, draws=2, dimension='eigen_threshold')\n"
                  "except KeyboardInterrupt:\n"
                  "    print('interrupted', flush=True)\n")
        child = subprocess.Popen([sys.executable, "-c", script, self.config, target_file, study],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        for _ in range(1200):  # until the first evaluation is stored (up to 2 minutes)
            time.sleep(0.1)
            try:
                if len(spikefit.Study(study).evaluations["id"]) > 0:
                    break
            except (OSError, RuntimeError, ValueError):
                pass
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=120)
        self.assertEqual(out.strip(), "interrupted")
        stored = spikefit.Study(study).evaluations
        self.assertLess(len(stored["id"]), 12)
        slots = list(zip(stored["round"].tolist(), stored["slot"].tolist()))
        self.assertEqual(len(slots), len(set(slots)))
        resumed = spikefit.fit(self.config, target_file, "tiny", study=study, resume=True, seed=5,
                               batch=4, initial=4, max_evaluations=12, **STATISTICS)
        self.assertEqual(resumed.evaluations, 12)
        after = spikefit.Study(study).evaluations
        self.assertEqual(len(set(zip(after["round"].tolist(), after["slot"].tolist()))), 12)

    def test_a_pareto_fit_from_python_and_its_front(self):
        target_file = tiny_target(self.folder, self.config)
        study = os.path.join(self.folder, "pareto.sqlite")
        result = spikefit.fit(self.config, target_file, "tiny", study=study, seed=5, batch=3,
                              initial=3, max_evaluations=6, objectives="each", **STATISTICS)
        self.assertEqual(result.objectives, ["rate", "fano", "rsc_fisher_z"])
        front = spikefit.Study(study).front()
        self.assertEqual(result.front_size, len(front))
        self.assertGreater(len(front), 0)
        out = os.path.join(self.folder, "front.json")
        run_cli("pareto", "--study", study, "--out", out)
        with open(out) as f:
            cli = json.load(f)
        self.assertAlmostEqual(result.hypervolume, cli["hypervolume"])
        self.assertEqual(sorted(p["point"] for p in front), sorted(p["point"] for p in cli["front"]))
        by_point = {p["point"]: p for p in cli["front"]}
        for p in front:
            self.assertEqual(p["objectives"], by_point[p["point"]]["objectives"])

    def test_the_nwb_route_to_a_fit(self):
        target_file = os.path.join(self.folder, "nwb_target.json")
        run_cli("targets", "--name", "session", "--out", target_file, "--nwb",
                os.path.join(SOURCE, "tests/fixtures/recorded/units_two_groups.nwb"),
                "--repeats", "10", "--statistics", "rate,fano,rsc_fisher_z")
        target = spikefit.Target.load(target_file, "session")
        self.assertEqual(target.n_neuron, 6)  # the recording's cells, one draw of all
        result = spikefit.fit(self.config, target_file, "session",
                              study=os.path.join(self.folder, "nwb.sqlite"), neurons=6, draws=1,
                              dimension="eigen_threshold", batch=2, initial=2, max_evaluations=2)
        study = spikefit.Study(result.study)
        self.assertEqual(study.error_names, ["rate", "fano", "rsc_fisher_z"])
        self.assertEqual(study.evaluations["cost"].shape, (2,))
        self.assertEqual(study.document["target_name"], "session")

    def test_recorded_counts_from_nwb_and_matlab_files(self):
        recorded = os.path.join(SOURCE, "tests/fixtures/recorded")
        with open(os.path.join(recorded, "units_two_groups.json")) as f:
            units = json.load(f)["units"]
        counts = spikefit.read_nwb(os.path.join(recorded, "units_two_groups.nwb"),
                                   groups=["shank1"], interval_s=(1.0, 9.0), bin_ms=100)
        self.assertEqual(counts.shape, (3, 80))
        expected = [sum(1.0 <= t < 9.0 for t in u["spike_times_s"]) for u in units[3:]]
        self.assertEqual(counts.sum(axis=1).tolist(), expected)
        with open(os.path.join(recorded, "recorded_mat.json")) as f:
            matrix = json.load(f)["counts"]
        for file in ("recorded_v5.mat", "recorded_v73.mat"):
            counts = spikefit.read_mat(os.path.join(recorded, file), "counts", bin_ms=50)
            self.assertEqual(counts.tolist(), matrix)
        with self.assertRaises(spikefit.ConfigError) as raised:
            spikefit.read_nwb(os.path.join(recorded, "units_bad_index.nwb"))
        self.assertIn("units_bad_index.nwb:/units/spike_times_index: row 5", str(raised.exception))

if __name__ == "__main__":
    unittest.main(verbosity=2)
