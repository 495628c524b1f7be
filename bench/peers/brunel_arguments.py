"""The Brunel network's command-line arguments, shared by brunel_nest.py and brunel_brian2.py."""
import argparse


def brunel_argument_parser(default_input):
    """Size factor, threads, durations and the network constants of experiments/configs/brunel_exp.json;
    default_input is each peer's fastest form of the external drive ("independent" or "shared")."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--size-factor", type=float, default=1.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--duration-ms", type=float, default=1000.0)
    ap.add_argument("--burn-in-ms", type=float, default=200.0)
    ap.add_argument("--dt-ms", type=float, default=0.1)
    ap.add_argument("--g", type=float, default=5.0)
    ap.add_argument("--J", type=float, default=0.1, help="charge per E spike, mV")
    ap.add_argument("--nu-x", type=float, default=15.0, help="rate of one external source, Hz")
    ap.add_argument("--tau-s", type=float, default=2.0)
    ap.add_argument("--input", choices=["independent", "shared"], default=default_input)
    ap.add_argument("--seed", type=int, default=1)
    return ap
