#!/usr/bin/env bash
# Rows do not depend on how the work is split: 1 and 2 threads, 3 shards merged
# (given with --shard or by a Slurm job array's environment), every design;
# merge refuses what is not one sweep.
# Usage: reproducible.sh PATH-TO-SANCTIONSIM SOURCE-ROOT
set -u
. "$(dirname "$0")/lib.sh"

# The issue's grid: 61 x 41 points of the baseline.
grid=(--vary japan.alliance_pressure=0:3:61 --vary japan.territorial_stake=0:2:41)
ran "grid, 1 thread" sweep "$baseline" "${grid[@]}" --threads 1 -o t1.tsv
ran "grid, 2 threads" sweep "$baseline" "${grid[@]}" --threads 2 -o t2.tsv
same_rows t1.tsv t2.tsv
equal "$(nrows t1.tsv)" 2501
for k in 0 1 2; do
    ran "shard $k/3" sweep "$baseline" "${grid[@]}" --shard $k/3 --threads 2 -o s$k.tsv
done
equal "$(nrows s1.tsv)" 834
t "merge 3 shards" 0 merge s2.tsv s0.tsv s1.tsv -o merged.tsv
same_rows t1.tsv merged.tsv
has merged.tsv '^# merged: 3 shards'
has merged.tsv '^# shard: 0/1'
# no temporary file name leaks into the merged file (paths may hold /tmp)
hasnt merged.tsv '\.tmp'

# a Slurm job array's task K of N, without --shard
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 "$bin" sweep "$baseline" "${grid[@]}" \
    -o slurm1.tsv 2>/dev/null
same_rows s1.tsv slurm1.tsv
has slurm1.tsv '^# shard: 1/3'
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=3 "$bin" sweep "$baseline" "${grid[@]}" \
    -o bad.tsv 2>err
equal $? 2
has err 'SLURM_ARRAY_TASK_ID=3 and SLURM_ARRAY_TASK_COUNT=3'
absent bad.tsv
# --shard wins over the environment
SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 "$bin" sweep "$baseline" "${grid[@]}" \
    --shard 1/3 -o shard-wins.tsv 2>/dev/null
same_rows s1.tsv shard-wins.tsv

# merge: missing, doubled, foreign shards
t "merge without a shard" 2 merge s0.tsv s1.tsv -o m.tsv
has err 'point 2 is missing'
absent m.tsv
t "merge a doubled shard" 2 merge s0.tsv s1.tsv s1.tsv s2.tsv -o m.tsv
has err 'point 1 is in .s1.tsv. and in .s1.tsv.'
absent m.tsv
"$bin" sweep "$baseline" --vary japan.alliance_pressure=0:3:61 \
    --vary japan.territorial_stake=0:2:42 --shard 0/3 -o other0.tsv 2>/dev/null
t "merge shards of two sweeps" 2 merge other0.tsv s1.tsv s2.tsv -o m.tsv
has err 'not shards of one sweep: different sweep options'
"$bin" sweep "$baseline" "${grid[@]}" --mode nash --shard 0/3 -o nash0.tsv 2>/dev/null
t "merge shards of two modes" 2 merge nash0.tsv s1.tsv s2.tsv -o m.tsv
has err 'different sweep options'
sed 's/^japan.alliance_pressure = 1.2;/japan.alliance_pressure = 1.2; # edited/' \
    "$baseline" >edited.cfg
cp "$baseline" copy.cfg
"$bin" sweep edited.cfg "${grid[@]}" --shard 0/3 -o edited0.tsv 2>/dev/null
printf '\n# an edit\n' >>edited.cfg
"$bin" sweep edited.cfg "${grid[@]}" --shard 0/3 -o edited0b.tsv 2>/dev/null
t "merge shards of two scenario files" 2 merge edited0b.tsv s1.tsv s2.tsv -o m.tsv
has err 'different scenarios (SHA-256)'
t "merge a file that is not a sweep" 2 merge "$baseline" s1.tsv -o m.tsv
has err 'not a sweep file'
# cut inside the last row, wherever it ends: a fixed byte count landed on a
# row's end or not depending on how long the checkout's path (in the
# provenance lines) is
head -c "$(($(wc -c <s1.tsv) - 7))" s1.tsv >cut.tsv
t "merge a shard cut short" 2 merge s0.tsv cut.tsv s2.tsv -o m.tsv
has err 'cut short'
absent m.tsv
t "merge to standard output" 0 merge s0.tsv s1.tsv s2.tsv
same_rows out merged.tsv

# every design: threads and shards give the same rows
for design in random lhs sobol; do
    args=(--design "$design" --samples 300 --seed 42 --vary japan.alliance_pressure=0:3
          --vary russia.hedging_value=log:0.05:1 --vary japan.linkage=0,0.5,1)
    ran "$design, 1 thread" sweep "$baseline" "${args[@]}" --threads 1 -o "$design-1.tsv"
    ran "$design, 2 threads" sweep "$baseline" "${args[@]}" --threads 2 -o "$design-2.tsv"
    same_rows "$design-1.tsv" "$design-2.tsv"
    for k in 0 1; do
        "$bin" sweep "$baseline" "${args[@]}" --shard $k/2 -o "$design-s$k.tsv" 2>/dev/null
    done
    t "$design, merged" 0 merge "$design-s1.tsv" "$design-s0.tsv" -o "$design-m.tsv"
    same_rows "$design-1.tsv" "$design-m.tsv"
    has "$design-1.tsv" "^# design: $design"
    has "$design-1.tsv" '^# seed: 42'
done
ran "another seed" sweep "$baseline" --design lhs --samples 300 --seed 43 \
    --vary japan.alliance_pressure=0:3 --vary russia.hedging_value=log:0.05:1 \
    --vary japan.linkage=0,0.5,1 -o lhs-43.tsv
if cmp -s <(rows lhs-1.tsv) <(rows lhs-43.tsv); then fail "the seed changes nothing"; else pass; fi

# CSV: the same numbers with commas
ran "csv" sweep "$baseline" "${grid[@]}" --format csv -o t.csv
if cmp -s <(rows t1.tsv | tr '\t' ',') <(rows t.csv); then pass; else fail "csv rows differ"; fi
ran "csv shards" sweep "$baseline" "${grid[@]}" --format csv --shard 1/2 -o c1.csv
"$bin" sweep "$baseline" "${grid[@]}" --format csv --shard 0/2 -o c0.csv 2>/dev/null
t "merge csv" 0 merge c0.csv c1.csv -o c.csv
same_rows t.csv c.csv

finish
