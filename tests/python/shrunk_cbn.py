"""The bundled SNOPS CBN config shrunk for quick runs (tests and the Python overhead benchmark)."""
import json
import os


def shrunk_cbn(source, excitatory_side, inhibitory_side, duration_ms, bin_ms):
    """snops_cbn.json with side x side excitatory and input cells and side x side inhibitory
    cells, `duration_ms` runs counted in `bin_ms` bins (a dict)."""
    with open(os.path.join(source, "experiments/configs/snops_cbn.json")) as f:
        config = json.load(f)
    network = config["network"]
    e, i = excitatory_side, inhibitory_side
    network["populations"][0].update(size=e * e, lattice=[e, e])
    network["populations"][1].update(size=i * i, lattice=[i, i])
    network["inputs"][0].update(size=e * e, lattice=[e, e])
    network["simulation"]["duration_ms"] = duration_ms
    network["recording"]["count_bin_ms"] = bin_ms
    return config
