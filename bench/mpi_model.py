#!/usr/bin/env python3
"""A queueing model of the MPI sweep's hand-out protocol at up to 10,000 ranks (docs/scaling.md).

Rank 0 is one server: every message (a worker's finished block with its rows,
which is also its request for the next block) costs it a fixed handling time
plus a per-row cost (reordering and writing the row). Workers compute blocks
of B points whose cost varies from point to point and send them; each holds
two blocks, so it waits only when rank 0 answers slower than a block takes. The model prints, for each block size and rank count, the sweep's
throughput in points per second, rank 0's busy fraction and the mean idle time
of a worker per block, as TSV for plotting (bench/mpi_model.gp).

    python3 bench/mpi_model.py [--point-us 57] [--row-us 0.4] [--msg-us 5] > model.tsv

Only the standard library is used; the run takes a few seconds.
"""

import argparse
import heapq
import math
import random


def simulate(ranks, block, point_us, point_cv, msg_us, row_us, blocks_per_rank, rng, depth=2):
    """Points per second, rank 0's busy fraction and mean worker idle time per block (us).

    As in sim/mpi/mpi_farm.c, every worker holds up to `depth` blocks: it computes
    one while the next is already there, so it idles only when rank 0's
    answer takes longer than a block."""
    workers = max(ranks - 1, 1)  # rank 0 only serves once there are workers
    # A block's cost is the sum of `block` point costs with mean point_us and
    # coefficient of variation point_cv: normal by the central limit theorem.
    mean = block * point_us
    sd = math.sqrt(block) * point_us * point_cv

    def cost():
        return max(rng.gauss(mean, sd), 0.1 * mean)

    total_blocks = workers * blocks_per_rank
    events = []  # (time, kind, worker): kind 0 = finishes a block, 1 = a block arrives
    queued = [0] * workers
    idle_since = [None] * workers
    for w in range(workers):
        heapq.heappush(events, (cost(), 0, w))
        queued[w] = depth - 1
    handed = workers * depth
    server_free = busy = idle = 0.0
    done_points = 0
    end = 0.0
    while events:
        t, kind, w = heapq.heappop(events)
        if kind == 0:
            # the result goes to rank 0, which serves messages in arrival order
            start = max(t, server_free)
            service = msg_us + block * row_us
            server_free = start + service
            busy += service
            done_points += block
            end = max(end, server_free)
            if handed < total_blocks:
                handed += 1
                heapq.heappush(events, (server_free, 1, w))
            if queued[w] > 0:
                queued[w] -= 1
                heapq.heappush(events, (t + cost(), 0, w))
            else:
                idle_since[w] = t
        else:
            if idle_since[w] is not None:
                idle += t - idle_since[w]
                idle_since[w] = None
                heapq.heappush(events, (t + cost(), 0, w))
            else:
                queued[w] += 1
    rate = done_points / end * 1e6
    return rate, busy / end, idle / max(total_blocks, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--point-us", type=float, default=57.0,
                    help="mean time of one point on one core (bench/scaling.sh: 57 us)")
    ap.add_argument("--point-cv", type=float, default=1.0,
                    help="coefficient of variation of a point's time")
    ap.add_argument("--msg-us", type=float, default=5.0,
                    help="rank 0's fixed cost per message (receive, reply)")
    ap.add_argument("--row-us", type=float, default=0.4,
                    help="rank 0's cost per row (reorder, write)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("# bench/mpi_model.py: point %.3g us (cv %.2g), rank 0: %.3g us a message + %.3g us a row"
          % (args.point_us, args.point_cv, args.msg_us, args.row_us))
    print("block\tranks\tpoints_per_s\tideal_points_per_s\trank0_busy\tworker_idle_us_per_block")
    for block in (16, 64, 256, 1024):
        for ranks in (1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 2000, 4000, 10000):
            rate, busy, wait = simulate(ranks, block, args.point_us, args.point_cv, args.msg_us,
                                        args.row_us, 20, rng)
            ideal = max(ranks - 1, 1) * 1e6 / args.point_us
            print("%d\t%d\t%.6g\t%.6g\t%.3f\t%.4g" % (block, ranks, rate, ideal, busy, wait))
        print()
        print()


if __name__ == "__main__":
    main()
