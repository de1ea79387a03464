"""What the sequential server (server.py) and --concurrency (sbconc.py) share:
the shutdown state, accepting one client, the receive loop and the receipt.
DESIGN sections 2 and 3a.
"""
import errno
import hashlib
import os
import select
import socket
import time

import sbnet
import sbreceipt
from sbnet import Fatal

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

# How one client's receive loop ended.
RX_EOF, RX_ERROR, RX_IDLE, RX_CLIENT_TIMEOUT, RX_SHUTDOWN, RX_SINK_FAILED = range(6)
# How one accept attempt ended.
ACC_OK, ACC_AGAIN, ACC_SIGNAL = range(3)


class State:
    stopping = False  # set by the main thread once SIGINT/SIGTERM has been seen


def log(message):
    sbnet.log(PROG, message)


def take_signal(wake):
    """Empty the signal self-pipe and start stopping (main thread)."""
    try:
        while wake.recv(64):
            pass
    except OSError:
        pass
    State.stopping = True


def write_all(view):
    """Write every byte of view to fd 1; Fatal(74) if stdout fails."""
    while view:
        try:
            view = view[os.write(1, view):]
        except BlockingIOError:
            select.select([], [1], [])
        except OSError as e:
            raise Fatal(sbnet.EX_IOERR, f"stdout write: {e.strerror}") from e


def keep_alive(conn, peer):
    """Turn TCP keepalive on (best effort: a failure is one line)."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, KEEPIDLE_S)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, KEEPINTVL_S)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPCNT, KEEPCNT)
    except OSError as e:
        log(f"setsockopt keepalive for {peer}: {e.strerror} (serving it anyway)")


class Acceptor:
    """Accepts one client at a time from a non-blocking listener, with the
    resource back-off (5 ms doubling to 1 s, logged at most every 5 s)."""

    def __init__(self, lsock, wake):
        self.lsock, self.wake = lsock, wake
        self.backoff, self.last_log = 0.0, -LOG_EVERY_S

    def accept(self):
        """(ACC_OK, conn, peer), (ACC_AGAIN, None, None) or (ACC_SIGNAL, None, None)
        when a signal came during a back-off; Fatal on unrecoverable errors."""
        try:
            conn, addr = self.lsock.accept()
        except (BlockingIOError, InterruptedError):
            return ACC_AGAIN, None, None
        except OSError as e:
            if e.errno in PER_CLIENT_ACCEPT:
                log(f"accept: {e.strerror} (one client lost, still serving)")
                return ACC_AGAIN, None, None
            if e.errno not in RESOURCE:
                raise Fatal(sbnet.EX_OSERR, f"accept: {e.strerror}") from e
            self.backoff = min(self.backoff * 2, BACKOFF_MAX_S) if self.backoff else BACKOFF_MIN_S
            if time.monotonic() - self.last_log >= LOG_EVERY_S:
                log(f"accept: {e.strerror} (backing off {int(self.backoff * 1000)} ms, still serving)")
                self.last_log = time.monotonic()
            ready, _, _ = select.select([self.wake], [], [], self.backoff)
            return (ACC_SIGNAL if ready else ACC_AGAIN), None, None
        self.backoff = 0.0
        conn.setblocking(False)
        peer = sbnet.format_addr(addr)
        keep_alive(conn, peer)
        return ACC_OK, conn, peer


class Receive:
    """One client's receive loop: bytes go to sink(view) until EOF, a recv
    error, the idle or client timeout, or the end of the shutdown grace
    period (which starts when wake becomes readable). Logs nothing and does
    not close the connection: the caller reports the outcome in its words.

    own_wake: wake is the signal self-pipe (drain it); else a stop pipe that
    other threads watch too (leave it)."""

    def __init__(self, conn, o, wake, own_wake, stopping, buf, sink):
        self.conn, self.o, self.wake, self.own_wake = conn, o, wake, own_wake
        self.stopping, self.buf, self.sink = stopping, buf, sink
        self.nbytes, self.error = 0, None
        self.start = time.monotonic()

    def run(self):
        o, buf, sink = self.o, self.buf, self.sink
        last = self.start
        client_end = self.start + o.client_timeout if o.client_timeout > 0 else None
        grace_end = self.start + GRACE_S if self.stopping else None
        poller = select.poll()
        poller.register(self.conn, select.POLLIN)
        if grace_end is None:
            poller.register(self.wake, select.POLLIN)
        view = memoryview(buf)
        while True:
            now = time.monotonic()
            # Checked on every pass, not only when poll times out: a steady sender never lets it.
            if client_end is not None and now >= client_end:
                return RX_CLIENT_TIMEOUT
            timeout = last + o.idle - now if o.idle > 0 else None
            for end in (grace_end, client_end):
                if end is not None and (timeout is None or end - now < timeout):
                    timeout = end - now
            events = poller.poll(None if timeout is None else max(0.0, timeout) * 1000)
            if grace_end is None and any(fd == self.wake.fileno() for fd, _ in events):
                if self.own_wake:
                    take_signal(self.wake)
                poller.unregister(self.wake)
                grace_end = time.monotonic() + GRACE_S
                continue
            now = time.monotonic()
            if not events:
                if grace_end is not None and now >= grace_end:
                    return RX_SHUTDOWN
                if o.idle > 0 and now - last >= o.idle:
                    return RX_IDLE
                continue
            try:
                n = self.conn.recv_into(buf)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError as e:
                self.error = e
                return RX_ERROR
            if n == 0:
                return RX_EOF
            self.nbytes += n
            last = now
            if not sink(view[:n]):
                return RX_SINK_FAILED


def new_hash():
    return hashlib.sha256()


def send_receipt(conn, peer, nbytes, digest, verbose):
    """Send the receipt line without blocking (the socket is non-blocking).
    A failure is this client's problem: one line under -v."""
    line = sbreceipt.format_line(nbytes, digest.hexdigest())
    try:
        sent = conn.send(line, socket.MSG_NOSIGNAL)
        why = None if sent == len(line) else "short send"
    except OSError as e:
        why = e.strerror or str(e)
    if why and verbose:
        log(f"client {peer}: receipt not sent: {why}")
