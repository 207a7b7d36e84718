#!/usr/bin/env bash
# Weir's bridge against the kernel's, on one machine, in one run.
#
#   hA ── mA [ weir.jar --bridge mA,mB  |  Linux bridge + nftables ] mB ── hB
#
# Three network namespaces made here and deleted on exit: the hosts hA (10.79.0.1) and hB (10.79.0.2), and
# between them the bridge's, with mA and mB, the two interfaces it joins (veth pairs to hA and hB). Each round measures both bridges in turn
# (the order alternates between rounds, so a drift of the machine's load hits both alike):
#   - TCP throughput: iperf3, hA -> hB, Mbit/s received;
#   - 64-byte UDP frames (18-byte payload), iperf3 -b 0: packets/s received and the share lost;
#   - ping RTT under that TCP load: p50, p99 and the largest, from 100 pings a second, and the share lost;
#   - enforcement: TCP port 5202 is blocked (Weir: a BLOCK filter at ALE_AUTH_CONNECT_V4; kernel: nftables'
#     bridge family dropping tcp dport 5202) and must stay blocked under load: every try to connect during
#     the TCP run fails and the 5202 server never accepts a connection;
#   - idle CPU of weir.jar: its process's CPU time over a quiet period, in % of one core;
#   - weir.jar's CPU per frame that arrived, and frames Weir never judged (arrived minus read, and its own
#     count of missed frames: the two agree when the counting is right).
#   - with --hops, where a ping waits under that TCP load, for each bridge: tcpdump (ICMP only) at the four taps
#     hA, mA, mB, hB, the same echo request and reply matched by id and seq, and per hop p50/p99/max in µs of
#     the kernel's time stamps (one clock): hA->mA, mA->mB (through the bridge), mB->hB, hB's turnaround, and
#     back; also the per-CPU backlog ahead of the taps (/proc/net/softnet_stat: its largest and mean length,
#     frames it dropped, softirq runs cut short), Weir's packet thread's time runnable but waiting for a CPU
#     (/proc/PID/task/TID/schedstat) and the same for its send threads, the iperf3 flow's rtt and cwnd at half
#     time (ss -ti), the qdiscs' drops; and per echo ping's own RTT minus hA's tap-to-tap time
#     ("ping-minus-taps": the ping process's wait for a CPU on hA, outside the wire and both bridges), and the
#     8 slowest pings as ping saw them, each broken down hop by hop (where the tail's time went).
#     An arriving frame is stamped when it enters the receive path (before the backlog, as ping asks for time
#     stamps), a leaving one when it is handed to the device; so mA->mB is all the time a frame spends in
#     Weir: the capture buffer, Weir's queues, its judging and its send. Printed per run, not in the table.
# Weir gets 2 s of TCP and 1 s of UDP before it is measured (the JIT's warm-up).
# Medians over the rounds are printed as one table, with Weir : kernel and the targets of issue 16.
#
# Why a script and not JMH: what is measured is a topology of namespaces, veth pairs, a separate Weir
# process and traffic generators, across process boundaries and the kernel; JMH measures methods inside
# one JVM and cannot set up, drive or observe that.
#
# Usage (root; iperf3, nft, ethtool, ping, ip and a built launcher/target/weir.jar):
#   benchmarks/bridge/bridge-benchmark.sh [--rounds N] [--seconds S] [--idle S] [--jar PATH] [--java PATH]
#                                         [--weir-etc DIR] [--one-thread] [--ordinary] [--fifo] [--hops]
#                                         [--also 'KEY=VALUE ...']
# --weir-etc DIR is weir.jar's --etc (e.g. a weir.shim.cfg); --one-thread measures Weir again with
# sendThreads=false (the packet thread sends every frame itself, as before 2026-12-07 18:00), --ordinary with realtimePriority=0 (its packet thread an
# ordinary thread instead of SCHED_FIFO), --fifo with flowQueueFrames=0 (frames judged in arrival order
# straight from the capture buffer, as before the flow queue), each in its own column; --also 'KEY=VALUE ...'
# a column for Weir with those weir.shim.cfg settings added (a candidate setting, measured side by side with
# the defaults); --hops adds the per-hop breakdown above (it runs four tcpdumps during the TCP run).
# Defaults: 3 rounds, 10 s per traffic run, 10 s idle. Exits 0 with one line when something it needs is
# missing (root, iperf3, nft, ethtool), 1 when a measurement fails.
set -uo pipefail

rounds=3 seconds=10 idle=10
here=$(cd "$(dirname "$0")" && pwd)
jar="$here/../../launcher/target/weir.jar"
java=java
weir_etc= one_thread= ordinary= hops= fifo= also=
while (($#)); do
    case "$1" in
        --rounds) rounds=$2; shift 2 ;;
        --seconds) seconds=$2; shift 2 ;;
        --idle) idle=$2; shift 2 ;;
        --jar) jar=$2; shift 2 ;;
        --java) java=$2; shift 2 ;;
        --weir-etc) weir_etc=$(cd "$2" && pwd); shift 2 ;;
        --one-thread) one_thread=1; shift ;;
        --ordinary) ordinary=1; shift ;;
        --hops) hops=1; shift ;;
        --fifo) fifo=1; shift ;;
        --also) also=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "bridge-benchmark: unknown option $1 (--help)" >&2; exit 2 ;;
    esac
done

skip() { echo "bridge-benchmark: skipped: $*"; exit 0; }
[[ $(id -u) -eq 0 ]] || skip "needs root (network namespaces, live capture)"
for tool in iperf3 nft ethtool ip ping; do
    command -v "$tool" >/dev/null || skip "needs $tool (apt-get install iperf3 nftables ethtool iproute2 iputils-ping)"
done
command -v "$java" >/dev/null || skip "needs java"
[[ -f $jar ]] || skip "no $jar: build it first (mvn -B -q package -DskipTests)"
jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")

id=$(printf '%04x' $((RANDOM * 2 % 65536)))
HA=wbhA$id HB=wbhB$id M=wbM$id
A_IP=10.79.0.1 B_IP=10.79.0.2
work=$(mktemp -d /tmp/weir-bridge-bench.XXXXXX)
weir_pid= servers=() hop_pids=()

cleanup() {
    [[ -n $weir_pid ]] && kill "$weir_pid" 2>/dev/null && wait "$weir_pid" 2>/dev/null
    for p in "${servers[@]}" "${hop_pids[@]}"; do kill "$p" 2>/dev/null; done
    # whatever else this script started in its namespaces (a run cut short): a process would keep a deleted
    # namespace alive
    for ns in "$HA" "$HB" "$M"; do
        for p in $(ip netns pids "$ns" 2>/dev/null); do kill "$p" 2>/dev/null; done
    done
    wait 2>/dev/null
    ip netns del "$HA" 2>/dev/null; ip netns del "$HB" 2>/dev/null; ip netns del "$M" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "bridge-benchmark: $*" >&2; exit 1; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# --- the topology -------------------------------------------------------------------------------------
ip netns add "$HA" && ip netns add "$HB" && ip netns add "$M" || fail "cannot make network namespaces"
for side in A B; do
    host=$HA addr=$A_IP
    [[ $side == B ]] && host=$HB addr=$B_IP
    ip link add "m$side" netns "$M" type veth peer name "h$side" netns "$host" || fail "cannot make veth pairs"
    nsx "$host" ip addr add "$addr/24" dev "h$side"
    nsx "$host" ip link set "h$side" up
    nsx "$host" ip link set lo up
    # veth leaves TCP/UDP checksums to "hardware" that never fills them in; a bridge that captures and resends
    # frames (Weir) would deliver them broken. Real NICs bring complete checksums: so do the hosts here, for
    # both bridges alike (this also turns TCP segmentation offload off, so frames are at most the MTU)
    nsx "$host" ethtool -K "h$side" tx off >/dev/null 2>&1 || fail "ethtool -K h$side tx off failed"
    nsx "$M" sysctl -q -w "net.ipv6.conf.m$side.disable_ipv6=1"
    nsx "$M" ip link set "m$side" up
done
nsx "$M" ip link set lo up

kernel_on() {
    nsx "$M" ip link add br0 type bridge && nsx "$M" ip link set mA master br0 && nsx "$M" ip link set mB master br0 \
        && nsx "$M" ip link set br0 up || fail "cannot make the kernel bridge"
    nsx "$M" nft -f - <<'EOF' || fail "nft cannot load the bridge table"
table bridge weirbench {
    chain forward {
        type filter hook forward priority 0; policy accept;
        tcp dport 5202 drop
    }
}
EOF
}
kernel_off() {
    nsx "$M" nft delete table bridge weirbench 2>/dev/null
    nsx "$M" ip link del br0 2>/dev/null
}

cat >"$work/policy.json" <<'EOF'
{
  "version": 1,
  "filters": [
    { "name": "bench: no tcp 5202", "layer": "ALE_AUTH_CONNECT_V4",
      "when": "protocol == tcp and remote.port == 5202", "action": "BLOCK" }
  ]
}
EOF
weir_on() { # $1 = weir | weir-one-thread | weir-ordinary | weir-fifo | weir-also
    mkdir -p "$work/weir" "$work/etc-$1"
    [[ -n $weir_etc ]] && cp -r "$weir_etc/." "$work/etc-$1/"
    [[ $1 == weir-one-thread ]] && echo "sendThreads=false" >>"$work/etc-$1/weir.shim.cfg"
    [[ $1 == weir-ordinary ]] && echo "realtimePriority=0" >>"$work/etc-$1/weir.shim.cfg"
    [[ $1 == weir-fifo ]] && echo "flowQueueFrames=0" >>"$work/etc-$1/weir.shim.cfg"
    [[ $1 == weir-also ]] && tr ' ' '\n' <<<"$also" >>"$work/etc-$1/weir.shim.cfg"
    local etc=(--etc "$work/etc-$1")
    (cd "$work/weir" && exec ip netns exec "$M" "$java" -jar "$jar" "${etc[@]}" --bridge mA,mB --policy "$work/policy.json" \
        --batch --summary json >"$work/weir/out" 2>"$work/weir/err" </dev/null) &
    weir_pid=$!
    local deadline=$((SECONDS + 60))
    until nsx "$HA" ping -c 1 -W 1 "$B_IP" >/dev/null 2>&1; do
        kill -0 "$weir_pid" 2>/dev/null || fail "weir.jar ended: $(tail -n 3 "$work/weir/err")"
        ((SECONDS < deadline)) || fail "ping did not cross Weir's bridge within 60 s"
    done
}
weir_off() {
    kill -TERM "$weir_pid" 2>/dev/null
    wait "$weir_pid" 2>/dev/null
    weir_pid=
    summary=$(cat "$work/weir/out")
    grep -v '^weir: policy' "$work/weir/err" | sed 's/^/    weir.jar: /' >&2
}

# the iperf3 servers, for every run: 5201 carries the load, 5202 is the blocked port
# (ip netns exec itself, not the nsx function, in the background: then $! is iperf3's own process id)
ip netns exec "$HB" iperf3 -s -p 5201 >/dev/null 2>&1 &
servers+=($!)
ip netns exec "$HB" iperf3 -s -p 5202 >>"$work/5202.log" 2>&1 &
servers+=($!)
sleep 0.5

# --- --hops: where a ping waits, hop by hop ------------------------------------------------------------------
# tcpdump (ICMP only, kernel timestamps in ns, one clock) at the four taps: hA and hB (the hosts' ends), mA and
# mB (the bridge's); the same echo request and reply are matched by id and seq. The kernel stamps an arriving
# frame when it enters the receive path (netif_rx, before the per-CPU backlog, as a socket asks for time
# stamps: ping does), and a leaving one when it is handed to the device. Meanwhile /proc/net/softnet_stat is
# sampled every 10 ms (the per-CPU backlog's length, frames dropped because it was full, softirq runs cut short)
# and the iperf3 flow's cwnd/rtt read once (ss -ti) at half time.
hops_start() {
    local tap
    rm -f "$work"/hop-*.txt "$work/softnet.stop"
    for tap in "$HA:hA" "$M:mA" "$M:mB" "$HB:hB"; do
        ip netns exec "${tap%%:*}" tcpdump -i "${tap#*:}" -n -l -tt --time-stamp-precision=nano -B 4096 icmp \
            >"$work/hop-${tap#*:}.txt" 2>/dev/null &
        hop_pids+=($!)
    done
    softnet_sample >"$work/softnet.txt" &
    hop_pids+=($!)
    (sleep $((seconds / 2)); ip netns exec "$HA" ss -tin dst "$B_IP" dport = 5201 >"$work/ss.txt" 2>&1) &
    hop_pids+=($!)
    sleep 0.5 # tcpdump opens its handles
    packet_task=
    send_tasks=() send_sched0=()
    if [[ -n $weir_pid ]]; then
        packet_task=$(packet_thread "$weir_pid"); sched0=$(task_sched "$packet_task")
        local t
        for t in /proc/"$weir_pid"/task/*; do # the send threads, one per interface (sendThreads=true)
            [[ $(cat "$t/comm" 2>/dev/null) == weir-shim-send* ]] || continue
            send_tasks+=("$t"); send_sched0+=("$(task_sched "$t")")
        done
    fi
}
packet_thread() { # the task of weir.jar's packet thread: of its "weir-shim-bridge-*" threads the busiest
    local t best= most=-1 c
    for t in /proc/"$1"/task/*; do
        [[ $(cat "$t/comm" 2>/dev/null) == weir-shim-bridg* ]] || continue
        c=$(awk '{ print $14 + $15 }' "$t/stat")
        ((c > most)) && most=$c best=$t
    done
    echo "$best"
}
task_sched() { # run ns, ns waiting for a CPU while runnable, involuntary switches, scheduling policy
    [[ -n $1 ]] || return
    echo "$(awk '{ print $1, $2 }' "$1/schedstat") $(awk '/^nonvoluntary_ctxt_switches/ { print $2 }' "$1/status")" \
        "$(awk '{ print $41 }' "$1/stat")"
}
softnet_sample() { # per CPU: largest backlog seen, mean backlog; and the counts' growth, at the end
    local sl line i=0 n=0 first=() last=() max=() sum=()
    exec {sl}<> <(:)
    while [[ ! -e $work/softnet.stop ]]; do
        i=0
        while read -r -a f; do
            local q=$((16#${f[11]:-0}))
            ((q > ${max[i]:-0})) && max[i]=$q
            sum[i]=$((${sum[i]:-0} + q))
            [[ -z ${first[i]:-} ]] && first[i]="$((16#${f[1]})) $((16#${f[2]}))"
            last[i]="$((16#${f[1]})) $((16#${f[2]}))"
            i=$((i + 1))
        done </proc/net/softnet_stat
        n=$((n + 1))
        read -r -t 0.01 -u "$sl" line
    done
    for ((c = 0; c < i; c++)); do
        read -r d0 s0 <<<"${first[c]}"; read -r d1 s1 <<<"${last[c]}"
        echo "cpu$c backlog max ${max[c]:-0} mean $(awk -v a="${sum[c]:-0}" -v n="$n" 'BEGIN { printf "%.1f", a / n }')" \
            "dropped +$((d1 - d0)) time_squeeze +$((s1 - s0))"
    done
}
hops_stop() {
    touch "$work/softnet.stop"
    sleep 0.3
    local p
    for p in "${hop_pids[@]}"; do kill -INT "$p" 2>/dev/null; done
    wait "${hop_pids[@]}" 2>/dev/null
    hop_pids=()
    # one line per (tap, type, id, seq, time); then per echo the hops' differences, in µs
    local tap
    for tap in hA mA mB hB; do
        awk -v tap="$tap" '/ICMP echo (request|reply)/ {
            type = ($0 ~ /echo request/) ? "q" : "r"; id = seq = ""
            for (i = 1; i <= NF; i++) { if ($i == "id") id = $(i + 1); if ($i == "seq") seq = $(i + 1) }
            sub(/,/, "", id); sub(/,/, "", seq); print tap, type, id, seq, $1 }' "$work/hop-$tap.txt"
    done >"$work/hops-raw.txt"
    # ping's own RTT (user space: it includes the ping process's wake-up on hA) minus hA's tap-to-tap time
    # for the same echo: what the ping waited outside the wire, for a CPU on hA
    awk 'FNR == NR { if (match($0, /icmp_seq=[0-9]+/)) { s = substr($0, RSTART + 9, RLENGTH - 9)
            split($0, a, "time="); split(a[2], b, " "); rtt[s] = b[1] } next }
        $1 == "hA" { t[$2, $4] = $5; k[$4] = 1 }
        END { for (s in k) if ((s in rtt) && t["q", s] != "" && t["r", s] != "")
            printf "9.ping-minus-taps:hA %.1f\n", rtt[s] * 1000 - (t["r", s] - t["q", s]) * 1e6 }' \
        "$work/ping.txt" "$work/hops-raw.txt" >"$work/hops-ping.txt"
    # the slowest pings as ping saw them, each broken down hop by hop (µs): where the tail's time went
    awk 'FNR == NR { if (match($0, /icmp_seq=[0-9]+/)) { s = substr($0, RSTART + 9, RLENGTH - 9)
            split($0, a, "time="); split(a[2], b, " "); rtt[s] = b[1] } next }
        { t[$1 $2, $4] = $5 }
        function d(a, b) { return (a == "" || b == "") ? "    -" : sprintf("%5.0f", (b - a) * 1e6) }
        END { for (s in rtt) {
            printf "%.3f seq %-5s hA>mA %s mA>mB %s mB>hB %s hB %s hB>mB %s mB>mA %s mA>hA %s taps %s ping-taps %5.0f\n",
                rtt[s], s, d(t["hAq", s], t["mAq", s]), d(t["mAq", s], t["mBq", s]), d(t["mBq", s], t["hBq", s]),
                d(t["hBq", s], t["hBr", s]), d(t["hBr", s], t["mBr", s]), d(t["mBr", s], t["mAr", s]),
                d(t["mAr", s], t["hAr", s]), d(t["hAq", s], t["hAr", s]),
                (t["hAq", s] == "" || t["hAr", s] == "") ? -1 : rtt[s] * 1000 - (t["hAr", s] - t["hAq", s]) * 1e6 } }' \
        "$work/ping.txt" "$work/hops-raw.txt" | sort -gr | head -n 8 >"$work/hops-slowest.txt"
    awk '{ t[$2 " " $3 " " $4, $1] = $5; k[$3 " " $4] = 1 }
        function d(a, b) { return (a == "" || b == "") ? "" : sprintf("%.1f", (b - a) * 1e6) }
        function out(name, v) { if (v != "") print name, v }
        END { for (e in k) {
            out("1.req:hA->mA", d(t["q " e, "hA"], t["q " e, "mA"])); out("2.req:mA->mB(bridge)", d(t["q " e, "mA"], t["q " e, "mB"]))
            out("3.req:mB->hB", d(t["q " e, "mB"], t["q " e, "hB"])); out("4.hB-turnaround", d(t["q " e, "hB"], t["r " e, "hB"]))
            out("5.rep:hB->mB", d(t["r " e, "hB"], t["r " e, "mB"])); out("6.rep:mB->mA(bridge)", d(t["r " e, "mB"], t["r " e, "mA"]))
            out("7.rep:mA->hA", d(t["r " e, "mA"], t["r " e, "hA"])); out("8.total:hA->hA", d(t["q " e, "hA"], t["r " e, "hA"]))
            if (t["q " e, "hA"] != "" && t["q " e, "mA"] == "") out("lost:req-before-mA", 1)
            if (t["q " e, "mA"] != "" && t["q " e, "mB"] == "") out("lost:req-in-bridge", 1)
            if (t["r " e, "mB"] != "" && t["r " e, "mA"] == "") out("lost:rep-in-bridge", 1) } }' \
        "$work/hops-raw.txt" | cat - "$work/hops-ping.txt" | sort -k1,1 -k2,2g | awk '
        function flush() { if (n) { i = int(n * 0.99 + 0.999); if (i > n) i = n
            if (name ~ /^lost/) printf "      %-22s %d\n", name, n
            else printf "      %-22s p50 %9.1f  p99 %9.1f  max %9.1f  (n=%d)\n", name, v[int((n + 1) / 2)], v[i], v[n], n } }
        $1 != name { flush(); name = $1; n = 0 } { v[++n] = $2 } END { flush() }' >"$work/hops.txt"
    {
        echo "    $who, hops of a ping under TCP load, µs (tcpdump's kernel time stamps):"
        cat "$work/hops.txt"
        echo "      the slowest pings (ms as ping saw them; hops in µs):"
        sed 's/^/        /' "$work/hops-slowest.txt"
        sed 's/^/      softnet /' "$work/softnet.txt"
        if [[ -n $packet_task ]]; then
            read -r r0 w0 i0 _ <<<"$sched0"; read -r r1 w1 i1 pol <<<"$(task_sched "$packet_task")"
            echo "      packet thread (policy $pol): ran $(((r1 - r0) / 1000000)) ms, waited runnable for a CPU" \
                "$(((w1 - w0) / 1000000)) ms, preempted $((i1 - i0)) times"
        fi
        local k
        for ((k = 0; k < ${#send_tasks[@]}; k++)); do
            read -r r0 w0 i0 _ <<<"${send_sched0[k]}"; read -r r1 w1 i1 pol <<<"$(task_sched "${send_tasks[k]}")"
            echo "      send thread ${send_tasks[k]##*/} (policy $pol): ran $(((r1 - r0) / 1000000)) ms, waited runnable" \
                "for a CPU $(((w1 - w0) / 1000000)) ms, preempted $((i1 - i0)) times"
        done
        awk '/cwnd/ { for (i = 1; i <= NF; i++) if ($i ~ /^(rtt|cwnd|retrans|unacked|delivery_rate|busy):/) printf " %s", $i; print "" }' \
            "$work/ss.txt" | sed 's/^/      iperf3 flow:/'
        for tap in "$HA:hA" "$M:mA" "$M:mB" "$HB:hB"; do
            ip netns exec "${tap%%:*}" tc -s qdisc show dev "${tap#*:}" | awk -v d="${tap#*:}" \
                'NR == 1 { q = $2 } /dropped/ { printf "      qdisc %s: %s, %s\n", d, q, $0 }'
        done
    } >&2
}

# --- one measurement each -------------------------------------------------------------------------------
# TCP Mbit/s received; meanwhile ping's RTTs and tries on the blocked port
tcp_run() {
    local out=$work/tcp.txt pings=$work/ping.txt blocked_ok=0 tries=0
    [[ -n $hops ]] && hops_start
    ip netns exec "$HA" ping -i 0.01 -w "$seconds" "$B_IP" >"$pings" 2>&1 &
    local ping_pid=$!
    ip netns exec "$HA" iperf3 -c "$B_IP" -p 5201 -t "$seconds" -f m >"$out" 2>&1 &
    local iperf_pid=$!
    sleep 1
    while kill -0 "$iperf_pid" 2>/dev/null && ((tries < 3)); do
        tries=$((tries + 1))
        if ! timeout 4 ip netns exec "$HA" iperf3 -c "$B_IP" -p 5202 -t 1 >/dev/null 2>&1; then
            blocked_ok=$((blocked_ok + 1))
        fi
    done
    wait "$iperf_pid"; wait "$ping_pid"
    [[ -n $hops ]] && hops_stop
    mbits=$(awk '/receiver/ { for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") v = $(i - 1) } END { print v + 0 }' "$out")
    read -r p50 p99 pmax < <(awk -F'time=' '/time=/ { split($2, a, " "); print a[1] }' "$pings" | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan nan nan"; exit } i = int(NR * 0.99 + 0.999);
                 if (i > NR) i = NR; print v[int((NR + 1) / 2)], v[i], v[NR] }')
    ping_loss=$(grep -o '[0-9.]*% packet loss' "$pings" | cut -d% -f1 | awk '{ printf "%.1f", $1 }')
    enforced="exact"
    ((blocked_ok == tries)) || enforced="LEAKED ($((tries - blocked_ok)) of $tries tries connected)"
    grep -q 'Accepted connection' "$work/5202.log" && enforced="LEAKED (the 5202 server accepted a connection)"
}

# 64-byte UDP frames: packets/s received and % lost
udp_run() {
    local out=$work/udp.txt
    nsx "$HA" iperf3 -c "$B_IP" -p 5201 -u -b 0 -l 18 -t "$seconds" >"$out" 2>&1
    read -r udp_pps udp_lost < <(awk -v t="$seconds" '/receiver/ {
        for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, a, "/"); lost = a[1]; total = a[2] }
        } END { if (total == 0) print 0, 100; else printf "%d %.1f\n", (total - lost) / t, 100 * lost / total }' "$out")
}

# weir.jar's CPU over a quiet period, % of one core
idle_cpu() {
    local pid=$1 hz t0 t1
    hz=$(getconf CLK_TCK)
    sleep 5 # the traffic's aftermath (the flood's backlog, late compilations, a garbage collection) settles
    t0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    sleep "$idle"
    t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    idle_pct=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$idle" 'BEGIN { printf "%.2f", 100 * (b - a) / hz / s }')
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
per_frame() { # µs of weir.jar's CPU per frame that arrived, between two (ticks, frames) samples
    awk -v t0="$1" -v t1="$2" -v f0="$3" -v f1="$4" -v hz="$(getconf CLK_TCK)" \
        'BEGIN { if (f1 == f0) print "nan"; else printf "%.2f", 1e6 * (t1 - t0) / hz / (f1 - f0) }'
}

rx_frames() { # frames that arrived at mA and mB (what reached the interfaces)
    echo $(($(nsx "$M" cat /sys/class/net/mA/statistics/rx_packets) + $(nsx "$M" cat /sys/class/net/mB/statistics/rx_packets)))
}

declare -A col
add() { col[$1]="${col[$1]:-} $2"; }

measure() { # $1 = kernel | weir | weir-one-thread | weir-ordinary | weir-fifo | weir-also
    local who=$1 rx0 c0 f0 c1 f1 c2 f2
    if [[ $who == kernel ]]; then
        kernel_on
    else
        rx0=$(rx_frames) # Weir's summary counts from its start: so do the frames that arrived
        weir_on "$who"
        # a warm-up, as JMH would do: the JVM's JIT compiles the packet path in the first seconds of traffic,
        # and that CPU is not the bridge's
        nsx "$HA" iperf3 -c "$B_IP" -p 5201 -t 2 >/dev/null 2>&1
        nsx "$HA" iperf3 -c "$B_IP" -p 5201 -u -b 0 -l 18 -t 1 >/dev/null 2>&1
    fi
    : >"$work/5202.log"
    if [[ $who != kernel ]]; then c0=$(cpu_ticks "$weir_pid"); f0=$(rx_frames); fi
    tcp_run
    if [[ $who != kernel ]]; then c1=$(cpu_ticks "$weir_pid"); f1=$(rx_frames); fi
    add "$who.tcp" "$mbits"; add "$who.p50" "$p50"; add "$who.p99" "$p99"; add "$who.max" "$pmax"
    add "$who.pingloss" "${ping_loss:-nan}"
    add "$who.enforced" "$enforced"
    udp_run
    add "$who.udp" "$udp_pps"; add "$who.udplost" "$udp_lost"
    echo "  $who: TCP $mbits Mbit/s, ping p50 $p50 p99 $p99 ms (max $pmax, ${ping_loss:-?}% lost), UDP $udp_pps packets/s ($udp_lost% lost), port 5202: $enforced" >&2
    if [[ $who == kernel ]]; then
        kernel_off
        return
    fi
    c2=$(cpu_ticks "$weir_pid"); f2=$(rx_frames)
    add "$who.cputcp" "$(per_frame "$c0" "$c1" "$f0" "$f1")"; add "$who.cpuudp" "$(per_frame "$c1" "$c2" "$f1" "$f2")"
    idle_cpu "$weir_pid"
    add "$who.idle" "$idle_pct"
    local rx1 packets missed
    rx1=$(rx_frames)
    weir_off
    packets=$(grep -o '"packets":[0-9]*' <<<"$summary" | head -n1 | cut -d: -f2)
    missed=$(grep -o '"missed":[0-9]*' <<<"$summary" | head -n1 | cut -d: -f2)
    add "$who.missed" "${missed:-nan}"; add "$who.arrived" "$((rx1 - rx0))"
    add "$who.unread" "$((rx1 - rx0 - ${packets:-0}))"
    echo "  $who: CPU per arriving frame TCP $(per_frame "$c0" "$c1" "$f0" "$f1") µs, UDP $(per_frame "$c1" "$c2" "$f1" "$f2") µs;" \
        "idle CPU $idle_pct% of a core; ${packets:-?} frames read + ${missed:-?} missed of $((rx1 - rx0)) that arrived" >&2
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
worst() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n1; }

bridges=(kernel weir)
[[ -n $one_thread ]] && bridges+=(weir-one-thread)
[[ -n $ordinary ]] && bridges+=(weir-ordinary)
[[ -n $fifo ]] && bridges+=(weir-fifo)
[[ -n $also ]] && bridges+=(weir-also)
echo "bridge-benchmark: $rounds rounds of ${seconds} s per run on $(nproc) cores, $(uname -r), $("$java" -version 2>&1 | head -n1)" >&2
for ((r = 1; r <= rounds; r++)); do
    echo "round $r" >&2
    order=("${bridges[@]}")
    if ((r % 2 == 0)); then # every other round the other way round
        order=()
        for ((i = ${#bridges[@]} - 1; i >= 0; i--)); do order+=("${bridges[i]}"); done
    fi
    for b in "${order[@]}"; do measure "$b"; done
done

m() { median <<<"${col[$1]:-}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
enf() { if grep -q LEAKED <<<"${col[$1]:-}"; then echo "LEAKED"; else echo "exact"; fi; }
weirs=(weir)
[[ -n $one_thread ]] && weirs+=(weir-one-thread)
[[ -n $ordinary ]] && weirs+=(weir-ordinary)
[[ -n $fifo ]] && weirs+=(weir-fifo)
[[ -n $also ]] && weirs+=(weir-also)
cells() { # one cell per Weir variant: cells FORMAT-FUNCTION
    local w
    for w in "${weirs[@]}"; do printf ' %s |' "$("$1" "$w")"; done
}
c_tcp() { m "$1.tcp"; }
c_udp() { echo "$(m "$1.udp") ($(m "$1.udplost")%)"; }
c_ping() { echo "$(m "$1.p50") / $(m "$1.p99") ($(worst <<<"${col[$1.max]:-}"); $(m "$1.pingloss")% lost)"; }
c_idle() { m "$1.idle"; }
c_cpu() { echo "$(m "$1.cputcp") / $(m "$1.cpuudp")"; }
c_missed() { echo "$(m "$1.unread") / $(m "$1.missed") of $(m "$1.arrived")"; }
c_enf() { enf "$1.enforced"; }
header="| measure (median of $rounds rounds, $seconds s each) | Weir |"
rule="|---|---|"
if [[ -n $one_thread ]]; then header+=" Weir, one thread |"; rule+="---|"; fi
if [[ -n $ordinary ]]; then header+=" Weir, ordinary packet thread |"; rule+="---|"; fi
if [[ -n $fifo ]]; then header+=" Weir, arrival order (no flow queue) |"; rule+="---|"; fi
if [[ -n $also ]]; then header+=" Weir, $also |"; rule+="---|"; fi
printf '\n%s kernel bridge | Weir : kernel | target |\n%s---|---|---|\n' "$header" "$rule"
printf '| TCP, iperf3, Mbit/s |%s %s | %s | >= 0.3 (moonshot 0.5) |\n' "$(cells c_tcp)" "$(m kernel.tcp)" \
    "$(ratio "$(m weir.tcp)" "$(m kernel.tcp)")"
printf '| UDP 64-byte packets/s received (lost) |%s %s (%s%%) | %s | >= 0.5 |\n' "$(cells c_udp)" "$(m kernel.udp)" \
    "$(m kernel.udplost)" "$(ratio "$(m weir.udp)" "$(m kernel.udp)")"
printf '| ping RTT under TCP load, ms: p50 / p99 (largest; lost) |%s %s | %s (p99) | added p99 <= 0.5 ms, none over 2 ms |\n' \
    "$(cells c_ping)" "$(c_ping kernel)" \
    "$(awk -v a="$(m weir.p99)" -v b="$(m kernel.p99)" 'BEGIN { printf "%+.2f", a - b }')"
printf '| CPU with no traffic, %% of a core |%s 0 | - | < 2 |\n' "$(cells c_idle)"
printf '| weir.jar CPU per arriving frame, µs: TCP / UDP |%s - | - | - |\n' "$(cells c_cpu)"
printf '| frames never judged: arrived - read / missed as Weir counts them, of those that arrived at mA, mB |%s - | - | - |\n' \
    "$(cells c_missed)"
printf '| enforcement (TCP 5202 blocked under load) |%s %s (nft) | - | exact |\n' "$(cells c_enf)" "$(enf kernel.enforced)"
if grep -q LEAKED <<<"${col[weir.enforced]:-}${col[weir-one-thread.enforced]:-}${col[weir-ordinary.enforced]:-}${col[weir-fifo.enforced]:-}${col[kernel.enforced]:-}"; then exit 1; fi
