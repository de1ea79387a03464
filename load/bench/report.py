#!/usr/bin/env python3
"""Turn load/bench.sh's raw measurements (measure, variant, subject, value per line) into the
Markdown report: targets first, then one table per measure. Medians with min and max; ratios
are taken between medians of the same run (and, where runs were interleaved, per round)."""
import statistics
import sys
from collections import defaultdict

raw_path, meta_path = sys.argv[1], sys.argv[2]
data = defaultdict(list)  # (measure, variant, subject) -> [values]
text = defaultdict(list)
for line in open(raw_path, encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) != 4:
        continue
    m, v, s, x = parts
    try:
        data[(m, v, s)].append(float(x))
    except ValueError:
        text[(m, v, s)].append(x)
meta = defaultdict(list)
for line in open(meta_path, encoding="utf-8"):
    k, _, v = line.rstrip("\n").partition("\t")
    meta[k].append(v)


def m1(k, default=""):
    return meta[k][0] if meta.get(k) else default


def vals(m, v, s):
    return data.get((m, v, s), [])


def med(xs):
    return statistics.median(xs) if xs else None


def fmt(xs, digits=2, scale=1.0):
    if not xs:
        return "n/a"
    xs = [x * scale for x in xs]
    f = f"{{:.{digits}f}}"
    if len(xs) == 1:
        return f.format(xs[0])
    return f"{f.format(med(xs))} ({f.format(min(xs))}–{f.format(max(xs))})"


def ratio(a, b, digits=2):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.{digits}f}x"


def paired(m, v, a, b):
    xa, xb = vals(m, v, a), vals(m, v, b)
    rs = [x / y for x, y in zip(xa, xb) if y]
    return rs


out = []
p = out.append
targets = []  # (target, measured, result)

wall = m1("wall_s")
p(f"# SocketBench `make bench` — {m1('started')}")
p("")
p(f"Machine: {m1('nproc')} cores ({m1('cpu')}), kernel {m1('kernel')}; load average at start {m1('loadavg')}, "
  f"at end {m1('loadavg_end')}. Commit {m1('git')}. Wall time of the measurements {wall} s. "
  f"Peers: {m1('versions')}.")
p("")
p("All traffic on 127.0.0.1, ports from the OS. Numbers are **median (min–max)**. Runs were interleaved "
  "round by round (every pair once per round), each after a bounded quiet gate, so ratios compare "
  "pairs under the same conditions; absolute figures on this shared machine drift by about ±30% "
  "between batches, ratios much less.")
p("")

# ---------------------------------------------------------------- 1 throughput
T = "tput"
subjects = ["c", "csharp", "python", "csharp→c", "c→csharp", "nc", "socat -b 64K", "iperf3 -l 1M"]
c_dev, nc_dev = med(vals(T, "devnull", "c")), med(vals(T, "devnull", "nc"))
c_pip, nc_pip = med(vals(T, "pipe", "c")), med(vals(T, "pipe", "nc"))
rows = []
for s in subjects:
    d, pp = vals(T, "devnull", s), vals(T, "pipe", s)
    if not d and not pp:
        continue
    cpu_c = [c for c in vals("tput_cpu_client", "devnull", s)]
    cpu_s = [c for c in vals("tput_cpu_server", "devnull", s)]
    rss = vals("tput_rss_client", "devnull", s)
    rows.append(
        f"| {s} | {len(d)} | {fmt(d)} | {ratio(med(d), c_dev)} | {ratio(med(d), nc_dev)} | {fmt(pp)} | "
        f"{ratio(med(pp), c_pip)} | {ratio(med(pp), nc_pip)} | {fmt(cpu_c)} | {fmt(cpu_s)} | {fmt(rss, 1, 1 / 1024)} |")
runs, py_runs = m1("runs"), m1("py_runs")
p("## 1. Throughput: 1 GiB of random bytes from a tmpfs file, client → server")
p("")
p(f"GiB/s from the client's start to its exit (it exits after the server's close, i.e. after the "
  f"server's flush). {runs} runs per pair" + (f" ({py_runs} for python)" if py_runs != runs else "") +
  f", {m1('target_runs', runs)} for the C and C# pairs that the target compares (into a pipe the rate "
  "is bimodal by CPU placement, see below). `a→b` = client a into server b. nc: `nc -N` into `nc -l -k`; socat with 64 KiB blocks on both "
  "sides (its 8 KiB default runs at about 1/4 of this); iperf3: `-l 1M -t 3`, memory to socket, "
  "3 runs, the ceiling. CPU seconds per GiB and client peak RSS from GNU time, server CPU from "
  "/proc/PID/stat.")
p("")
p("| pair | runs | → /dev/null GiB/s | ×C pair | ×nc | → pipe (`\\| cat`) GiB/s | ×C pair | ×nc | client CPU s | server CPU s | client RSS MiB |")
p("|---|---|---|---|---|---|---|---|---|---|---|")
out.extend(rows)
fr = vals("tput_foreign", "devnull", "c") + vals("tput_foreign", "devnull", "csharp") + vals("tput_foreign", "pipe", "c") + vals("tput_foreign", "pipe", "csharp")
p("")
p(f"Foreign CPU (cores busy beyond our processes) during the C and C# runs: {fmt(fr, 2)}; "
  f"quiet gates that timed out: {m1('gate_noisy_runs', '0')} ({m1('gate_seconds', '0')} s spent waiting).")
pipe_all = [x for subj in ("c", "csharp", "python", "nc") for x in vals(T, "pipe", subj)]
if len(pipe_all) >= 6:
    lo = [x for x in pipe_all if x < 1.6]
    hi = [x for x in pipe_all if x >= 1.6]
    p(f"Into a pipe the runs of every pair fall in two modes by where the scheduler puts client, server "
      f"and cat on the {m1('nproc')} CPUs: {len(lo)} runs below 1.6 GiB/s ({fmt(lo)}) and {len(hi)} at or "
      f"above ({fmt(hi)}); a pair's pipe median mostly counts how many of its runs landed in the fast mode. "
      "In the raw data (bench-*.raw.tsv, tput_cpu_server) server + cat CPU per GiB is about twice as high in the slow-mode runs.")
stats = text.get(("tput_stats", "devnull", "csharp"), [])
if stats:
    p(f"C# client counters (last /dev/null run): `{stats[-1]}`.")
p("")
cs_dev = med(vals(T, "devnull", "csharp"))
pr = paired(T, "devnull", "csharp", "c")
ok = cs_dev is not None and c_dev and cs_dev / c_dev >= 0.95
targets.append(("C# pair throughput ≥ 0.95x the C pair, server → /dev/null",
                f"{ratio(cs_dev, c_dev)} (per round {fmt(pr)})", "met" if ok else "missed"))
cs_pip = med(vals(T, "pipe", "csharp"))
pr = paired(T, "pipe", "csharp", "c")
ok = cs_pip is not None and c_pip and cs_pip / c_pip >= 0.95
targets.append(("C# pair throughput ≥ 0.95x the C pair, server → pipe (into cat)",
                f"{ratio(cs_pip, c_pip)} (per round {fmt(pr)})", "met" if ok else "missed"))

# ---------------------------------------------------------------- 2 start-up
p("## 2. Start-up: client start-to-exit, sending 2 bytes to a running C server")
p("")
p("`bin/bench/spawntime` (load/bench/spawntime.c): wall time from fork() to the exit seen by "
  "waitpid(), stdin from a 2-byte file, no shell in between (Debian 12's hyperfine has no `--input`, "
  "and its shell-spawn correction is noisy at the 1 ms scale). 3 warm-ups, then the runs counted "
  "below. The floor is `/bin/true` under the same harness. The python client is bin/python/client "
  "(a /bin/sh wrapper exec-ing the pyenv interpreter by full path, `-I`).")
p("")
p("| client | runs | ms | above the floor | ×python |")
p("|---|---|---|---|---|")
floor = med(vals("start", "ms", "floor (/bin/true)"))
py_start = med(vals("start", "ms", "python"))
for s in ["floor (/bin/true)", "c", "csharp", "python"]:
    xs = vals("start", "ms", s)
    if not xs:
        continue
    above = f"{med(xs) - floor:+.2f} ms" if floor is not None and not s.startswith("floor") else ""
    p(f"| {s} | {len(xs)} | {fmt(xs)} | {above} | {ratio(med(xs), py_start) if not s.startswith('floor') else ''} |")
p("")
cs_start = med(vals("start", "ms", "csharp"))
ok = cs_start is not None and py_start and cs_start / py_start <= 0.5
targets.append(("C# client start-to-exit ≤ 0.5x the Python client's",
                f"{ratio(cs_start, py_start)} ({cs_start:.1f} vs {py_start:.1f} ms)" if cs_start and py_start else "n/a",
                "met" if ok else "missed"))

# ---------------------------------------------------------------- 3 rate
p("## 3. Sequential connection rate: one generator process, 64-byte messages")
p("")
p("`bin/bench/cloadgen -c 1` (C, load/bench/cloadgen.c): connect, send 64 B, shutdown(SHUT_WR), wait "
  "for the server's close, repeat. 1 s rounds interleaved across servers, "
  f"{len(vals('rate', 'msgs', 'c'))} per server. Servers at their default backlog 10 (the generator "
  "never has more than one connection in flight, so the queue cannot overflow). "
  f"ListenOverflows during the measure (namespace-wide): {m1('listen_overflows_rate', 'n/a')}; "
  f"TIME_WAIT sockets before / after: {m1('tw_before_rate')} / {m1('tw_after_rate')} "
  "(server side: the server closes first).")
p("")
p("| server | messages/s | ×C server | p50 round trip µs | server CPU µs/message | ×C server | generator CPU µs/message | failed |")
p("|---|---|---|---|---|---|---|---|")
c_rate = med(vals("rate", "msgs", "c"))
c_srv = med(vals("rate_srv_us", "us", "c"))
for s in ["c", "csharp", "python"]:
    xs = vals("rate", "msgs", s)
    su = vals("rate_srv_us", "us", s)
    p(f"| {s} | {fmt(xs, 0)} | {ratio(med(xs), c_rate)} | {fmt(vals('rate_p50', 'us', s), 0)} | {fmt(su, 1)} | "
      f"{ratio(med(su), c_srv)} | {fmt(vals('rate_gen_us', 'us', s), 1)} | {int(sum(vals('rate_fail', 'n', s)))} |")
p("")
p("Server CPU per message is /proc/PID/stat utime+stime over each 1 s round (10 ms ticks) divided by "
  "the messages; generator CPU from GNU time. On loopback the receive path of each segment runs in "
  "the sender's softirq, so most of the TCP handshake and teardown is charged to the generator: "
  "when the generator's µs/message × rate is near one core, the rate is the generator's "
  "(kernel) ceiling, not the server's, and the server CPU column is the one that tells servers apart.")
p("")
cs_rate = med(vals("rate", "msgs", "csharp"))
pr = paired("rate", "msgs", "csharp", "c")
ok = cs_rate is not None and c_rate and cs_rate / c_rate >= 0.9
targets.append(("C# server connection rate ≥ 0.9x the C server's",
                f"{ratio(cs_rate, c_rate)} (per round {fmt(pr)}; {cs_rate:.0f} vs {c_rate:.0f} msg/s); server CPU per message "
                f"{ratio(med(vals('rate_srv_us', 'us', 'csharp')), c_srv)} the C server's" if cs_rate and c_rate else "n/a",
                "met" if ok else "missed"))

# ---------------------------------------------------------------- 4 memory
p("## 4. Memory: peak RSS (MiB)")
p("")
p("Client: GNU time `%M`; 1 KB = 5 runs against a fresh server; 1 GiB = every throughput run to "
  "/dev/null plus one run against the fresh server. Server: VmHWM from /proc/PID/status of a fresh "
  "server after five 1 KB messages, then after one 1 GiB message (and, last column, of the "
  "throughput server after all its 1 GiB runs).")
p("")
p("| impl | client 1 KB | client 1 GiB | client Δ | server 1 KB | server 1 GiB | server after all 1 GiB runs |")
p("|---|---|---|---|---|---|---|")
MiB = 1 / 1024
for s in ["c", "csharp", "python"]:
    k1 = vals("rss_client", "1k", s)
    g1 = vals("rss_client", "1g", s) + vals("tput_rss_client", "devnull", s)
    d = f"{(med(g1) / med(k1) - 1) * 100:+.1f}%" if k1 and g1 else "n/a"
    p(f"| {s} | {fmt(k1, 1, MiB)} | {fmt(g1, 1, MiB)} | {d} | {fmt(vals('rss_server', '1k', s), 1, MiB)} | "
      f"{fmt(vals('rss_server', '1g_fresh', s), 1, MiB)} | {fmt(vals('rss_server', '1g', s), 1, MiB)} |")
p("")
k1, g1 = vals("rss_client", "1k", "csharp"), vals("rss_client", "1g", "csharp") + vals("tput_rss_client", "devnull", "csharp")
if k1 and g1:
    peak = max(k1 + g1) * MiB
    delta = abs(med(g1) / med(k1) - 1)
    ok = peak <= 30 and delta <= 0.10
    targets.append(("C# client peak RSS ≤ 30 MiB and within 10% between 1 KB and 1 GiB",
                    f"peak {peak:.1f} MiB; medians {med(k1) * MiB:.1f} vs {med(g1) * MiB:.1f} MiB ({delta * 100:.1f}%)",
                    "met" if ok else "missed"))
else:
    targets.append(("C# client peak RSS ≤ 30 MiB and within 10% between 1 KB and 1 GiB", "n/a", "not measured"))

# ---------------------------------------------------------------- 5 proxy
p("## 5. Proxy: bin/toxiproxy-server, no toxics, C client → proxy → C server")
p("")
p("Throughput: 1 GiB → /dev/null, direct and proxied runs alternating. Round trip: cloadgen -c 1 "
  "for 1 s (connect, 64 B, half-close, wait for the close; through the proxy that includes its "
  "upstream connect), 3 alternating rounds; latency is the per-round p50.")
p("")
p("| path | GiB/s | ×direct | p50 round trip µs | p99 µs | p99.9 µs | max µs | messages/s | ×direct |")
p("|---|---|---|---|---|---|---|---|---|")
dt, dl, dr = med(vals("proxy_tput", "direct", "c")), med(vals("proxy_p50", "direct", "c")), med(vals("proxy_rate", "direct", "c"))
for v in ["direct", "proxy"]:
    t, l, r = vals("proxy_tput", v, "c"), vals("proxy_p50", v, "c"), vals("proxy_rate", v, "c")
    if not t and not l:
        continue
    p(f"| {v} | {fmt(t)} | {ratio(med(t), dt)} | {fmt(l, 0)} | {fmt(vals('proxy_p99', v, 'c'), 0)} | {fmt(vals('proxy_p999', v, 'c'), 0)} | {fmt(vals('proxy_max', v, 'c'), 0)} | {fmt(r, 0)} | {ratio(med(r), dr)} |")
pl = med(vals("proxy_p50", "proxy", "c"))
if pl is not None and dl is not None:
    p("")
    p(f"Added p50 round trip: **{pl - dl:+.0f} µs** ({ratio(pl, dl)} direct); proxied throughput "
      f"{ratio(med(vals('proxy_tput', 'proxy', 'c')), dt)} direct. Proxy peak RSS "
      f"{fmt(vals('rss_proxy', '1g', 'toxiproxy'), 1, MiB)} MiB. ListenOverflows during the round-trip "
      f"rounds (namespace-wide): {m1('listen_overflows_proxy', 'n/a')}.")
    p("")
    p(f"Delivery check (not timed): while a fresh C server was held busy for 2 s by another client, a "
      f"1-byte client got its \"server closed\" after **{m1('proxy_diag_proxy', 'n/a')} ms through the proxy** "
      f"and {m1('proxy_diag_direct', 'n/a')} ms direct. A close that comes before the server could even "
      "accept the connection means the proxy ends the client's side on the client's half-close, so "
      "through it the close does not confirm delivery; under load the upstream connections it leaves "
      "behind pile up in the server's 10-deep queue and overflow into 1 s SYN retransmits (the max column).")
p("")

# ---------------------------------------------------------------- 6 load runner
p("## 6. Load runner: bin/load vs the minimal C generator, against the C server")
p("")
p("bin/load cannot target a given host:port: it starts its own server (`--impl c`, backlog 10) "
  "with the server's stdout piped into its delivery ledger. The comparable run is its scenario 3, "
  "phase 1: a closed model of 11 copies (B+1), each connecting, sending a 64-byte framed message, "
  "half-closing and waiting for the close. Its per-second ok/s (timeline.csv, whole seconds) is set "
  "against `cloadgen -c 11` in 1 s rounds against the C server with stdout to /dev/null and to a "
  "pipe (closer to the runner's own harness).")
p("")
p("| generator | connections/s | ×cloadgen -c 11 (/dev/null) | ×cloadgen -c 11 (pipe) | CPU µs per connection, generator + server |")
p("|---|---|---|---|---|")
g_dev = med(vals("loadrunner", "persec", "cloadgen -c 11 (devnull)"))
g_pip = med(vals("loadrunner", "persec", "cloadgen -c 11 (pipe)"))
for s in ["bin/load (11 copies)", "cloadgen -c 11 (devnull)", "cloadgen -c 11 (pipe)"]:
    xs = vals("loadrunner", "persec", s)
    p(f"| {s} | {fmt(xs, 0)} | {ratio(med(xs), g_dev)} | {ratio(med(xs), g_pip)} | {fmt(vals('loadrunner_cpu', 'us', s), 1)} |")
c1 = vals("rate", "msgs", "c")
c1cpu = [a + b for a, b in zip(vals("rate_gen_us", "us", "c"), vals("rate_srv_us", "us", "c"))]
p(f"| cloadgen -c 1 (measure 3) | {fmt(c1, 0)} | {ratio(med(c1), g_dev)} | {ratio(med(c1), g_pip)} | {fmt(c1cpu, 1)} |")
p("")
p("bin/load's CPU is GNU time's over its whole run (both phases of scenario 3, the probes, its "
  "start-up, its ledger parsing the piped stdout, and the C server it started), divided by the ok "
  "connections: an upper bound. When all generators sit at the same connections/s, the rate is "
  "the kernel's ceiling on this machine and the CPU column shows how close each generator is to "
  "becoming the bottleneck itself.")
lr = med(vals("loadrunner", "persec", "bin/load (11 copies)"))
tot = vals("loadrunner_total", "rps", "bin/load (11 copies)")
if tot:
    p("")
    p(f"bin/load's own summary for the phase: {tot[0]:.0f} ok/s, p50 {vals('loadrunner_p50', 'ms', 'bin/load (11 copies)')[0]:.3f} ms.")
p("")
ok = lr is not None and g_dev and lr / g_dev >= 0.7
targets.append(("Load runner ≥ 0.7x the C generator (11 copies, C server)",
                f"{ratio(lr, g_dev)} vs /dev/null server, {ratio(lr, g_pip)} vs piped server ({lr:.0f} vs {g_dev:.0f} / {g_pip:.0f} conn/s)" if lr and g_dev and g_pip else "n/a",
                "met" if ok else ("missed" if lr else "not measured")))

# ---------------------------------------------------------------- targets first
head = ["## Targets", "", "| target | measured (same run) | result |", "|---|---|---|"]
for t, m, r in targets:
    head.append(f"| {t} | {m} | **{r}** |")
head.append("")
allfr = [x for (m, v, subj), xs in data.items() if m == "tput_foreign" for x in xs]
if allfr and med(allfr) > 0.25:
    head.append(f"**Noisy run**: other workloads kept {med(allfr):.2f} cores busy (median over the "
                f"throughput runs, max {max(allfr):.2f}) beyond this benchmark's own processes, and "
                f"{m1('gate_noisy_runs', '0')} quiet gates timed out. Interleaving keeps the ratios "
                "comparable, but single ratios near a threshold can flip; rerun on a quieter machine "
                "before reading much into them.")
    head.append("")
failed = meta.get("failed", [])
if failed:
    head.append("Measurements that could not be taken: " + "; ".join(failed))
    head.append("")
idx = next(i for i, line in enumerate(out) if line.startswith("## 1."))
out[idx:idx] = head
print("\n".join(out))
