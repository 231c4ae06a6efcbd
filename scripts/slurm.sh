#!/usr/bin/env bash
# A real single-node Slurm on loopback, for uqkit's Slurm runner and its tests:
# Debian's slurm-wlm 22.05 and munge, no systemd, state in one directory.
#
#   scripts/slurm.sh up       install if missing (apt, as root), start munged, slurmctld and
#                             slurmd, wait until the node is idle; does nothing if already up
#   scripts/slurm.sh down     stop slurmd, slurmctld and munged (by their pid files)
#   scripts/slurm.sh status   exit 0 if the node answers, else 1
#   scripts/slurm.sh conf     print the path of slurm.conf (export SLURM_CONF=... for clients)
#
# UQKIT_SLURM_DIR (default /tmp/uqkit-slurm) holds slurm.conf, state, spool, logs, pid files
# and the job-completion log (jobcomp.txt: one line per finished job, as sacct is unavailable
# without accounting storage). The node offers 8 CPUs on however many cores the machine has,
# so that small arrays run several tasks at once.
set -euo pipefail

DIR=${UQKIT_SLURM_DIR:-/tmp/uqkit-slurm}
CONF=$DIR/slurm.conf
export SLURM_CONF=$CONF

log() { echo "slurm.sh: $*" >&2; }

install_packages() {
  if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v munged >/dev/null; then return; fi
  if [ "$(id -u)" -ne 0 ]; then log "slurm-wlm and munge are not installed and this is not root: apt-get install -y slurm-wlm munge"; exit 1; fi
  log "installing slurm-wlm and munge (apt)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return; fi
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --force >/dev/null 2>&1 || mungekey -c -f
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0600 /etc/munge/munge.key
  install -d -o munge -g munge -m 0755 /run/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && return; sleep 0.1; done
  log "munged did not start"; exit 1
}

write_conf() {
  mkdir -p "$DIR/state" "$DIR/spool"
  local mem
  mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)
  cat >"$CONF" <<EOF
# Written by uqkit's scripts/slurm.sh: single-node Slurm on loopback.
ClusterName=uqkit
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=batch_sched_delay=0
MinJobAge=3600
MailProg=/bin/true
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=localhost NodeAddr=127.0.0.1 CPUs=8 RealMemory=${mem:-1024} State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

node_state() { sinfo -h -o %T 2>/dev/null | head -1; }
running() { [ -s "$CONF" ] && case "$(node_state)" in idle | mixed | allocated) true ;; *) false ;; esac; }

up() {
  install_packages
  start_munge
  if running; then return; fi
  down_daemons
  write_conf
  slurmctld -c
  slurmd -N localhost
  for _ in $(seq 100); do
    if running; then log "up (SLURM_CONF=$CONF)"; return; fi
    sleep 0.1
  done
  log "the node did not become idle; see $DIR/slurmctld.log and $DIR/slurmd.log"
  exit 1
}

stop_pid() {
  local f=$1
  [ -s "$f" ] || return 0
  local pid
  pid=$(cat "$f")
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
}

down_daemons() {
  stop_pid "$DIR/slurmd.pid"
  stop_pid "$DIR/slurmctld.pid"
}

case "${1:-}" in
  up) up ;;
  down) down_daemons; stop_pid /run/munge/munged.pid ;;
  status) running ;;
  conf) echo "$CONF" ;;
  *) echo "usage: scripts/slurm.sh up|down|status|conf" >&2; exit 2 ;;
esac
