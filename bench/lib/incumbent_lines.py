"""Prints a fit benchmark's result lines from `spikefit report`'s report.json.

usage: incumbent_lines.py REPORT_JSON [--goal COST] [--statistics]
  --goal COST    also say whether the incumbent's replicate mean cost is <= COST
  --statistics   also print the incumbent's statistics against the target as a table
"""
import argparse
import json

parser = argparse.ArgumentParser()
parser.add_argument("report")
parser.add_argument("--goal", type=float)
parser.add_argument("--statistics", action="store_true")
options = parser.parse_args()

r = json.load(open(options.report))
inc = r["incumbent"]
print(f"- evaluations: {r['evaluations']} ({r['feasible_evaluations']} feasible) in {r['rounds']} rounds")
if inc:
    se = inc["se_cost"]
    print(f"- incumbent: cost {inc['mean_cost']:.4g} (replicate mean of {inc['evaluations']}; "
          f"SE {se if se is None else round(se, 3)}), "
          f"replicate costs {[round(c, 3) for c in inc['replicate_costs']]}")
    print(f"- incumbent parameters: {json.dumps({k: round(v, 4) for k, v in inc['parameters'].items()})}")
    if options.goal is not None:
        met = "met" if inc["mean_cost"] <= options.goal else "not met"
        print(f"- goal (incumbent replicate mean <= {options.goal}): {met}")
    if options.statistics:
        print()
        print("| statistic | target | normaliser var | incumbent mean | incumbent sd | (fit - target)/sqrt(var) |")
        print("|---|---|---|---|---|---|")
        f = lambda v: "-" if v is None else f"{v:.4g}"
        for row in r["statistics"]:
            print(f"| {row['statistic']} | {f(row.get('target'))} | {f(row.get('normaliser'))} | "
                  f"{f(row.get('fit_mean'))} | {f(row.get('fit_sd'))} | {f(row.get('z_mean'))} |")
