#!/usr/bin/env bash
# bench.sh: lesson 08's single-threaded server against lesson 03's thread-per-connection
# server, one at a time, on this machine, and a table of the results at the end.
#
# Usage:
#   scripts/bench.sh                 everything below (about eight minutes on 2 cores)
# Every server runs with logging off (`serve --quiet`).
#   BENCH_REQUESTS=300000 scripts/bench.sh   more requests per load run (default 100000)
#   BENCH_ROUNDS=5 scripts/bench.sh          more rounds (default 3)
#   BENCH_SERVERS="08 10" scripts/bench.sh   only these servers (of 08 11 10 09 03)
#   BENCH_PIN=0 scripts/bench.sh             server and client not pinned to a core each
#   BENCH_OTHER=/path/to/server scripts/bench.sh   one more server, of your own (a mio or
#       tokio one, say: this repository has no external crates, so it cannot build one). It
#       is started as `SERVER serve 127.0.0.1:0 --quiet`, must print `listening on ADDR` on
#       its first line, and must speak lesson 08's protocol; its rows are named for its file.
#
# Every figure but the system calls and the instructions is measured BENCH_ROUNDS times, in
# rounds that alternate the servers (08, 11, 10, 09, 03, 08, 11, ...), so that a busy moment of
# the machine falls on all of them alike; the table shows each figure's median, and the
# per-round values are printed as they come. The machine is shared: compare the servers in
# one run, by ratios, rather than one figure against another run's.
#
# What it measures, for each server in turn (the other one is not running):
#   - requests/s and p99 latency of lesson 08's load client (`delay-server load`), closed loop,
#     keep-alive, on the no-delay path /0/x at 50 and 500 connections, and on the timer path
#     /1/x at 50 and 500 connections;
#   - the round trip: /0/x on one connection, 20,000 requests, so that each request waits for
#     the last: the answers per second are one over the mean round trip (request, server
#     wake-up, answer, client wake-up), the floor under every /1/x answer's 1 ms. On a
#     virtual machine whose idle CPUs halt at once, each wake-up from the other core costs
#     tens of microseconds (chapter 08, "The timer path, to its limit");
#   - the same with wrk, if installed (`apt-get install wrk`): wrk -t1 -c50 -d5s on /0/x;
#   - the burst: 10,000 connections at once, each asking /1000/x: the load client's wall time,
#     and the server's peak resident memory (VmHWM in /proc/PID/status);
#   - the burst's memory per connection: the peak minus the server's VmHWM before the burst,
#     over 10,000;
#   - the server's CPU time per /0/x request over a fixed number of requests (utime and stime
#     from /proc/PID/stat, before and after), in total and in user space;
#   - system calls per request: `strace -c -f -p PID` attached to the server while the load
#     client sends a fixed number of requests (strace slows everything down; only the counts
#     are used), if strace is installed;
#   - user-space instructions per request: the server under valgrind's callgrind, counting
#     turned on after a warm-up (`callgrind_control -i on`), over 20,000 requests, if valgrind
#     is installed. io_uring cannot run under valgrind: lesson 10's row says so.
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

requests=${BENCH_REQUESTS:-100000}
rounds=${BENCH_ROUNDS:-3}
strace_requests=20000
round_trip_requests=20000
callgrind_requests=20000
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

# The server on one core, the client on the other. Left to the scheduler, the two sometimes
# share a core and sometimes not, and the timer path's figure jumps between two values: 29,000
# and 42,000 answers/s for /1/x at 50 connections, the same binary, run after run (measured
# with taskset here, 2 December 2026). Pinned, they never share a core; what spread is left
# comes from the rest of the machine. BENCH_PIN=0 leaves them to the scheduler; without
# taskset or with one core, nothing is pinned.
on_server_cpu=() on_client_cpu=()
if [[ ${BENCH_PIN:-1} == 1 ]] && command -v taskset >/dev/null && (($(nproc) >= 2)); then
    on_server_cpu=(taskset -c 0) on_client_cpu=(taskset -c 1)
fi

load_average() { cut -d' ' -f1-3 /proc/loadavg; }
start_load=$(load_average)
echo "==== $(nproc) cores; load average at start: $start_load (run on a quiet machine)"
if ((${#on_server_cpu[@]} > 0)); then
    echo "==== pinned: every server to CPU 0, the load client and wrk to CPU 1 (BENCH_PIN=0: not)"
else
    echo "==== not pinned (BENCH_PIN=0, no taskset, or one core): the scheduler places them"
fi

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
        08) "${on_server_cpu[@]}" "$ours" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        03) "${on_server_cpu[@]}" "$theirs" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        10) "${on_server_cpu[@]}" "$uring" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        09) "${on_server_cpu[@]}" "$no_libc" 0 </dev/null >"$server_out" 2>/dev/null & ;;
        11) "${on_server_cpu[@]}" "$async_server" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
        other) "${on_server_cpu[@]}" "$other" serve 127.0.0.1:0 --quiet >"$server_out" 2>/dev/null & ;;
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

# Each figure's values, one per round, kept by "SERVER|WORKLOAD" in the order first seen; the
# table at the end shows their medians.
declare -A values_a values_b
keys=()
# row SERVER WORKLOAD VALUE [VALUE2]: one round's value of a figure (a number, then a unit).
row() {
    local key="$1|$2"
    [[ -v "values_a[$key]" ]] || keys+=("$key")
    values_a[$key]+="${3:--};"
    values_b[$key]+="${4:--};"
}
# median "V1;V2;V3;": the median of values such as "31547", "2.01 ms", "6.4 MiB" (the unit of
# the first one kept), or the value itself if they are not numbers.
median() {
    tr ';' '\n' <<<"$1" | awk 'NF {
        if ($1 ~ /^[0-9.]+$/) { n++; v[n] = $1; unit = $2 } else { other = $0 }
    } END {
        if (n == 0) { print other; exit }
        for (i = 2; i <= n; i++) # insertion sort: mawk has no asort
            for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
        m = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        printf "%s%s\n", m, unit ? " " unit : ""
    }'
}

# load CONNECTIONS REQUESTS PATH: runs our load client; prints its report.
load() {
    "${on_client_cpu[@]}" "$ours" load "$server_addr" --connections "$1" --requests "$2" --path "$3" 2>/dev/null
}

# measure_load NAME CONNECTIONS PATH [REQUESTS]
measure_load() {
    local report rps p99
    report=$(load "$2" "${4:-$requests}" "$3") || report="failed"
    rps=$(sed -n 's/^requests\/s: //p' <<<"$report")
    p99=$(sed -n 's/.*p99 \([0-9.]* ms\).*/\1/p' <<<"$report")
    local connections="$2 connections"
    [[ $2 == 1 ]] && connections="1 connection"
    echo "$1, $3, $connections: ${rps:-failed} req/s, p99 ${p99:-?}"
    row "$1" "load: $3, $connections" "${rps:-failed}" "${p99:-?}"
}

# measure_wrk NAME
measure_wrk() {
    if ! command -v wrk >/dev/null; then
        row "$1" "wrk: /0/x, 50 connections" "no wrk" "-"
        return
    fi
    local report rps p99
    report=$("${on_client_cpu[@]}" wrk -t1 -c50 -d5s --latency "http://$server_addr/0/x" 2>&1) || true
    rps=$(sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p' <<<"$report")
    # wrk prints 574.00us, 2.96ms or 1.02s: in ms, like our client.
    p99=$(sed -n 's/^ *99% *\([0-9.]*\)\([a-z]*\).*/\1 \2/p' <<<"$report" |
        awk '{ f = ($2 == "us") ? 0.001 : ($2 == "s") ? 1000 : 1; printf "%.2f ms", $1 * f }')
    echo "$1, wrk -t1 -c50 /0/x: ${rps:-failed} req/s, p99 ${p99:-?}"
    row "$1" "wrk: /0/x, 50 connections" "${rps:-failed}" "${p99:-?}"
}

# measure_burst NAME: 10,000 connections at once, one /1000/x each.
measure_burst() {
    local report seconds idle peak per
    idle=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status") # KiB, before the burst
    report=$(load "$burst" "$burst" /1000/x) || report="failed"
    seconds=$(sed -n 's/.* in \([0-9.]*\) s$/\1/p' <<<"$report" | head -1)
    peak=$(awk '/^VmHWM/ { print $2 }' "/proc/$server_pid/status")
    # What the burst added to the peak, per connection (all 10,000 are open at once).
    per=$(awk -v p="$peak" -v i="$idle" -v n="$burst" 'BEGIN { printf "%d B", (p - i) * 1024 / n }')
    peak=$(awk -v p="$peak" 'BEGIN { printf "%.1f MiB", p / 1024 }')
    echo "$1, burst of $burst x /1000/x: ${seconds:-failed} s, peak RSS $peak, $per per connection"
    row "$1" "burst: $burst connections, /1000/x" "${seconds:-failed} s" "$peak"
    row "$1" "burst: bytes per connection (peak)" "$per" "-"
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
    before=$(awk '{ print $14, $15 }' "/proc/$server_pid/stat")
    load 50 "$requests" /0/x >/dev/null || true
    after=$(awk '{ print $14, $15 }' "/proc/$server_pid/stat")
    # utime and stime, in clock ticks (1/CLK_TCK s): over 100,000 requests a tick is 0.1 us.
    per=$(awk -v b="$before" -v a="$after" -v hz="$tick" -v r="$requests" 'BEGIN {
        split(b, x, " "); split(a, y, " ")
        printf "%.2f us %.2f %.2f", (y[1] + y[2] - x[1] - x[2]) / hz * 1e6 / r,
            (y[1] - x[1]) / hz * 1e6 / r, (y[2] - x[2]) / hz * 1e6 / r }')
    read -r total unit user kernel <<<"$per"
    echo "$1, server CPU per /0/x request: $total $unit ($user in user space, $kernel in the kernel)"
    row "$1" "CPU per request (/0/x, 50 conn.)" "$total $unit" "$user user"
}

# measure_instructions SERVER NAME: user-space instructions per /0/x request, counted by
# valgrind's callgrind on the server: started under it with counting off, counting turned on
# after a warm-up of 2,000 requests, then 20,000 keep-alive requests over 50 connections.
# Deterministic to within a few instructions, so one round is enough. io_uring cannot run
# under valgrind (it does not know io_uring_setup's rings: the calls fail), so lesson 10 says so.
measure_instructions() {
    if ! command -v valgrind >/dev/null || ! command -v callgrind_control >/dev/null; then
        row "$2" "instructions per request (callgrind)" "no valgrind" "-"
        return
    fi
    if [[ $1 == 10 ]]; then
        row "$2" "instructions per request (callgrind)" "n/a: io_uring" "-"
        return
    fi
    local dir out bin args total per
    dir=$(mktemp -d)
    out=$dir/out
    case $1 in
        08) bin=$ours args=(serve 127.0.0.1:0 --quiet) ;;
        03) bin=$theirs args=(serve 127.0.0.1:0 --quiet) ;;
        09) bin=$no_libc args=(0) ;;
        11) bin=$async_server args=(serve 127.0.0.1:0 --quiet) ;;
        other) bin=$other args=(serve 127.0.0.1:0 --quiet) ;;
    esac
    "${on_server_cpu[@]}" valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dir/cg.%p" \
        "$bin" "${args[@]}" </dev/null >"$out" 2>"$dir/valgrind" &
    server_pid=$!
    for _ in $(seq 400); do
        server_addr=$(sed -n 's/^listening on //p' "$out")
        [[ -n $server_addr ]] && break
        sleep 0.05
    done
    if [[ -z $server_addr ]]; then
        row "$2" "instructions per request (callgrind)" "failed" "-"
        stop_server
        rm -rf "$dir"
        return
    fi
    load 50 2000 /0/x >/dev/null || true
    callgrind_control -i on "$server_pid" >/dev/null
    load 50 "$callgrind_requests" /0/x >/dev/null || true
    callgrind_control -i off "$server_pid" >/dev/null
    stop_server # callgrind writes its counts when the server exits
    total=$(awk '/^totals:/ { print $2; exit }' "$dir"/cg.* 2>/dev/null)
    per=$(awk -v t="${total:-0}" -v r="$callgrind_requests" 'BEGIN { printf "%d", t / r }')
    echo "$2, user-space instructions per /0/x request: $per"
    row "$2" "instructions per request (callgrind)" "${total:+$per}" "-"
    rm -rf "$dir"
}

# --- the runs ---------------------------------------------------------------------------------

name_of() {
    case $1 in
        08) echo "08 delay-server (1 thread)" ;;
        10) echo "10 io-uring (1 thread)" ;;
        09) echo "09 no-libc (1 thread)" ;;
        11) echo "11 async-runtime (1 thread)" ;;
        03) echo "03 thread per connection" ;;
        other) echo "other: $(basename "$other")" ;;
    esac
}

# --- the reader's choice of servers, and a server of their own --------------------------------

if [[ -n ${BENCH_SERVERS:-} ]]; then
    chosen=
    for server in $servers; do
        [[ " $BENCH_SERVERS " == *" $server "* ]] && chosen+="$server "
    done
    [[ -n $chosen ]] || { echo "bench.sh: BENCH_SERVERS=$BENCH_SERVERS names none of: $servers" >&2; exit 2; }
    servers=$chosen
fi
other=${BENCH_OTHER:-}
if [[ -n $other ]]; then
    [[ -x $other ]] || { echo "bench.sh: BENCH_OTHER=$other is not an executable file" >&2; exit 2; }
    servers+=" other"
fi

for round in $(seq "$rounds"); do
    for server in $servers; do
        name=$(name_of "$server")
        echo "==== round $round of $rounds: $name (load average $(load_average))"
        for workload in "50 /0/x" "500 /0/x" "50 /1/x" "500 /1/x" "1 /0/x $round_trip_requests"; do
            start_server "$server"
            measure_load "$name" $workload
            stop_server
        done
        start_server "$server"
        measure_wrk "$name"
        stop_server
        start_server "$server"
        measure_cpu "$name"
        stop_server
        start_server "$server"
        measure_burst "$name"
        stop_server
    done
done
# Counts, not times: once each.
for server in $servers; do
    name=$(name_of "$server")
    echo "==== counts: $name"
    start_server "$server"
    measure_syscalls "$name"
    stop_server
    measure_instructions "$server" "$name"
done

echo
echo "==== results: medians of $rounds alternating rounds ($requests requests per load run;"
echo "     $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, Linux $(uname -r);"
echo "     load average at the start: $start_load, at the end: $(load_average),"
echo "     which counts the 10,000 threads of lesson 03's bursts)"
printf '%-28s %-38s %14s %12s\n' "server" "workload" "req/s, s, us" "p99, RSS"
for key in "${keys[@]}"; do
    printf '%-28s %-38s %14s %12s\n' "${key%%|*}" "${key#*|}" \
        "$(median "${values_a[$key]}")" "$(median "${values_b[$key]}")"
done
