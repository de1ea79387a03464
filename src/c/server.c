/* server.c -- SocketBench C server (DESIGN sections 2 and 3a).
 *
 * By default accepts one client at a time, copies its bytes to stdout until
 * EOF, then closes it and accepts the next. --concurrency N serves up to N
 * clients at once (server_conc.c); --receipt sends "SBR/1 <bytes> <sha256>"
 * after the flush. SIGINT/SIGTERM stop accepting; clients in progress get a
 * short grace period. Exit codes: DESIGN section 4.
 */
#include "server.h"
#include "receipt.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SERVER_BACKOFF_MIN_MS 5
#define SERVER_BACKOFF_MAX_MS 1000

static const char usage[] =
    "usage: server [options] PORT\n"
    "Print each client's message to stdout, one client at a time.\n"
    "  PORT                  decimal 0..65535 (0: any free port, logged on stderr)\n"
    "  --backlog N           listen queue length (default 10)\n"
    "  --bind ADDR           numeric address to listen on (default :: dual-stack)\n"
    "  --idle-timeout SECS   drop a client silent this long (default off)\n"
    "  --client-timeout SECS drop a client connected this long, however it trickles (default off)\n"
    "  --concurrency N       serve up to N clients at once, 1..1024 (default 1: one at a time);\n"
    "                        each message is spooled and written whole at its EOF\n"
    "  --spool-memory BYTES  per client, in memory before a temporary file (default 1048576)\n"
    "  --receipt             after the flush, send 'SBR/1 <bytes> <sha256>' to the client\n"
    "  -v, --verbose         one stderr line per client\n"
    "  -h, --help            show this help;  --version  show the version\n"
    "exit: 0 signal, 64 usage, 69 port in use/address not here, 71 OS error,\n"
    "      74 stdout write failed, 77 permission denied\n";

int serverSigFd = -1;       /* self-pipe read end: the signal handler writes to sigwrite */
int serverStopping;         /* set once SIGINT/SIGTERM has been seen (main thread only) */
static int sigwrite = -1;
static char buf[SERVER_BUF_SIZE];

static void onSignal(int sig) {
    int saved = errno;
    char c = (char)sig;
    ssize_t r = write(sigwrite, &c, 1);
    (void)r;
    errno = saved;
}

/* Note a pending signal: empty the self-pipe and start stopping. */
void serverTakeSignal(void) {
    char tmp[16];
    while (read(serverSigFd, tmp, sizeof(tmp)) > 0) {}
    serverStopping = 1;
}

static int usageError(const char *what, const char *value) {
    fprintf(stderr, "server: %s '%s' (try --help)\n", what, value ? value : "");
    return SB_EX_USAGE;
}

/* Parse one option at argv[*i] into *o. Returns -1 to go on, else the exit code. */
static int parseOption(int argc, char **argv, int *i, serverOptions *o) {
    const char *a = argv[*i], *v;
    unsigned long n;
    double secs;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return SB_EX_OK; }
    if (!strcmp(a, "--version")) { printf("server (SocketBench C) %s\n", SB_VERSION); return SB_EX_OK; }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = 1; return -1; }
    if (!strcmp(a, "--receipt")) { o->receipt = 1; return -1; }
    if (sbOptMatch("--backlog", argc, argv, i, &v)) {
        if (sbParseUInt(v, 65535, &n) != SB_OK || n == 0)
            return usageError("--backlog must be 1..65535, got", v);
        o->backlog = (int)n;
    } else if (sbOptMatch("--bind", argc, argv, i, &v)) {
        if (v == NULL || *v == '\0') return usageError("--bind needs an address, got", v);
        o->bindaddr = v;
    } else if (sbOptMatch("--idle-timeout", argc, argv, i, &v)) {
        if (sbParseSeconds(v, 1e6, &secs) != SB_OK)
            return usageError("--idle-timeout must be seconds 0..1000000, got", v);
        o->idle_ms = (long long)(secs * 1000 + 0.5);
    } else if (sbOptMatch("--client-timeout", argc, argv, i, &v)) {
        if (sbParseSeconds(v, 1e6, &secs) != SB_OK)
            return usageError("--client-timeout must be seconds 0..1000000, got", v);
        o->client_ms = (long long)(secs * 1000 + 0.5);
    } else if (sbOptMatch("--concurrency", argc, argv, i, &v)) {
        if (sbParseUInt(v, SERVER_MAX_CONCURRENCY, &n) != SB_OK || n == 0)
            return usageError("--concurrency must be 1..1024, got", v);
        o->concurrency = (int)n;
    } else if (sbOptMatch("--spool-memory", argc, argv, i, &v)) {
        if (sbParseUInt(v, SERVER_SPOOL_MAX, &n) != SB_OK)
            return usageError("--spool-memory must be 0..1073741824 bytes, got", v);
        o->spool_memory = n;
    } else {
        return usageError("unknown option", a);
    }
    return -1;
}

/* Parse argv into *o. Returns -1 to go on, else the exit code to leave with. */
static int parseArgs(int argc, char **argv, serverOptions *o) {
    const char *port = NULL;
    unsigned long n;
    int i, rc, opts = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) { opts = 0; continue; }
        if (opts && a[0] == '-' && a[1] != '\0') {
            if ((rc = parseOption(argc, argv, &i, o)) >= 0) return rc;
            continue;
        }
        if (port != NULL) return usageError("unexpected extra argument", a);
        port = a;
    }
    if (port == NULL) { fputs("server: missing PORT (usage: server [options] PORT) (try --help)\n", stderr); return SB_EX_USAGE; }
    if (sbParseUInt(port, 65535, &n) != SB_OK)
        return usageError("PORT must be a decimal number 0..65535, got", port);
    o->port = (int)n;
    return -1;
}

static int minTimeout(int timeout, long long left) {
    int t = (int)(left > 0 ? left : 0);
    return (timeout < 0 || t < timeout) ? t : timeout;
}

/* Receive one client's bytes into c->sink until EOF, a recv error, the idle
 * or client timeout, or the end of the shutdown grace period (which starts
 * when c->wakefd becomes readable). Does not close c->fd and logs nothing:
 * the caller reports the outcome in its own words. */
rxEnd serverReceive(rxClient *c, const serverOptions *o) {
    long long last, grace_end = 0, now;
    long long client_end;
    int stopping = c->stopping;
    c->start = last = sbNowMs();
    c->bytes = 0;
    client_end = o->client_ms > 0 ? c->start + o->client_ms : 0;
    if (stopping) grace_end = c->start + SERVER_GRACE_MS;
    for (;;) {
        struct pollfd p[2];
        int timeout = -1, n;
        ssize_t r;
        p[0].fd = c->fd; p[0].events = POLLIN;
        p[1].fd = c->wakefd; p[1].events = POLLIN;
        now = sbNowMs();
        /* Checked on every pass, not only when poll times out: a steady sender never lets it. */
        if (client_end && now >= client_end) return RX_CLIENT_TIMEOUT;
        if (o->idle_ms > 0) timeout = minTimeout(timeout, last + o->idle_ms - now);
        if (client_end) timeout = minTimeout(timeout, client_end - now);
        if (stopping) timeout = minTimeout(timeout, grace_end - now);
        n = poll(p, stopping ? 1 : 2, timeout);
        if (n == -1 && errno == EINTR) continue;
        if (n == -1) { c->err = errno; c->op = "poll"; return RX_ERROR; }
        if (!stopping && p[1].revents) {
            if (c->own_wakefd) serverTakeSignal();
            stopping = 1;
            grace_end = sbNowMs() + SERVER_GRACE_MS;
            continue;
        }
        now = sbNowMs();
        if (n == 0) {
            if (stopping && now >= grace_end) return RX_SHUTDOWN;
            if (o->idle_ms > 0 && now - last >= o->idle_ms) return RX_IDLE;
            continue;
        }
        r = recv(c->fd, c->buf, c->buflen, 0);
        if (r > 0) {
            c->bytes += (unsigned long long)r;
            last = now;
            if (c->sink(c->ctx, c->buf, (size_t)r) == SB_ERR) return RX_SINK_FAILED;
            continue;
        }
        if (r == 0) return RX_EOF;
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        c->err = errno;
        c->op = "recv from";
        return RX_ERROR;
    }
}

/* Send the receipt for bytes (hash: what reached stdout) without blocking
 * and without SIGPIPE. A failure is this client's problem: one line under -v. */
void serverSendReceipt(int fd, const char *peer, unsigned long long bytes, sbSha256 *hash, int verbose) {
    char hex[SB_SHA256_HEX_LEN], line[SB_RECEIPT_MAX];
    int len;
    ssize_t n;
    sbSha256Hex(hash, hex);
    len = sbReceiptFormat(line, sizeof(line), bytes, hex);
    do {
        n = send(fd, line, (size_t)len, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n == -1 && errno == EINTR);
    if (n == len || !verbose) return;
    fprintf(stderr, "server: client %s: receipt not sent: %s\n", peer, n == -1 ? strerror(errno) : "short send");
}

typedef struct stdoutSink {
    char err[SB_ERR_LEN];
    sbSha256 hash;
    int hashing;
} stdoutSink;

/* Sequential sink: every chunk straight to stdout (and into the receipt's hash). */
static int writeStdout(void *ctx, const char *data, size_t len) {
    stdoutSink *s = ctx;
    if (sbWriteAll(s->err, STDOUT_FILENO, data, len) == SB_ERR) return SB_ERR;
    if (s->hashing) sbSha256Update(&s->hash, data, len);
    return SB_OK;
}

/* Copy one client's bytes to stdout until EOF, error, idle timeout, client
 * timeout or the end of the shutdown grace period; then (receipt and) close
 * it. Returns 0, or 74 if stdout failed. */
static int serveClient(int cfd, const char *peer, const serverOptions *o) {
    stdoutSink sink;
    rxClient c;
    const char *outcome = "eof";
    int rc = SB_EX_OK;
    rxEnd end;
    memset(&c, 0, sizeof(c));
    c.fd = cfd; c.peer = peer; c.wakefd = serverSigFd; c.own_wakefd = 1; c.stopping = serverStopping;
    c.buf = buf; c.buflen = sizeof(buf); c.sink = writeStdout; c.ctx = &sink;
    sink.hashing = o->receipt;
    if (o->receipt) sbSha256Init(&sink.hash);
    end = serverReceive(&c, o);
    switch (end) {
    case RX_EOF:
        if (o->receipt) serverSendReceipt(cfd, peer, c.bytes, &sink.hash, o->verbose);
        break;
    case RX_CLIENT_TIMEOUT:
        fprintf(stderr, "server: client %s: client timeout of %lld ms reached: closing after %llu bytes (bytes so far are on stdout)\n",
                peer, o->client_ms, c.bytes);
        outcome = "client timeout";
        break;
    case RX_SHUTDOWN:
        fprintf(stderr, "server: shutting down: closing %s after %llu bytes (grace period over)\n", peer, c.bytes);
        outcome = "cut by shutdown";
        break;
    case RX_IDLE:
        fprintf(stderr, "server: client %s idle for %lld ms: closing after %llu bytes\n", peer, o->idle_ms, c.bytes);
        outcome = "idle timeout";
        break;
    case RX_ERROR:
        if (!strcmp(c.op, "poll")) fprintf(stderr, "server: poll: %s\n", strerror(c.err));
        else fprintf(stderr, "server: recv from %s: %s (%llu bytes received, still serving)\n", peer, strerror(c.err), c.bytes);
        outcome = "error";
        break;
    case RX_SINK_FAILED:
        fprintf(stderr, "server: stdout %s\n", sink.err);
        outcome = "stdout failed";
        rc = SB_EX_IOERR;
        break;
    }
    close(cfd);
    if (o->verbose)
        fprintf(stderr, "server: client %s: %llu bytes in %lld ms, %s\n", peer, c.bytes, sbNowMs() - c.start, outcome);
    return rc;
}

/* Is this accept() errno about one pending connection only (accept(2), Linux)? */
static int isPerClientAcceptError(int e) {
    return e == ECONNABORTED || e == ECONNRESET || e == EPROTO || e == ENOPROTOOPT ||
           e == EHOSTDOWN || e == ENONET || e == EHOSTUNREACH || e == EOPNOTSUPP ||
           e == ENETUNREACH || e == ENETDOWN || e == EPERM || e == ETIMEDOUT;
}

static int isResourceError(int e) {
    return e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM;
}

/* Accept one client from the non-blocking lfd (call when it is readable) and
 * turn keepalive on. Per-client errors are one line (ACC_AGAIN); resource
 * errors back off 5 ms doubling to 1 s, watching the signal pipe (ACC_SIGNAL
 * if one came: the caller takes it); anything else is ACC_FATAL, logged. */
acceptEnd serverAcceptOne(int lfd, acceptState *st, int *cfd, char *peer, size_t peerlen) {
    char err[SB_ERR_LEN];
    struct pollfd p;
    int e;
    if (sbAccept(err, lfd, cfd, peer, peerlen) == SB_OK) {
        st->backoff = 0;
        if (sbKeepAlive(err, *cfd, SERVER_KEEPIDLE_S, SERVER_KEEPINTVL_S, SERVER_KEEPCNT) == SB_ERR)
            fprintf(stderr, "server: %s for %s (serving it anyway)\n", err, peer);
        return ACC_OK;
    }
    e = errno;
    if (e == EAGAIN || e == EWOULDBLOCK) return ACC_AGAIN;
    if (isPerClientAcceptError(e)) {
        fprintf(stderr, "server: %s (one client lost, still serving)\n", err);
        return ACC_AGAIN;
    }
    if (!isResourceError(e)) {
        fprintf(stderr, "server: %s\n", err);
        return ACC_FATAL;
    }
    st->backoff = st->backoff ? (st->backoff * 2 > SERVER_BACKOFF_MAX_MS ? SERVER_BACKOFF_MAX_MS : st->backoff * 2)
                              : SERVER_BACKOFF_MIN_MS;
    if (sbNowMs() - st->last_log >= SERVER_LOG_EVERY_MS) {
        fprintf(stderr, "server: %s (backing off %lld ms, still serving)\n", err, st->backoff);
        st->last_log = sbNowMs();
    }
    p.fd = serverSigFd;
    p.events = POLLIN;
    return poll(&p, 1, (int)st->backoff) > 0 ? ACC_SIGNAL : ACC_AGAIN;
}

/* Accept and serve clients one at a time until a signal (returns 0) or a fatal error. */
static int acceptLoop(int lfd, const serverOptions *o) {
    acceptState st = {0, -SERVER_LOG_EVERY_MS};
    char peer[SB_ADDR_LEN];
    int cfd, rc;
    while (!serverStopping) {
        struct pollfd p[2];
        p[0].fd = lfd; p[0].events = POLLIN;
        p[1].fd = serverSigFd; p[1].events = POLLIN;
        if (poll(p, 2, -1) == -1) {
            if (errno == EINTR) continue;
            perror("server: poll");
            return SB_EX_OSERR;
        }
        if (p[1].revents) { serverTakeSignal(); break; }
        switch (serverAcceptOne(lfd, &st, &cfd, peer, sizeof(peer))) {
        case ACC_AGAIN: continue;
        case ACC_SIGNAL: serverTakeSignal(); continue;
        case ACC_FATAL: return SB_EX_OSERR;
        case ACC_OK: break;
        }
        if ((rc = serveClient(cfd, peer, o)) != SB_EX_OK) return rc;
    }
    return SB_EX_OK;
}

static int listenExitCode(int e) {
    if (e == EADDRINUSE || e == EADDRNOTAVAIL) return SB_EX_UNAVAILABLE;
    if (e == EACCES || e == EPERM) return SB_EX_NOPERM;
    return SB_EX_OSERR;
}

int main(int argc, char **argv) {
    serverOptions o = {NULL, 0, 10, 0, 0, 0, 1, SERVER_SPOOL_DEFAULT, 0};
    char err[SB_ERR_LEN], shown[SB_ADDR_LEN];
    struct sigaction sa;
    int rc, lfd = -1, port, sigfds[2], closed = sbReserveStdFds();

    if ((rc = parseArgs(argc, argv, &o)) >= 0) return rc;
    if (closed & (1 << STDOUT_FILENO)) {
        fprintf(stderr, "server: stdout is closed: %s\n", strerror(EBADF));
        return SB_EX_IOERR;
    }
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(sigfds, O_NONBLOCK | O_CLOEXEC) == -1) { perror("server: pipe"); return SB_EX_OSERR; }
    serverSigFd = sigfds[0];
    sigwrite = sigfds[1];
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = onSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    if (sbTcpListen(err, o.bindaddr, o.port, o.backlog, &lfd, shown, sizeof(shown)) == SB_ERR) {
        int e = errno; /* before fprintf can change it */
        fprintf(stderr, "server: %s\n", err);
        rc = e == EINVAL && o.bindaddr ? SB_EX_USAGE : listenExitCode(e);
        goto cleanup;
    }
    if (sbLocalPort(err, lfd, &port) == SB_ERR || sbSetNonBlock(err, lfd, 1) == SB_ERR) {
        fprintf(stderr, "server: %s\n", err);
        rc = SB_EX_OSERR;
        goto cleanup;
    }
    fprintf(stderr, "server: listening on %s port %d\n", shown, port);
    rc = o.concurrency > 1 ? serveConcurrent(lfd, &o) : acceptLoop(lfd, &o);
cleanup:
    if (lfd >= 0) close(lfd);
    close(sigfds[0]);
    close(sigfds[1]);
    return rc;
}
