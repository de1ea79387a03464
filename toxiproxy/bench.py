#!/usr/bin/env python3
"""Proxy benchmark helper for toxiproxy/bench.sh (stdlib only).

Measures, in one run, against the same servers:
  * pass-through throughput of a large transfer, direct vs through the proxy (no toxics);
  * p50 round-trip time of a small echo, direct vs through the proxy.
Prints a Markdown table. Servers run in a child process so the GIL never couples both ends.
"""
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request

CHUNK = 1 << 20


def serve() -> None:
    """Child process: an echo server and a sink server on loopback, ports on stdout."""
    import threading

    def listener():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(64)
        return s

    def echo_conn(c):
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buf = bytearray(65536)
        view = memoryview(buf)
        while True:
            n = c.recv_into(buf)
            if n == 0:
                break
            c.sendall(view[:n])
        c.close()

    def sink_conn(c):
        header = b""
        while len(header) < 8:
            part = c.recv(8 - len(header))
            if not part:
                return
            header += part
        (remaining,) = struct.unpack("!Q", header)
        buf = bytearray(CHUNK)
        while remaining > 0:
            n = c.recv_into(buf, min(CHUNK, remaining))
            if n == 0:
                break
            remaining -= n
        c.sendall(b"ok")
        c.close()

    def accept_loop(s, handler):
        while True:
            c, _ = s.accept()
            threading.Thread(target=handler, args=(c,), daemon=True).start()

    echo, sink = listener(), listener()
    for s, h in ((echo, echo_conn), (sink, sink_conn)):
        threading.Thread(target=accept_loop, args=(s, h), daemon=True).start()
    print(echo.getsockname()[1], sink.getsockname()[1], flush=True)
    sys.stdin.read()  # run until the parent closes our stdin


def transfer(port: int, total: int) -> float:
    """Sends `total` bytes to the sink and waits for its acknowledgement; returns seconds."""
    payload = memoryview(bytes(CHUNK))
    s = socket.create_connection(("127.0.0.1", port))
    start = time.perf_counter()
    s.sendall(struct.pack("!Q", total))
    sent = 0
    while sent < total:
        n = min(CHUNK, total - sent)
        s.sendall(payload[:n])
        sent += n
    ack = s.recv(2)
    elapsed = time.perf_counter() - start
    s.close()
    if ack != b"ok":
        raise RuntimeError(f"sink did not acknowledge the transfer on port {port}")
    return elapsed


def round_trips(port: int, count: int, size: int = 64) -> list:
    """Echo ping-pong of `size` bytes; returns per-round-trip seconds."""
    s = socket.create_connection(("127.0.0.1", port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    message = b"x" * size
    buf = bytearray(size)
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        s.sendall(message)
        got = 0
        while got < size:
            n = s.recv_into(memoryview(buf)[got:])
            if n == 0:
                raise RuntimeError("echo closed")
            got += n
        samples.append(time.perf_counter() - start)
    s.close()
    return samples


def api(url: str, method: str, path: str, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        text = r.read()
        return json.loads(text) if text else None


def start_proxy(binary: str):
    proc = subprocess.Popen([binary, "-host", "127.0.0.1", "-port", "0"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            env={**os.environ, "LOG_LEVEL": "info", "LOG_FORMAT": "json"}, text=True)
    deadline = time.time() + 10
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            break
        entry = json.loads(line)
        if entry.get("message") == "API HTTP server starting":
            return proc, f"http://127.0.0.1:{entry['port']}"
    proc.kill()
    raise RuntimeError("toxiproxy-server did not start")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        serve()
        return 0
    binary = sys.argv[1]
    mib = int(os.environ.get("BENCH_MIB", "512"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    trips = int(os.environ.get("BENCH_TRIPS", "10000"))

    servers = subprocess.Popen([sys.executable, __file__, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    echo_port, sink_port = map(int, servers.stdout.readline().split())
    proc, url = start_proxy(binary)
    try:
        sink_proxy = api(url, "POST", "/proxies", {"name": "bench_sink", "listen": "127.0.0.1:0", "upstream": f"127.0.0.1:{sink_port}"})
        echo_proxy = api(url, "POST", "/proxies", {"name": "bench_echo", "listen": "127.0.0.1:0", "upstream": f"127.0.0.1:{echo_port}"})
        psink = int(sink_proxy["listen"].rsplit(":", 1)[1])
        pecho = int(echo_proxy["listen"].rsplit(":", 1)[1])

        total = mib << 20
        transfer(sink_port, 64 << 20)  # warm-up both paths (JIT-free AOT, but page cache and TCP autotuning)
        transfer(psink, 64 << 20)
        direct_s, proxy_s = [], []
        for _ in range(rounds):  # interleaved so machine noise hits both alike
            direct_s.append(transfer(sink_port, total))
            proxy_s.append(transfer(psink, total))
        # Best of the interleaved rounds: on a shared 2-core machine other tenants' load spikes only
        # ever slow a round down, so the fastest round is the least noisy estimate of each path.
        direct_bw = total / min(direct_s)
        proxy_bw = total / min(proxy_s)

        round_trips(echo_port, 1000)
        round_trips(pecho, 1000)
        direct_rt, proxy_rt = [], []
        for _ in range(5):
            direct_rt += round_trips(echo_port, trips // 5)
            proxy_rt += round_trips(pecho, trips // 5)
        d50 = statistics.median(direct_rt) * 1e6
        p50 = statistics.median(proxy_rt) * 1e6
        d99 = sorted(direct_rt)[int(len(direct_rt) * 0.99)] * 1e6
        p99 = sorted(proxy_rt)[int(len(proxy_rt) * 0.99)] * 1e6
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        servers.stdin.close()
        servers.wait(timeout=10)

    ratio = proxy_bw / direct_bw
    added = p50 - d50
    print(f"Proxy benchmark: {mib} MiB transfer (best of {rounds} interleaved rounds), {trips} x 64 B echo round trips, same run.\n")
    print("| metric | direct | through toxiproxy-server | result | goal |")
    print("|---|---|---|---|---|")
    print(f"| throughput, no toxics | {direct_bw / 1e6:,.0f} MB/s | {proxy_bw / 1e6:,.0f} MB/s | {ratio:.0%} of direct | >= 50% |")
    print(f"| echo round trip p50 | {d50:.1f} us | {p50:.1f} us | +{added:.1f} us | < 100 us |")
    print(f"| echo round trip p99 | {d99:.1f} us | {p99:.1f} us | +{p99 - d99:.1f} us | |")
    ok = ratio >= 0.5 and added < 100
    print(f"\nResult: {'PASS' if ok else 'FAIL'} (reference: real Toxiproxy 22% and +131 us on a similar machine)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
