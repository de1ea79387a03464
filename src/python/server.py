"""SocketBench Python server (DESIGN section 2).

Accepts one client at a time, copies its bytes to stdout (fd 1, unchanged)
until EOF, then closes it and accepts the next. SIGINT/SIGTERM stop
accepting; the client in progress gets a short grace period. Exit codes:
DESIGN section 4.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))

import errno  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402

import sbnet  # noqa: E402
from sbnet import Fatal, UsageError  # noqa: E402

PROG = "server"
BUF_SIZE = 65536
GRACE_S = 2.0
BACKOFF_MIN_S, BACKOFF_MAX_S, LOG_EVERY_S = 0.005, 1.0, 5.0
# TCP keepalive on accepted sockets: first probe after 60 s of silence, then one
# every 10 s; 6 unanswered probes drop the connection (a vanished peer, ~2 min).
KEEPIDLE_S, KEEPINTVL_S, KEEPCNT = 60, 10, 6
PER_CLIENT_ACCEPT = {errno.ECONNABORTED, errno.ECONNRESET, errno.EPROTO, errno.ENOPROTOOPT,
                     errno.EHOSTDOWN, errno.ENONET, errno.EHOSTUNREACH, errno.EOPNOTSUPP,
                     errno.ENETUNREACH, errno.ENETDOWN, errno.EPERM, errno.ETIMEDOUT}
RESOURCE = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}

USAGE = """usage: server [options] PORT
Print each client's message to stdout, one client at a time.
  PORT                  decimal 0..65535 (0: any free port, logged on stderr)
  --backlog N           listen queue length (default 10)
  --bind ADDR           numeric address to listen on (default :: dual-stack)
  --idle-timeout SECS   drop a client silent this long (default off)
  --client-timeout SECS drop a client connected this long, however it trickles (default off)
  -v, --verbose         one stderr line per client
  -h, --help            show this help;  --version  show the version
exit: 0 signal, 64 usage, 69 port in use/address not here, 71 OS error,
      74 stdout write failed, 77 permission denied
"""


class Options:
    bind = None
    port = 0
    backlog = 10
    idle = 0.0
    client_timeout = 0.0
    verbose = False


class State:
    stopping = False


def log(message):
    sbnet.log(PROG, message)


def parse_args(argv):
    """Return Options, or an int exit code (help, version)."""
    o = Options()
    opts, pos = sbnet.split_args(argv, {"--backlog", "--bind", "--idle-timeout", "--client-timeout"})
    for name, value in opts:
        if name in ("-h", "--help"):
            sbnet.out(USAGE)
            return sbnet.EX_OK
        if name == "--version":
            sbnet.out(f"server (SocketBench Python) {sbnet.VERSION}\n")
            return sbnet.EX_OK
        if name in ("-v", "--verbose"):
            o.verbose = True
        elif name == "--backlog":
            o.backlog = sbnet.parse_uint(value, 1, 65535, "--backlog")
        elif name == "--bind":
            if not value:
                raise UsageError("--bind needs an address, got ''")
            o.bind = value
        elif name == "--idle-timeout":
            o.idle = sbnet.parse_seconds(value, 0, 1e6, "--idle-timeout")
        elif name == "--client-timeout":
            o.client_timeout = sbnet.parse_seconds(value, 0, 1e6, "--client-timeout")
        else:
            raise UsageError(f"unknown option '{name}'")
    if not pos:
        raise UsageError("missing PORT (usage: server [options] PORT)")
    if len(pos) > 1:
        raise UsageError(f"unexpected extra argument '{pos[1]}'")
    o.port = sbnet.parse_uint(pos[0], 0, 65535, "PORT")
    return o


def listen_exit_code(err):
    if err in (errno.EADDRINUSE, errno.EADDRNOTAVAIL):
        return sbnet.EX_UNAVAILABLE
    if err in (errno.EACCES, errno.EPERM):
        return sbnet.EX_NOPERM
    return sbnet.EX_OSERR


def listen_on(family, addr, backlog):
    """Socket, SO_REUSEADDR, dual-stack, bind, listen; Fatal on failure."""
    where = sbnet.format_addr(addr)
    try:
        sock = socket.socket(family, socket.SOCK_STREAM)
    except OSError as e:
        raise Fatal(listen_exit_code(e.errno), f"socket for {where}: {e.strerror}") from e
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6:
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        stage = "bind"
        sock.bind(addr)
        stage = "listen on"
        sock.listen(backlog)
        return sock
    except OSError as e:
        sock.close()
        extra = {errno.EADDRINUSE: ": port already in use",
                 errno.EADDRNOTAVAIL: ": address is not on this host"}.get(e.errno, "")
        raise Fatal(listen_exit_code(e.errno), f"{stage} {where}{extra}: {e.strerror}") from e


def open_listener(o):
    """Return (listening socket, address shown in the log)."""
    if o.bind is None:
        try:
            return listen_on(socket.AF_INET6, ("::", o.port), o.backlog), "::"
        except Fatal as e:
            if e.__cause__ is None or e.__cause__.errno not in (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL):
                raise
        return listen_on(socket.AF_INET, ("0.0.0.0", o.port), o.backlog), "0.0.0.0"
    flags = socket.AI_PASSIVE | socket.AI_NUMERICHOST | socket.AI_NUMERICSERV
    try:
        info = socket.getaddrinfo(o.bind, o.port, type=socket.SOCK_STREAM, flags=flags)[0]
    except (socket.gaierror, UnicodeError, ValueError) as e:
        raise UsageError(f"bad bind address '{o.bind}': {getattr(e, 'strerror', None) or e}") from e
    return listen_on(info[0], info[4], o.backlog), o.bind


def write_all(view):
    """Write every byte of view to fd 1; Fatal(74) if stdout fails."""
    while view:
        try:
            view = view[os.write(1, view):]
        except BlockingIOError:
            select.select([], [1], [])
        except OSError as e:
            raise Fatal(sbnet.EX_IOERR, f"stdout write: {e.strerror}") from e


def take_signal(wake):
    try:
        while wake.recv(64):
            pass
    except OSError:
        pass
    State.stopping = True


def keep_alive(conn, peer):
    """Turn TCP keepalive on (best effort: a failure is one line)."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPIDLE_S)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPINTVL_S)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPCNT)
    except OSError as e:
        log(f"setsockopt keepalive for {peer}: {e.strerror} (serving it anyway)")


def serve_client(conn, peer, o, wake, buf):
    """Copy one client's bytes to stdout until EOF, error, idle timeout,
    client timeout or the end of the shutdown grace period; then close it."""
    start = last = time.monotonic()
    client_end = start + o.client_timeout if o.client_timeout > 0 else None
    nbytes, outcome = 0, "eof"
    grace_end = start + GRACE_S if State.stopping else None
    poller = select.poll()
    poller.register(conn, select.POLLIN)
    if grace_end is None:
        poller.register(wake, select.POLLIN)
    view = memoryview(buf)
    try:
        while True:
            now = time.monotonic()
            # Checked on every pass, not only when poll times out: a steady sender never lets it.
            if client_end is not None and now >= client_end:
                log(f"client {peer}: client timeout of {int(o.client_timeout * 1000)} ms reached: "
                    f"closing after {nbytes} bytes (bytes so far are on stdout)")
                outcome = "client timeout"
                break
            timeout = last + o.idle - now if o.idle > 0 else None
            for end in (grace_end, client_end):
                if end is not None and (timeout is None or end - now < timeout):
                    timeout = end - now
            events = poller.poll(None if timeout is None else max(0.0, timeout) * 1000)
            if grace_end is None and any(fd == wake.fileno() for fd, _ in events):
                take_signal(wake)
                poller.unregister(wake)
                grace_end = time.monotonic() + GRACE_S
                continue
            now = time.monotonic()
            if not events:
                if grace_end is not None and now >= grace_end:
                    log(f"shutting down: closing {peer} after {nbytes} bytes (grace period over)")
                    outcome = "cut by shutdown"
                    break
                if o.idle > 0 and now - last >= o.idle:
                    log(f"client {peer} idle for {int(o.idle * 1000)} ms: closing after {nbytes} bytes")
                    outcome = "idle timeout"
                    break
                continue
            try:
                n = conn.recv_into(buf)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as e:
                log(f"recv from {peer}: {e.strerror or e} ({nbytes} bytes received, still serving)")
                outcome = "error"
                break
            if n == 0:
                break
            nbytes += n
            last = now
            try:
                write_all(view[:n])
            except Fatal:
                outcome = "stdout failed"
                raise
    finally:
        conn.close()
        if o.verbose:
            ms = int((time.monotonic() - start) * 1000)
            log(f"client {peer}: {nbytes} bytes in {ms} ms, {outcome}")


def wait_wake(wake, seconds):
    """Sleep up to seconds; True if a signal arrived meanwhile."""
    ready, _, _ = select.select([wake], [], [], seconds)
    return bool(ready)


def accept_loop(lsock, o, wake):
    """Accept and serve clients until a signal; Fatal on unrecoverable errors."""
    buf = bytearray(BUF_SIZE)
    backoff, last_log = 0.0, -LOG_EVERY_S
    poller = select.poll()
    poller.register(lsock, select.POLLIN)
    poller.register(wake, select.POLLIN)
    while not State.stopping:
        events = poller.poll()
        if any(fd == wake.fileno() for fd, _ in events):
            take_signal(wake)
            break
        try:
            conn, addr = lsock.accept()
        except (BlockingIOError, InterruptedError):
            continue
        except OSError as e:
            if e.errno in PER_CLIENT_ACCEPT:
                log(f"accept: {e.strerror} (one client lost, still serving)")
                continue
            if e.errno not in RESOURCE:
                raise Fatal(sbnet.EX_OSERR, f"accept: {e.strerror}") from e
            backoff = min(backoff * 2, BACKOFF_MAX_S) if backoff else BACKOFF_MIN_S
            if time.monotonic() - last_log >= LOG_EVERY_S:
                log(f"accept: {e.strerror} (backing off {int(backoff * 1000)} ms, still serving)")
                last_log = time.monotonic()
            if wait_wake(wake, backoff):
                take_signal(wake)
                break
            continue
        backoff = 0.0
        conn.setblocking(False)
        peer = sbnet.format_addr(addr)
        keep_alive(conn, peer)
        serve_client(conn, peer, o, wake, buf)


def run(argv, wake):
    o = parse_args(argv)
    if isinstance(o, int):
        return o
    lsock, shown = open_listener(o)
    try:
        lsock.setblocking(False)
        log(f"listening on {shown} port {lsock.getsockname()[1]}")
        accept_loop(lsock, o, wake)
    finally:
        lsock.close()
    return sbnet.EX_OK


def install_signals():
    """Self-pipe: the wakeup fd makes poll() return on SIGINT/SIGTERM."""
    wake_r, wake_w = socket.socketpair()
    wake_r.setblocking(False)
    wake_w.setblocking(False)
    signal.set_wakeup_fd(wake_w.fileno(), warn_on_full_buffer=False)

    def on_signal(_signum, _frame):
        State.stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    return wake_r, wake_w


def main(argv):
    closed = sbnet.reserve_std_fds()
    try:
        wake_r, _wake_w = install_signals()
        if 1 in closed:
            opts = parse_args(argv)
            if isinstance(opts, int):
                return opts
            raise Fatal(sbnet.EX_IOERR, "stdout is closed: Bad file descriptor")
        return run(argv, wake_r)
    except UsageError as e:
        log(f"{e} (try --help)")
        return sbnet.EX_USAGE
    except Fatal as e:
        log(str(e))
        return e.code
    except OSError as e:
        log(f"{e.strerror or e}")
        return sbnet.EX_OSERR
    except Exception as e:  # a bug: still one line, never a traceback
        log(f"internal error: {type(e).__name__}: {e}")
        return sbnet.EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
