"""The worked examples (experiments/python/examples) on a small network: spikefit driven by
Optuna, and spikefit as sbi's simulator. Each test skips when its peer is not installed."""
import importlib.util
import os
import sys
import tempfile
import unittest

from spikefit_test_support import SOURCE, STATISTICS, small_cbn_config, tiny_target

sys.path.insert(0, os.path.join(SOURCE, "experiments/python/examples"))


def installed(module):
    return importlib.util.find_spec(module) is not None


class ExamplesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="spikefit_examples_")
        cls.config = small_cbn_config(cls.folder, 1500, 100)
        cls.target = tiny_target(cls.folder, cls.config)

    @unittest.skipUnless(installed("optuna"), "optuna is not installed")
    def test_optuna_drives_simulations_scored_by_the_target(self):
        import optuna
        import optuna_fit
        study = optuna_fit.run(self.config, self.target, "tiny", trials=4, **STATISTICS)
        self.assertEqual(len(study.trials), 4)
        completed = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
        pruned = [t for t in study.trials if t.state == optuna.trial.TrialState.PRUNED]
        self.assertEqual(len(completed) + len(pruned), 4)  # infeasible trials are pruned
        self.assertGreater(len(completed), 0)
        for trial in completed:
            self.assertGreater(trial.value, 0.0)
            self.assertEqual(set(trial.params), {"JrEX", "taudsynI"})

    @unittest.skipUnless(installed("sbi") and installed("torch"), "sbi is not installed")
    def test_sbi_posterior_samples_lie_in_the_prior_box(self):
        import sbi_npe
        names, samples, feasible = sbi_npe.run(self.config, self.target, "tiny", simulations=40,
                                               samples=50, **STATISTICS)
        _, bounds = sbi_npe.free_parameters(self.config)
        self.assertEqual(samples.shape, (50, len(names)))
        self.assertTrue(((samples >= bounds[:, 0]) & (samples <= bounds[:, 1])).all())
        self.assertGreater(feasible, 0.0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
