#!/usr/bin/env python3
"""A queueing model of the MPI sweep's hand-out protocol at up to 10,000 ranks (docs/scaling.md).

Rank 0 is one server: every message (a worker's finished block with its rows,
which is also its request for the next block) costs it a fixed handling time
plus a per-row cost (reordering and writing the row). Workers compute blocks
of B points whose cost varies from point to point, send them, and wait for the
next block. The model prints, for each block size and rank count, the sweep's
throughput in points per second, rank 0's busy fraction and the mean wait of
a worker for its next block, as TSV for plotting (bench/mpi_model.gp).

    python3 bench/mpi_model.py [--point-us 63] [--row-us 1.0] [--msg-us 5] > model.tsv

Only the standard library is used; the run takes a few seconds.
"""

import argparse
import heapq
import math
import random


def simulate(ranks, block, point_us, point_cv, msg_us, row_us, blocks_per_rank, rng):
    """Points per second, rank 0's busy fraction and mean worker wait (us)."""
    workers = max(ranks - 1, 1)  # rank 0 only serves once there are workers
    # A block's cost is the sum of `block` point costs with mean point_us and
    # coefficient of variation point_cv: normal by the central limit theorem.
    mean = block * point_us
    sd = math.sqrt(block) * point_us * point_cv
    total_blocks = workers * blocks_per_rank
    events = []  # (time a worker's message reaches rank 0, worker)
    for w in range(workers):
        heapq.heappush(events, (max(rng.gauss(mean, sd), 0.1 * mean), w))
    handed = workers
    server_free = 0.0
    busy = 0.0
    wait = 0.0
    done_points = 0
    end = 0.0
    ranks_done = 0
    while events:
        arrival, w = heapq.heappop(events)
        start = max(arrival, server_free)
        service = msg_us + block * row_us
        server_free = start + service
        busy += service
        done_points += block
        end = server_free
        if handed < total_blocks:
            handed += 1
            # The worker waits for rank 0 to take its message, then computes.
            wait += server_free - arrival
            heapq.heappush(events, (server_free + max(rng.gauss(mean, sd), 0.1 * mean), w))
        else:
            ranks_done += 1
    rate = done_points / end * 1e6
    return rate, busy / end, wait / max(handed - workers, 1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--point-us", type=float, default=63.0,
                    help="mean time of one point on one core (bench_solve: 63 us)")
    ap.add_argument("--point-cv", type=float, default=1.0,
                    help="coefficient of variation of a point's time")
    ap.add_argument("--msg-us", type=float, default=5.0,
                    help="rank 0's fixed cost per message (receive, reply)")
    ap.add_argument("--row-us", type=float, default=1.0,
                    help="rank 0's cost per row (reorder, write)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print("# bench/mpi_model.py: point %.3g us (cv %.2g), rank 0: %.3g us a message + %.3g us a row"
          % (args.point_us, args.point_cv, args.msg_us, args.row_us))
    print("block\tranks\tpoints_per_s\tideal_points_per_s\trank0_busy\tworker_wait_us")
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
