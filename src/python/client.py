"""SocketBench Python client (DESIGN section 3).

Connects (bounded retries with back-off and jitter, a fresh socket per
try), streams stdin in fixed chunks through a non-blocking socket with an
explicit send loop (not sendall) that counts partial sends and would-blocks,
half-closes, then waits for the server's close. With --receipt it hashes
what it sends and checks the server's "SBR/1 <bytes> <sha256>" line
(DESIGN 3a). Exit codes: DESIGN section 4.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

import errno  # noqa: E402
import hashlib  # noqa: E402
import random  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402

import sbnet  # noqa: E402
import sbreceipt  # noqa: E402
from sbnet import Fatal, UsageError  # noqa: E402

PROG = "client"
BACKOFF_BASE_S, BACKOFF_MAX_S = 0.1, 2.0
RETRYABLE = {errno.ECONNREFUSED, errno.ETIMEDOUT, errno.EHOSTUNREACH, errno.ENETUNREACH,
             errno.ENETDOWN, errno.EHOSTDOWN, errno.ENOBUFS, errno.EMFILE, errno.ENFILE,
             errno.ENOMEM, errno.EADDRNOTAVAIL, errno.EAGAIN, errno.ECONNRESET,
             errno.ECONNABORTED, errno.EINTR}
GAI_RETRYABLE = {socket.EAI_AGAIN, socket.EAI_MEMORY, socket.EAI_SYSTEM}

USAGE = """usage: client [options] HOST PORT
Send stdin to a SocketBench server, then wait for it to close.
  HOST                    IPv4/IPv6 address or host name
  PORT                    decimal 1..65535
  --retries N             connect retries (default 5)
  --connect-timeout SECS  per connect attempt (default 5)
  --chunk-size BYTES      stdin read size (default 65536)
  --drain-timeout SECS    wait for the server's close (default 5)
  --send-buffer BYTES     socket send buffer, SO_SNDBUF (default: the kernel's)
  --receipt               require the server's receipt (byte count and SHA-256 of
                          what reached its stdout); exit 74 if it is missing or differs
  -v, --verbose           print one stats line on stderr at the end
  -h, --help              show this help;  --version  show the version
exit: 0 sent, 64 usage, 68 unknown host, 69 connect failed, 74 failure after
      the first byte or stdin error, 75 retries exhausted, 77 permission denied
"""


class Options:
    host = port = None
    retries = 5
    connect_timeout = 5.0
    drain_timeout = 5.0
    chunk = 65536
    send_buffer = 0
    verbose = False
    receipt = False


class Stats:
    sent = chunks = send_calls = partial_sends = would_block = attempts = 0
    digest = None   # SHA-256 of every byte sent (--receipt)
    receipt = None  # "ok", "none" or "mismatch" with --receipt

    def line(self, elapsed_ms):
        text = (f"sent={self.sent} chunks={self.chunks} send_calls={self.send_calls} "
                f"partial_sends={self.partial_sends} would_block={self.would_block} "
                f"attempts={self.attempts} elapsed_ms={elapsed_ms}")
        return text if self.receipt is None else f"{text} receipt={self.receipt}"


def parse_args(argv):
    """Return Options, or an int exit code (help, version)."""
    o = Options()
    valued = {"--retries", "--connect-timeout", "--chunk-size", "--drain-timeout", "--send-buffer"}
    opts, pos = sbnet.split_args(argv, valued)
    for name, value in opts:
        if name in ("-h", "--help"):
            sbnet.out(USAGE)
            return sbnet.EX_OK
        if name == "--version":
            sbnet.out(f"client (SocketBench Python) {sbnet.VERSION}\n")
            return sbnet.EX_OK
        if name in ("-v", "--verbose"):
            o.verbose = True
        elif name == "--receipt":
            o.receipt = True
        elif name == "--retries":
            o.retries = sbnet.parse_uint(value, 0, 1000, "--retries")
        elif name == "--connect-timeout":
            o.connect_timeout = sbnet.parse_seconds(value, 0.001, 3600, "--connect-timeout")
        elif name == "--drain-timeout":
            o.drain_timeout = sbnet.parse_seconds(value, 0, 3600, "--drain-timeout")
        elif name == "--send-buffer":
            o.send_buffer = sbnet.parse_uint(value, 1024, 64 << 20, "--send-buffer")
        elif name == "--chunk-size":
            o.chunk = sbnet.parse_uint(value, 1, 64 << 20, "--chunk-size")
        else:
            raise UsageError(f"unknown option '{name}'")
    if len(pos) < 2:
        raise UsageError("missing HOST or PORT (usage: client [options] HOST PORT)")
    if len(pos) > 2:
        raise UsageError(f"unexpected extra argument '{pos[2]}'")
    if not pos[0]:
        raise UsageError("HOST must not be empty, got ''")
    o.host = pos[0]
    o.port = sbnet.parse_uint(pos[1], 1, 65535, "PORT")
    return o


def classify(err):
    """Connect errno -> 0 (retryable) or the fatal exit code."""
    if err in RETRYABLE or err is None:  # None: our own per-attempt timeout
        return 0
    if err in (errno.EACCES, errno.EPERM):
        return sbnet.EX_NOPERM
    return sbnet.EX_UNAVAILABLE


def resolve(o):
    """getaddrinfo; returns (infos, None) or (None, (class, message))."""
    try:
        return socket.getaddrinfo(o.host, o.port, type=socket.SOCK_STREAM), None
    except socket.gaierror as e:
        if e.errno in GAI_RETRYABLE:
            cls = 0
        elif e.errno == socket.EAI_FAMILY:
            cls = sbnet.EX_UNAVAILABLE
        else:
            cls = sbnet.EX_NOHOST
        return None, (cls, f"resolve {o.host}: {e.strerror}")
    except (UnicodeError, ValueError) as e:
        return None, (sbnet.EX_NOHOST, f"resolve {o.host}: invalid host name ({e})")


def connect_once(o):
    """One attempt over every address: (socket, None) or (None, (class, message)).

    The attempt's budget (connect_timeout) is shared: each address gets an
    equal part of what is left, so one that black-holes cannot use it all
    before the next is tried."""
    deadline = time.monotonic() + o.connect_timeout
    infos, failure = resolve(o)
    if failure:
        return None, failure
    retry, fatal = None, None
    for index, (family, type_, proto, _, addr) in enumerate(infos):
        where = sbnet.format_addr(addr)
        share = (deadline - time.monotonic()) / (len(infos) - index)
        if share <= 0:
            retry = (0, f"connect to {o.host} port {o.port}: no answer within {int(o.connect_timeout * 1000)} ms")
            break
        try:
            sock = socket.socket(family, type_, proto)
        except OSError as e:
            failure = (classify(e.errno), f"socket for {where}: {e.strerror}")
        else:
            try:
                if o.send_buffer:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, o.send_buffer)
                sock.settimeout(share)
                sock.connect(addr)
                sock.setblocking(False)
                return sock, None
            except OSError as e:
                sock.close()
                if e.errno is None:
                    why = f"no answer within {int(share * 1000)} ms"
                else:
                    why = e.strerror
                failure = (classify(e.errno), f"connect to {where}: {why}")
        if failure[0] == 0:
            retry = failure
        elif fatal is None:
            fatal = failure
    return None, retry or fatal


def connect_with_retries(o, stats):
    while True:
        stats.attempts += 1
        sock, failure = connect_once(o)
        if sock is not None:
            return sock
        cls, message = failure
        if cls != 0:
            raise Fatal(cls, message)
        if stats.attempts > o.retries:
            raise Fatal(sbnet.EX_TEMPFAIL, f"giving up after {stats.attempts} attempts: {message}")
        delay = min(BACKOFF_BASE_S * 2 ** min(stats.attempts - 1, 5), BACKOFF_MAX_S)
        time.sleep(delay * random.uniform(0.75, 1.25))


def send_all(sock, view, stats, poller):
    """Send every byte of view on the non-blocking socket, counting calls."""
    while view:
        stats.send_calls += 1
        try:
            n = sock.send(view, socket.MSG_NOSIGNAL)
        except BlockingIOError:
            stats.would_block += 1
            poller.poll()
            continue
        except InterruptedError:
            continue
        if n < len(view):
            stats.partial_sends += 1
        stats.sent += n
        view = view[n:]


def drain(o, sock, stats, buf):
    """Wait up to drain_timeout for the server's close; Fatal(74) on a reset."""
    deadline = time.monotonic() + o.drain_timeout
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return  # clean send, no close seen within the wait: accepted
        if not poller.poll(left * 1000):
            continue
        try:
            if sock.recv_into(buf) == 0:
                return
        except (BlockingIOError, InterruptedError):
            continue
        except OSError as e:
            raise Fatal(sbnet.EX_IOERR, f"{e.strerror or e} while waiting for the server to close "
                                        f"after {stats.sent} bytes sent: delivery not confirmed") from e


def judge_receipt(stats, got, how):
    """Compare what the server sent before closing with what we sent;
    Fatal(74) naming the difference."""
    stats.receipt = "mismatch"
    if not got:
        stats.receipt = "none"
        raise Fatal(sbnet.EX_IOERR, f"receipt: none ({how})")
    parsed = sbreceipt.parse(got)
    if parsed is None:
        raise Fatal(sbnet.EX_IOERR, f"receipt: malformed: {sbreceipt.escape(got)}")
    nbytes, hexdigest = parsed
    if nbytes != stats.sent:
        raise Fatal(sbnet.EX_IOERR, f"receipt: server wrote {nbytes} of {stats.sent} bytes")
    if hexdigest != stats.digest.hexdigest():
        raise Fatal(sbnet.EX_IOERR, f"receipt: sha256 differs ({nbytes} bytes each)")
    stats.receipt = "ok"


def drain_receipt(o, sock, stats):
    """--receipt: read until the server closes (at most sbreceipt.MAX bytes,
    bounded by drain_timeout), then judge what came."""
    deadline = time.monotonic() + o.drain_timeout
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    got = bytearray()
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return judge_receipt(stats, bytes(got), f"timed out after {o.drain_timeout:g} s")
        if not poller.poll(left * 1000):
            continue
        try:
            data = sock.recv(sbreceipt.MAX + 1 - len(got))
        except (BlockingIOError, InterruptedError):
            continue
        except OSError:
            return judge_receipt(stats, bytes(got), "reset")
        if not data:
            return judge_receipt(stats, bytes(got), "server closed without one")
        got += data
        if len(got) > sbreceipt.MAX:
            return judge_receipt(stats, bytes(got), "")


def stream_stdin(o, sock, stats, buf):
    view = memoryview(buf)
    poller = select.poll()
    poller.register(sock, select.POLLOUT)
    while True:
        try:
            n = os.readv(0, [buf])
        except InterruptedError:
            continue
        except OSError as e:
            raise Fatal(sbnet.EX_IOERR, f"reading stdin: {e.strerror} ({stats.sent} bytes sent)") from e
        if n == 0:
            break
        stats.chunks += 1
        try:
            send_all(sock, view[:n], stats, poller)
        except OSError as e:
            raise Fatal(sbnet.EX_IOERR, f"send: {e.strerror or e} after {stats.sent} bytes sent "
                                        f"to {o.host} port {o.port}") from e
        if stats.digest is not None:
            stats.digest.update(view[:n])
    try:
        sock.shutdown(socket.SHUT_WR)
    except OSError as e:
        raise Fatal(sbnet.EX_IOERR, f"shutdown after {stats.sent} bytes sent: {e.strerror}") from e
    if o.receipt:
        drain_receipt(o, sock, stats)
    else:
        drain(o, sock, stats, buf)


def main(argv):
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends us like the C client
    closed = sbnet.reserve_std_fds()
    try:
        o = parse_args(argv)
    except UsageError as e:
        sbnet.log(PROG, f"{e} (try --help)")
        return sbnet.EX_USAGE
    if isinstance(o, int):
        return o
    stats, start, sock, rc = Stats(), time.monotonic(), None, sbnet.EX_OK
    if o.receipt:
        stats.digest, stats.receipt = hashlib.sha256(), "none"
    try:
        if 0 in closed:
            raise Fatal(sbnet.EX_IOERR, "reading stdin: Bad file descriptor (0 bytes sent)")
        buf = bytearray(o.chunk)
        sock = connect_with_retries(o, stats)
        stream_stdin(o, sock, stats, buf)
    except Fatal as e:
        sbnet.log(PROG, str(e))
        rc = e.code
    except Exception as e:  # a bug: still one line, never a traceback
        sbnet.log(PROG, f"internal error: {type(e).__name__}: {e}")
        rc = sbnet.EX_SOFTWARE
    finally:
        if sock is not None:
            sock.close()
    if o.verbose:
        sbnet.log(PROG, stats.line(int((time.monotonic() - start) * 1000)))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
