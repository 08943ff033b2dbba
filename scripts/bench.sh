#!/usr/bin/env bash
# bench.sh: lesson 08's single-threaded server against lesson 03's thread-per-connection
# server, one at a time, on this machine, and a table of the results at the end.
#
# Usage:
#   scripts/bench.sh                 everything below (about two minutes)
# Both servers run with logging off (`serve --quiet`).
#   BENCH_REQUESTS=500000 scripts/bench.sh   more requests per run (default 300000)
#
# What it measures, for each server in turn (the other one is not running):
#   - requests/s and p99 latency of lesson 08's load client (`delay-server load`), closed loop,
#     keep-alive, on the no-delay path /0/x at 50 and 500 connections, and on the timer path
#     /1/x at 50 and 500 connections;
#   - the same with wrk, if installed (`apt-get install wrk`): wrk -t1 -c50 -d5s on /0/x;
#   - the burst: 10,000 connections at once, each asking /1000/x: the load client's wall time,
#     and the server's peak resident memory (VmHWM in /proc/PID/status);
#   - system calls per request: `strace -c -f -p PID` attached to the server while the load
#     client sends a fixed number of requests (strace slows everything down; only the counts
#     are used), if strace is installed.
#
# Run it on a quiet machine: the load client and the server share the cores with everything
# else. The load average is printed at the start and the end. Linux only (/proc, strace).
#
# Lesson 10 adds its io_uring server (`io-uring serve --quiet`) to every measurement, between
# the other two, where io_uring runs (`io-uring check` says why not elsewhere); see the section
# marked "lesson 10" below.
#
# Lesson 09 adds its no-libc server (`no-libc-server 0`, its own workspace, built into
# target/no-libc-server as its tests and demo build it) to every measurement; see the section
# marked "lesson 09" below.
#
# Lesson 11 adds its async server (`async-runtime serve --quiet`: lesson 08's protocol core,
# one async fn per connection) right after lesson 08's, and the server's CPU time per request
# (utime + stime from /proc/PID/stat over a /0/x run) for every server; see the section marked
# "lesson 11" below.
set -euo pipefail

root=$(dirname "$(dirname "$(realpath "${BASH_SOURCE[0]}")")")
cd "$root"

requests=${BENCH_REQUESTS:-300000}
strace_requests=20000
burst=10000

if [[ $(uname -s) != Linux ]]; then
    echo "bench.sh: needs Linux (/proc for memory, strace for system calls)" >&2
    exit 2
fi

echo "==== building in release"
cargo build --release --quiet -p delay-server -p nonblocking -p io-uring
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
ours=$target/release/delay-server
theirs=$target/release/nonblocking

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
start_load=$(load_average)
echo "==== $(nproc) cores; load average at start: $start_load (run on a quiet machine)"

# --- servers ----------------------------------------------------------------------------------

server_pid=
server_addr=
server_out=$(mktemp)
trap 'stop_server; rm -f "$server_out"' EXIT

# start_server NAME: starts one of the two servers on a free port and waits for its
# `listening on ADDR` line (both print one).
start_server() {
    # Emptied here, not by the server's redirection: that runs in the background, and until it
    # has, the loop below could read the previous server's address.
    : >"$server_out"
    case $1 in
        08) "$ours" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        03) "$theirs" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        10) "$uring" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        09) "$no_libc" 0 </dev/null >"$server_out" 2>/dev/null & ;;
        11) "$async_server" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
    esac
    server_pid=$!
    for _ in $(seq 100); do
        server_addr=$(sed -n 's/^listening on //p' "$server_out")
        [[ -n $server_addr ]] && return
        sleep 0.05
    done
    echo "bench.sh: server $1 did not start" >&2
    exit 1
}

stop_server() {
    if [[ -n $server_pid ]]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}

# --- measurements -----------------------------------------------------------------------------

rows=()
# row SERVER WORKLOAD VALUE...: one line of the final table.
row() { rows+=("$(printf '%-26s %-34s %12s %12s' "$@")"); }

# load CONNECTIONS REQUESTS PATH: runs our load client; prints its report.
load() {
    "$ours" load "$server_addr" --connections "$1" --requests "$2" --path "$3" 2>/dev/null
}

# measure_load NAME CONNECTIONS PATH
measure_load() {
    local report rps p99
    report=$(load "$2" "$requests" "$3") || report="failed"
    rps=$(sed -n 's/^requests\/s: //p' <<<"$report")
    p99=$(sed -n 's/.*p99 \([0-9.]* ms\).*/\1/p' <<<"$report")
    echo "$1, $3, $2 connections: ${rps:-failed} req/s, p99 ${p99:-?}"
    row "$1" "load: $3, $2 connections" "${rps:-failed}" "${p99:-?}"
}

# measure_wrk NAME
measure_wrk() {
    if ! command -v wrk >/dev/null; then
        row "$1" "wrk: /0/x, 50 connections" "no wrk" "-"
        return
    fi
    local report rps p99
    report=$(wrk -t1 -c50 -d5s --latency "http://$server_addr/0/x" 2>&1) || true
    rps=$(sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p' <<<"$report")
    p99=$(sed -n 's/^ *99% *\([0-9.]*[a-z]*\).*/\1/p' <<<"$report")
    echo "$1, wrk -t1 -c50 /0/x: ${rps:-failed} req/s, p99 ${p99:-?}"
    row "$1" "wrk: /0/x, 50 connections" "${rps:-failed}" "${p99:-?}"
}

# measure_burst NAME: 10,000 connections at once, one /1000/x each.
measure_burst() {
    local report seconds peak
    report=$(load "$burst" "$burst" /1000/x) || report="failed"
    seconds=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$report" | head -1)
    peak=$(awk '/^VmHWM/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server_pid/status")
    echo "$1, burst of $burst x /1000/x: ${seconds:-failed} s, peak RSS $peak"
    row "$1" "burst: $burst connections, /1000/x" "${seconds:-failed} s" "$peak"
}

# measure_syscalls NAME: system calls per request, counted by strace on the server.
measure_syscalls() {
    if ! command -v strace >/dev/null; then
        row "$1" "syscalls per request (strace)" "no strace" "-"
        return
    fi
    local counts tracer calls
    counts=$(mktemp)
    strace -c -f -p "$server_pid" -o "$counts" 2>/dev/null &
    tracer=$!
    sleep 0.5 # attached
    load 50 "$strace_requests" /0/x >/dev/null || true
    kill -INT "$tracer"
    wait "$tracer" 2>/dev/null || true
    # The summary's last line: "100.00 SECONDS USECS CALLS [ERRORS] total".
    calls=$(awk '$NF == "total" { print $4 }' "$counts")
    rm -f "$counts"
    local per=$(awk -v c="${calls:-0}" -v r="$strace_requests" 'BEGIN { printf "%.2f", c / r }')
    echo "$1, system calls per /0/x request: $per ($calls for $strace_requests)"
    row "$1" "syscalls per request (/0/x, 50 conn.)" "$per" "-"
}

# --- lesson 10: the io_uring server, beside lesson 08's, where io_uring runs -----------------

uring=$target/release/io-uring
servers="08 10 03"
if ! "$uring" check >/dev/null; then # it has said why on stderr
    echo "==== no io_uring here: lesson 10's server is left out"
    servers="08 03"
fi

# --- lesson 09: the no-libc server (it logs nothing; stdin /dev/null: only a signal stops it) ---

no_libc=$target/no-libc-server/release/no-libc-server
CARGO_TARGET_DIR=$target/no-libc-server cargo build --release --quiet \
    --manifest-path crates/09-no-libc/server/Cargo.toml --bin no-libc-server
servers=${servers/03/09 03}

# --- lesson 11: the async server, right after lesson 08's; CPU per request for every server ---

async_server=$target/release/async-runtime
cargo build --release --quiet -p async-runtime
servers=${servers/08/08 11}

# measure_cpu NAME: the server's CPU time (user + system, from /proc/PID/stat) per /0/x request
# at 50 connections, in microseconds: what one request costs the server, whatever the client.
measure_cpu() {
    local tick before after per
    tick=$(getconf CLK_TCK)
    before=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
    load 50 "$requests" /0/x >/dev/null || true
    after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
    per=$(awk -v t=$((after - before)) -v hz="$tick" -v r="$requests" \
        'BEGIN { printf "%.2f us", t / hz * 1e6 / r }')
    echo "$1, server CPU per /0/x request: $per"
    row "$1" "CPU per request (/0/x, 50 conn.)" "$per" "-"
}

# --- the runs ---------------------------------------------------------------------------------

for server in $servers; do
    case $server in
        08) name="08 delay-server (1 thread)" ;;
        10) name="10 io-uring (1 thread)" ;;
        09) name="09 no-libc (1 thread)" ;;
        11) name="11 async-runtime (1 thread)" ;;
        03) name="03 thread per connection" ;;
    esac
    echo "==== $name"
    for workload in "50 /0/x" "500 /0/x" "50 /1/x" "500 /1/x"; do
        start_server "$server"
        measure_load "$name" $workload
        stop_server
    done
    start_server "$server"
    measure_wrk "$name"
    stop_server
    start_server "$server"
    measure_burst "$name"
    stop_server
    start_server "$server"
    measure_syscalls "$name"
    stop_server
    start_server "$server"
    measure_cpu "$name"
    stop_server
done

echo
echo "==== results ($requests requests per load run; load average at the start: $start_load,"
echo "     at the end: $(load_average), which counts the 10,000 threads of lesson 03's burst)"
printf '%-26s %-34s %12s %12s\n' "server" "workload" "req/s or s" "p99 or RSS"
printf '%s\n' "${rows[@]}"
