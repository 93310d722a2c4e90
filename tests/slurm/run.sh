#!/usr/bin/env bash
# Brings up a one-node Slurm cluster in a temporary directory, runs the sweep job array and its merge job, and compares the rows with a serial run.
#
#   run.sh SANCTIONSIM SOURCE_DIR [--mpi]
#
# Needs root (slurmd runs jobs as any user only as root) and Debian's
# slurmctld, slurmd, slurm-client and munge; it installs them with apt-get
# when they are missing. Exits 77 (skipped) only when it cannot run here.
# With --mpi (the binary was built with SANCTIONSIM_MPI) it also runs
# scripts/slurm/sweep-mpi.sbatch on two tasks, started by mpirun and, where
# Slurm has its PMIx plugin, by srun --mpi=pmix.
#
# Every wait has a deadline; an EXIT trap stops the daemons (TERM, then KILL)
# by the PIDs saved at start and removes the temporary directory.
set -uo pipefail

SANCTIONSIM=$(realpath "$1")
SRC=$(realpath "$2")
WITH_MPI=0
[ "${3:-}" = "--mpi" ] && WITH_MPI=1

# (for $wait_seconds, the bound of every wait: it only stops a hang, so it is
# far above what a loaded machine needs; pass, fail and wait_for are replaced)
# shellcheck source=tests/lib.sh
. "$SRC/tests/lib.sh"
SKIP=77
say() { echo "slurm test: $*"; }
skip() {
    say "SKIPPED: $*"
    exit $SKIP
}
fail() {
    say "FAILED: $*"
    exit 1
}

if [ "$(id -u)" -ne 0 ]; then
    skip "needs root to run slurmd and munged (run the test suite as root, e.g. in CI)"
fi

have_tools() {
    local t
    for t in slurmctld slurmd sbatch squeue sinfo scontrol munged mungekey munge unmunge; do
        PATH=$PATH:/usr/sbin command -v "$t" >/dev/null || return 1
    done
}
if ! have_tools; then
    if ! command -v apt-get >/dev/null; then
        skip "slurmctld, slurmd, slurm-client or munge missing and no apt-get to install them"
    fi
    say "installing slurmctld slurmd slurm-client munge"
    if ! { timeout 300 apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq \
            --no-install-recommends slurmctld slurmd slurm-client munge; } >/dev/null; then
        skip "could not install slurmctld slurmd slurm-client munge with apt-get"
    fi
    have_tools || skip "slurm or munge still missing after apt-get install"
fi
export PATH=$PATH:/usr/sbin

TMP=$(mktemp -d /tmp/sanctionsim-slurm.XXXXXX) || fail "mktemp"
# munged and slurmd check that the directories on the way to their files are
# not writable by others; the key itself stays 600.
chmod 755 "$TMP"
PIDS=()

stop_pid() { # stop_pid PID: TERM, up to 5 s to exit, then KILL
    local pid=$1 i
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}
cleanup() {
    local rc=$? i
    # Cancel what is left of our jobs, then stop the daemons newest first.
    if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then
        timeout 5 scancel --quiet --user=root >/dev/null 2>&1
    fi
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
        stop_pid "${PIDS[i]}"
    done
    if [ $rc -ne 0 ] && [ $rc -ne $SKIP ]; then
        for f in "$TMP"/*.log "$TMP"/out/*.out; do
            [ -f "$f" ] || continue
            echo "---- $f (last 30 lines)"
            tail -n 30 "$f"
        done
    fi
    rm -rf "$TMP"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND until it succeeds
    local seconds=$1 what=$2
    shift 2
    local deadline=$((SECONDS + seconds))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || fail "$what: not within ${seconds} s"
        sleep 0.2
    done
}

# ports_in_use: the local TCP ports of every socket (any state, IPv4 and IPv6)
ports_in_use() {
    local _ local_address
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r _ local_address _; do
        [[ $local_address == *:* ]] && echo $((16#${local_address##*:}))
    done
}
# free_port FIRST: the first port from FIRST on (200 at most) that no socket
# on this machine uses; the same every run on the same machine, where a system
# Slurm (6817/6818) is left alone.
free_port() {
    local p used
    used=" $(ports_in_use | tr '\n' ' ') "
    for ((p = $1; p < $1 + 200; p++)); do
        if [[ $used != *" $p "* ]]; then
            echo "$p"
            return 0
        fi
    done
    return 1
}

# ---- munge, with its own key and socket
mkdir -m 755 "$TMP/munge"
mungekey -c -k "$TMP/munge/munge.key" || fail "mungekey"
chmod 600 "$TMP/munge/munge.key"
MUNGE_SOCKET=$TMP/munge/munge.socket
munged -F --force --key-file="$TMP/munge/munge.key" --socket="$MUNGE_SOCKET" \
    --pid-file="$TMP/munge/munged.pid" --log-file="$TMP/munged.log" \
    --seed-file="$TMP/munge/munged.seed" >>"$TMP/munged.log" 2>&1 &
PIDS+=($!)
munge_ok() { munge -n -S "$MUNGE_SOCKET" | unmunge -S "$MUNGE_SOCKET"; }
wait_for "$wait_seconds" "munged answering on $MUNGE_SOCKET" munge_ok

# ---- slurm.conf
CTLD_PORT=$(free_port 26817) || fail "no free port"
SLURMD_PORT=$(free_port $((CTLD_PORT + 1))) || fail "no free port"
CPUS=$(nproc)
mkdir -m 755 "$TMP/state" "$TMP/spool" "$TMP/out"
export SLURM_CONF=$TMP/slurm.conf
cat >"$SLURM_CONF" <<EOF
# Written by tests/slurm/run.sh: one node, everything in $TMP.
ClusterName=sstest
SlurmctldHost=localhost
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET
StateSaveLocation=$TMP/state
SlurmdSpoolDir=$TMP/spool
SlurmctldPidFile=$TMP/slurmctld.pid
SlurmdPidFile=$TMP/slurmd.pid
SlurmctldLogFile=$TMP/slurmctld.log
SlurmdLogFile=$TMP/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
# A job whose dependency failed is cancelled at once instead of pending forever.
DependencyParameters=kill_invalid_depend
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$CPUS State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF

# ---- the daemons, in the foreground of background jobs so their PIDs are ours
slurmctld -D -i -f "$SLURM_CONF" >>"$TMP/slurmctld.log" 2>&1 &
PIDS+=($!)
slurmd -D -N localhost -f "$SLURM_CONF" >>"$TMP/slurmd.log" 2>&1 &
PIDS+=($!)
node_idle() { [ "$(timeout 5 sinfo -h -N -n localhost -o %t)" = idle ]; }
wait_for "$wait_seconds" "node 'localhost' idle in sinfo" node_idle
say "cluster up: slurmctld on port $CTLD_PORT, $CPUS CPUs"

# ---- jobs
job_state() { # job_state JOBID: the JobState of every job (array task) with that id
    timeout 5 scontrol -o show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p'
}
jobs_done() { # jobs_done ID...: none of these jobs pending or running
    local id
    for id in "$@"; do
        job_state "$id" | grep -qE '^(PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|SUSPENDED)$' && return 1
    done
    return 0
}
expect_completed() { # expect_completed ID DESCRIPTION
    local states
    states=$(job_state "$1" | sort | uniq -c | tr -s ' \n' ' ')
    job_state "$1" | grep -qv '^COMPLETED$' && fail "$2 (job $1) did not complete:$states"
    [ -n "$states" ] || fail "$2 (job $1) unknown to scontrol"
    say "$2 (job $1):$states"
}
rows() { grep -v '^#' "$1"; }

SCENARIO=$SRC/scenarios/baseline_2014.cfg
# Wide enough that some points may not solve: a shard that is complete but
# has failed points must still count as done for the merge.
VARY="japan.alliance_pressure=0:3:16 japan.territorial_stake=0:2:11"
vary_args=()
for spec in $VARY; do vary_args+=(--vary "$spec"); done

"$SANCTIONSIM" sweep "$SCENARIO" "${vary_args[@]}" --quiet -o "$TMP/serial.tsv" 2>/dev/null
[ -f "$TMP/serial.tsv" ] || fail "the serial sweep failed"
npoints=$(rows "$TMP/serial.tsv" | tail -n +2 | wc -l)

cd "$TMP/out" || fail "cd"
export SANCTIONSIM SCENARIO VARY OUTDIR=$TMP/out/array
array_id=$(timeout 10 sbatch --parsable --array=0-2 \
    --output="$TMP/out/sweep-%A_%a.out" "$SRC/scripts/slurm/sweep-array.sbatch") ||
    fail "sbatch of the job array"
array_id=${array_id%%;*}
merge_id=$(timeout 10 sbatch --parsable --dependency="afterok:$array_id" \
    --output="$TMP/out/merge-%j.out" "$SRC/scripts/slurm/merge.sbatch") ||
    fail "sbatch of the merge job"
merge_id=${merge_id%%;*}
say "submitted array $array_id (3 tasks) and merge $merge_id (afterok:$array_id)"

mpi_ids=()
launchers=()
if [ $WITH_MPI -eq 1 ]; then
    # OpenMPI refuses root unless told; the jobs inherit these.
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    # Both ways the script starts ranks: mpirun, and srun --mpi=pmix where
    # Slurm has its PMIx plugin.
    launchers=(mpirun)
    if compgen -G "/usr/lib/*/slurm*/mpi_pmix.so" >/dev/null ||
        compgen -G "/usr/lib*/slurm*/mpi_pmix.so" >/dev/null; then
        launchers+=(srun)
    fi
    for launcher in "${launchers[@]}"; do
        id=$(MPI_LAUNCHER=$launcher OUTFILE=$TMP/out/mpi-$launcher.tsv timeout 10 sbatch \
            --parsable --ntasks=2 --output="$TMP/out/mpi-$launcher-%j.out" \
            "$SRC/scripts/slurm/sweep-mpi.sbatch") || fail "sbatch of the MPI job ($launcher)"
        mpi_ids+=("${id%%;*}")
        say "submitted MPI sweep ${id%%;*} (2 tasks, $launcher)"
    done
fi

ids=("$array_id" "$merge_id" "${mpi_ids[@]}")
wait_for $((2 * wait_seconds)) "jobs ${ids[*]} finished" jobs_done "${ids[@]}"
expect_completed "$array_id" "job array"
expect_completed "$merge_id" "merge job"

[ -f "$OUTDIR/sweep.tsv" ] || fail "no merged file $OUTDIR/sweep.tsv"
if ! diff <(rows "$TMP/serial.tsv") <(rows "$OUTDIR/sweep.tsv") >"$TMP/diff.txt"; then
    head -n 20 "$TMP/diff.txt"
    fail "merged rows differ from the serial run's"
fi
say "merged rows equal the serial run's ($npoints points from 3 shards)"

for k in "${!mpi_ids[@]}"; do
    launcher=${launchers[k]}
    expect_completed "${mpi_ids[k]}" "MPI sweep ($launcher)"
    if ! diff <(rows "$TMP/serial.tsv") <(rows "$TMP/out/mpi-$launcher.tsv") >"$TMP/diff.txt"; then
        head -n 20 "$TMP/diff.txt"
        fail "MPI job ($launcher) rows differ from the serial run's"
    fi
    grep -q "sweep-mpi.sbatch: 2 ranks" "$TMP"/out/mpi-"$launcher"-*.out ||
        fail "the MPI job ($launcher) did not get 2 ranks"
    say "MPI job rows ($launcher, 2 ranks) equal the serial run's"
done
say "ok"
