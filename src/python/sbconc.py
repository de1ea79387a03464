"""`server --concurrency N` (DESIGN 3a).

The main thread accepts while fewer than N clients are being served and
starts one thread per client. A thread spools its client's bytes (sbspool)
and, at the client's EOF, writes the whole message to stdout under one lock:
messages leave in completion order and never interleave. Then the receipt
(if on), then the close. A finished thread queues itself and writes a byte to
the done pipe, so the main thread wakes up, joins it and counts it out.

Shutdown: the main thread stops accepting and writes one byte to the stop
pipe, which it never drains, so every thread's poll sees it; each client then
has the grace period to finish, and what is still unfinished is discarded
with one line. The main thread returns once every thread is done.
"""
import queue
import select
import socket
import struct
import threading
import time

import sbnet
import sbserve
import sbspool
from sbnet import Fatal
from sbserve import State, log


def reset_on_close(conn):
    """SO_LINGER 0: the close sends a reset, so the client cannot take it
    for "my bytes reached stdout"."""
    try:
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


class ConcurrentServer:
    def __init__(self, lsock, o, wake):
        self.lsock, self.o, self.wake = lsock, o, wake
        self.stop_r, self.stop_w = socket.socketpair()
        self.done_r, self.done_w = socket.socketpair()
        self.done_r.setblocking(False)
        self.out_lock = threading.Lock()  # held while one message goes to stdout
        self.out_failed = None            # under out_lock: the Fatal of a dead stdout
        self.threads = set()
        self.stop_sent = False
        self.finished = queue.SimpleQueue()  # threads that are about to end

    def close(self):
        for s in (self.stop_r, self.stop_w, self.done_r, self.done_w):
            s.close()

    def write_message(self, peer, spool, buf):
        """Whole spool to stdout under the lock; False if that failed."""
        with self.out_lock:
            if self.out_failed is not None:
                return False
            try:
                spool.write_out(buf)
                return True
            except Fatal as e:
                self.out_failed = e  # the main thread reports it and exits 74
            except OSError as e:
                log(f"{peer}: spool file read: {e.strerror or e}: message cut short on stdout")
            return False

    def serve(self, conn, peer):
        """One client: spool until it ends, then write, receipt, close."""
        o = self.o
        buf = bytearray(sbserve.BUF_SIZE)
        spool = sbspool.Spool(o.spool_memory)
        digest = sbserve.new_hash() if o.receipt else None
        failure = []

        def to_spool(view):
            try:
                spool.append(view)
            except OSError as e:
                failure.append(e)
                return False
            if digest is not None:
                digest.update(view)
            return True

        rx = sbserve.Receive(conn, o, self.stop_r, False, False, buf, to_spool)
        outcome = "eof"
        try:
            end = rx.run()
            if end == sbserve.RX_EOF:
                if not self.write_message(peer, spool, buf):
                    outcome = "stdout failed"
                    reset_on_close(conn)  # the client must not take the close for a delivery
                elif digest is not None:
                    sbserve.send_receipt(conn, peer, rx.nbytes, digest, o.verbose)
            elif end == sbserve.RX_SHUTDOWN:
                log(f"{peer}: discarded {rx.nbytes} bytes (unfinished at shutdown)")
                outcome = "discarded at shutdown"
                reset_on_close(conn)  # nothing of it is on stdout: a FIN would read as a delivery
            elif end == sbserve.RX_SINK_FAILED:
                e = failure[0]
                log(f"{peer}: spool file: {e.strerror or e} after {rx.nbytes} bytes; connection reset, nothing written")
                outcome = "spool failed"
                reset_on_close(conn)
            else:
                self.write_message(peer, spool, buf)
                log(f"{peer}: {self.describe(end, rx)} after {rx.nbytes} bytes; prefix written")
                outcome = {sbserve.RX_IDLE: "idle timeout", sbserve.RX_CLIENT_TIMEOUT: "client timeout"}.get(end, "error")
        finally:
            spool.close()
            conn.close()
            if o.verbose:
                log(f"client {peer}: {rx.nbytes} bytes in {int((time.monotonic() - rx.start) * 1000)} ms, {outcome}")

    def describe(self, end, rx):
        if end == sbserve.RX_IDLE:
            return f"idle for {int(self.o.idle * 1000)} ms"
        if end == sbserve.RX_CLIENT_TIMEOUT:
            return f"client timeout of {int(self.o.client_timeout * 1000)} ms reached"
        return f"recv: {rx.error.strerror or rx.error}"

    def client_thread(self, conn, peer):
        try:
            self.serve(conn, peer)
        except Exception as e:  # a bug: one line, the server goes on
            log(f"{peer}: internal error: {type(e).__name__}: {e}")
        finally:
            self.finished.put(threading.current_thread())
            try:
                self.done_w.send(b"x")
            except OSError:
                pass

    def reap(self):
        try:
            while self.done_r.recv(256):
                pass
        except (BlockingIOError, InterruptedError):
            pass
        while not self.finished.empty():
            t = self.finished.get()
            t.join()
            self.threads.discard(t)

    def begin_shutdown(self):
        """Stop accepting and start every client's grace period (once)."""
        sbserve.take_signal(self.wake)
        if not self.stop_sent:
            self.stop_sent = True
            self.stop_w.send(b"x")

    def run(self):
        """Accept while fewer than N are served, until a signal and every
        client is done; Fatal(74) on a dead stdout."""
        acceptor = sbserve.Acceptor(self.lsock, self.wake)
        while not State.stopping or self.threads:
            if State.stopping and not self.stop_sent:
                # The handler (on_signal) set the flag while we were not in select.
                self.begin_shutdown()
            watch = [self.done_r]
            if not State.stopping:
                watch.append(self.wake)
                if len(self.threads) < self.o.concurrency:
                    watch.append(self.lsock)
            ready, _, _ = select.select(watch, [], [])
            self.reap()
            with self.out_lock:
                if self.out_failed is not None:
                    raise self.out_failed
            if self.wake in ready:
                self.begin_shutdown()
                continue
            if self.lsock not in ready:
                continue
            result, conn, peer = acceptor.accept()
            if result == sbserve.ACC_SIGNAL:
                self.begin_shutdown()
            elif result == sbserve.ACC_OK:
                self.start(conn, peer)

    def start(self, conn, peer):
        t = threading.Thread(target=self.client_thread, args=(conn, peer), daemon=True)
        try:
            t.start()
        except RuntimeError as e:
            log(f"cannot start a thread for {peer}: {e} (connection reset, still serving)")
            reset_on_close(conn)
            conn.close()
            return
        self.threads.add(t)


def serve_concurrent(lsock, o, wake):
    server = ConcurrentServer(lsock, o, wake)
    try:
        server.run()
    finally:
        if not server.threads:
            server.close()
    return sbnet.EX_OK
