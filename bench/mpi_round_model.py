#!/usr/bin/env python3
"""Wall time of one BO round of Q trials on R MPI ranks (1 thread each), from measured inputs.

    T_round(R) = T_bo + T_eval(R) + T_tail(R) + T_msg(R)
    T_eval(R)  = ceil(Q / R) * t_trial          (the work queue hands a rank its next row when it
                                                 returns one)
    T_tail(R)  = spread * t_trial * R / (R + 1) (unequal trial costs: the ranks' last rows end
                                                 spread uniformly over spread * t_trial, and the
                                                 round waits for the last of R; the ranks are
                                                 idle half of that on average)
    T_msg(R)   = ceil(Q / R) * (2 * one_way + poll)   (each row: an order out, its outcome back,
                                                 and rank 0 noticing it: it polls every <= poll)
    idle(R)    = 1 - Q * t_trial / (R * T_round(R))   (the ranks' share of the round not spent
                                                 evaluating: the BO wait, the tail, messages)

BO time dominates once T_bo > T_eval(R), i.e. R > Q * t_trial / T_bo.

With `fit --overlap --chunk Q` (rounds one by one) rank 0 proposes round r + 1 while the ranks
evaluate round r, on a thread beside rank 0's own evaluations (one core per rank: the proposal
takes T_bo from rank 0's evaluation, which the work queue spreads over the R ranks):

    T_round_overlap(R) = max(T_bo, T_eval(R) + T_tail(R) + T_msg(R)) + T_bo / R

With `fit --overlap` (no --chunk) the rounds are one stream of rows: a rank that runs out of
round r's rows takes round r + 1's as soon as it is proposed, so neither the tail nor the last
partial wave of rows (the ceil) leaves ranks idle while the proposal is ready in time:

    T_round_stream(R) = max(T_bo, Q * t_trial / R + T_msg(R)) + T_bo / R

Usage: bench/mpi_round_model.py T_TRIAL_S T_BO_S [ONE_WAY_US] [POLL_MS] [Q] [SPREAD]
(SPREAD: the spread of the trials' cost in units of t_trial; 0, the default, is equal costs)
"""
import math
import sys


def main():
    t_trial = float(sys.argv[1])
    t_bo = float(sys.argv[2])
    one_way = float(sys.argv[3]) * 1e-6 if len(sys.argv) > 3 else 1e-6
    poll = float(sys.argv[4]) * 1e-3 if len(sys.argv) > 4 else 2e-3
    q = int(sys.argv[5]) if len(sys.argv) > 5 else 256
    spread = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
    print(f"t_trial {t_trial} s, T_bo {t_bo} s, one-way {one_way * 1e6:.2f} us, "
          f"poll <= {poll * 1e3:.1f} ms, Q {q}, spread {spread} t_trial")
    print("| R | T_eval s | T_tail s | T_msg s | T_round s | speed-up vs R=1 | ranks idle | BO share "
          "| overlap: T_round s | speed-up | ranks idle | stream: T_round s | speed-up "
          "| ranks idle |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    base = None
    for r in [1, 2, 4, 8, 16, 32, 64, 128, 256]:
        rows = math.ceil(q / r)
        t_eval = rows * t_trial
        t_tail = spread * t_trial * r / (r + 1) if r > 1 else 0.0
        t_msg = rows * (2 * one_way + poll) if r > 1 else 0.0
        t_round = t_bo + t_eval + t_tail + t_msg
        base = base or t_round
        work = q * t_trial

        def idle(t):
            return 1 - work / (r * t)

        t_overlap = max(t_bo, t_eval + t_tail + t_msg) + t_bo / r
        t_stream = max(t_bo, work / r + t_msg) + t_bo / r
        print(f"| {r} | {t_eval:.2f} | {t_tail:.2f} | {t_msg:.3f} | {t_round:.2f} | "
              f"{base / t_round:.1f} | {100 * idle(t_round):.0f}% | {100 * t_bo / t_round:.0f}% | "
              f"{t_overlap:.2f} | {base / t_overlap:.1f} | {100 * idle(t_overlap):.1f}% | "
              f"{t_stream:.2f} | {base / t_stream:.1f} | {100 * idle(t_stream):.1f}% |")
    print(f"BO time dominates from R > {q * t_trial / t_bo:.1f}")


if __name__ == "__main__":
    main()
