"""SocketBench Python server (DESIGN sections 2 and 3a).

By default accepts one client at a time, copies its bytes to stdout (fd 1,
unchanged) until EOF, then closes it and accepts the next. --concurrency N
serves up to N clients at once (sbconc.py); --receipt sends
"SBR/1 <bytes> <sha256>" after the flush. SIGINT/SIGTERM stop accepting;
clients in progress get a short grace period. Exit codes: DESIGN section 4.
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
import sbconc  # noqa: E402
import sbserve  # noqa: E402
from sbnet import Fatal, UsageError  # noqa: E402
from sbserve import State, log  # noqa: E402

MAX_CONCURRENCY = 1024
SPOOL_DEFAULT, SPOOL_MAX = 1 << 20, 1 << 30

USAGE = """usage: server [options] PORT
Print each client's message to stdout, one client at a time.
  PORT                  decimal 0..65535 (0: any free port, logged on stderr)
  --backlog N           listen queue length (default 10)
  --bind ADDR           numeric address to listen on (default :: dual-stack)
  --idle-timeout SECS   drop a client silent this long (default off)
  --client-timeout SECS drop a client connected this long, however it trickles (default off)
  --concurrency N       serve up to N clients at once, 1..1024 (default 1: one at a time);
                        each message is spooled and written whole at its EOF
  --spool-memory BYTES  per client, in memory before a temporary file (default 1048576)
  --receipt             after the flush, send 'SBR/1 <bytes> <sha256>' to the client
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
    concurrency = 1
    spool_memory = SPOOL_DEFAULT
    receipt = False


def parse_args(argv):
    """Return Options, or an int exit code (help, version)."""
    o = Options()
    valued = {"--backlog", "--bind", "--idle-timeout", "--client-timeout", "--concurrency", "--spool-memory"}
    opts, pos = sbnet.split_args(argv, valued)
    for name, value in opts:
        if name in ("-h", "--help"):
            sbnet.out(USAGE)
            return sbnet.EX_OK
        if name == "--version":
            sbnet.out(f"server (SocketBench Python) {sbnet.VERSION}\n")
            return sbnet.EX_OK
        if name in ("-v", "--verbose"):
            o.verbose = True
        elif name == "--receipt":
            o.receipt = True
        elif name == "--concurrency":
            o.concurrency = sbnet.parse_uint(value, 1, MAX_CONCURRENCY, "--concurrency")
        elif name == "--spool-memory":
            o.spool_memory = sbnet.parse_uint(value, 0, SPOOL_MAX, "--spool-memory")
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


def serve_client(conn, peer, o, wake, buf):
    """Copy one client's bytes to stdout until EOF, error, idle timeout,
    client timeout or the end of the shutdown grace period; then (receipt
    and) close it. Fatal(74) if stdout fails."""
    digest = sbserve.new_hash() if o.receipt else None

    def to_stdout(view):
        sbserve.write_all(view)
        if digest is not None:
            digest.update(view)
        return True

    rx = sbserve.Receive(conn, o, wake, True, State.stopping, buf, to_stdout)
    outcome = "eof"
    try:
        end = rx.run()
        if end == sbserve.RX_EOF and digest is not None:
            sbserve.send_receipt(conn, peer, rx.nbytes, digest, o.verbose)
        elif end == sbserve.RX_CLIENT_TIMEOUT:
            log(f"client {peer}: client timeout of {int(o.client_timeout * 1000)} ms reached: "
                f"closing after {rx.nbytes} bytes (bytes so far are on stdout)")
            outcome = "client timeout"
        elif end == sbserve.RX_SHUTDOWN:
            log(f"shutting down: closing {peer} after {rx.nbytes} bytes (grace period over)")
            outcome = "cut by shutdown"
        elif end == sbserve.RX_IDLE:
            log(f"client {peer} idle for {int(o.idle * 1000)} ms: closing after {rx.nbytes} bytes")
            outcome = "idle timeout"
        elif end == sbserve.RX_ERROR:
            log(f"recv from {peer}: {rx.error.strerror or rx.error} ({rx.nbytes} bytes received, still serving)")
            outcome = "error"
    except Fatal:
        outcome = "stdout failed"
        raise
    finally:
        conn.close()
        if o.verbose:
            ms = int((time.monotonic() - rx.start) * 1000)
            log(f"client {peer}: {rx.nbytes} bytes in {ms} ms, {outcome}")


def accept_loop(lsock, o, wake):
    """Accept and serve clients one at a time until a signal; Fatal on unrecoverable errors."""
    buf = bytearray(sbserve.BUF_SIZE)
    acceptor = sbserve.Acceptor(lsock, wake)
    poller = select.poll()
    poller.register(lsock, select.POLLIN)
    poller.register(wake, select.POLLIN)
    while not State.stopping:
        events = poller.poll()
        if any(fd == wake.fileno() for fd, _ in events):
            sbserve.take_signal(wake)
            break
        result, conn, peer = acceptor.accept()
        if result == sbserve.ACC_SIGNAL:
            sbserve.take_signal(wake)
        elif result == sbserve.ACC_OK:
            serve_client(conn, peer, o, wake, buf)


def run(argv, wake):
    o = parse_args(argv)
    if isinstance(o, int):
        return o
    lsock, shown = open_listener(o)
    try:
        lsock.setblocking(False)
        log(f"listening on {shown} port {lsock.getsockname()[1]}")
        if o.concurrency > 1:
            sbconc.serve_concurrent(lsock, o, wake)
        else:
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
