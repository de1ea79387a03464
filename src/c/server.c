/* server.c -- SocketBench C server (DESIGN section 2).
 *
 * Accepts one client at a time, copies its bytes to stdout until EOF, then
 * closes it and accepts the next. SIGINT/SIGTERM stop accepting; the client in
 * progress gets a short grace period. Exit codes: DESIGN section 4.
 */
#include "net.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define SERVER_BUF_SIZE 65536
#define SERVER_GRACE_MS 2000
#define SERVER_BACKOFF_MIN_MS 5
#define SERVER_BACKOFF_MAX_MS 1000
#define SERVER_LOG_EVERY_MS 5000
#define SERVER_KEEPIDLE_S 60  /* TCP keepalive: first probe after 60 s of silence, */
#define SERVER_KEEPINTVL_S 10 /* then one every 10 s, */
#define SERVER_KEEPCNT 6      /* and the connection is dropped after 6 unanswered */

typedef struct serverOptions {
    const char *bindaddr; /* NULL: all interfaces, dual-stack */
    int port;
    int backlog;
    long long idle_ms; /* 0: off */
    long long client_ms; /* 0: off; total time per client */
    int verbose;
} serverOptions;

static const char usage[] =
    "usage: server [options] PORT\n"
    "Print each client's message to stdout, one client at a time.\n"
    "  PORT                  decimal 0..65535 (0: any free port, logged on stderr)\n"
    "  --backlog N           listen queue length (default 10)\n"
    "  --bind ADDR           numeric address to listen on (default :: dual-stack)\n"
    "  --idle-timeout SECS   drop a client silent this long (default off)\n"
    "  --client-timeout SECS drop a client connected this long, however it trickles (default off)\n"
    "  -v, --verbose         one stderr line per client\n"
    "  -h, --help            show this help;  --version  show the version\n"
    "exit: 0 signal, 64 usage, 69 port in use/address not here, 71 OS error,\n"
    "      74 stdout write failed, 77 permission denied\n";

static int sigfds[2] = {-1, -1}; /* self-pipe: the signal handler writes here */
static int stopping;             /* set once SIGINT/SIGTERM has been seen */
static char buf[SERVER_BUF_SIZE];

static void onSignal(int sig) {
    int saved = errno;
    char c = (char)sig;
    ssize_t r = write(sigfds[1], &c, 1);
    (void)r;
    errno = saved;
}

/* Note a pending signal: empty the self-pipe and start stopping. */
static void takeSignal(void) {
    char tmp[16];
    while (read(sigfds[0], tmp, sizeof(tmp)) > 0) {}
    stopping = 1;
}

static int usageError(const char *what, const char *value) {
    fprintf(stderr, "server: %s '%s' (try --help)\n", what, value ? value : "");
    return SB_EX_USAGE;
}

/* Parse argv into *o. Returns -1 to go on, else the exit code to leave with. */
static int parseArgs(int argc, char **argv, serverOptions *o) {
    const char *port = NULL, *v;
    unsigned long n;
    double secs;
    int i, opts = 1;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) { opts = 0; continue; }
        if (opts && a[0] == '-' && a[1] != '\0') {
            if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return SB_EX_OK; }
            if (!strcmp(a, "--version")) { printf("server (SocketBench C) %s\n", SB_VERSION); return SB_EX_OK; }
            if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = 1; continue; }
            if (sbOptMatch("--backlog", argc, argv, &i, &v)) {
                if (sbParseUInt(v, 65535, &n) != SB_OK || n == 0)
                    return usageError("--backlog must be 1..65535, got", v);
                o->backlog = (int)n;
            } else if (sbOptMatch("--bind", argc, argv, &i, &v)) {
                if (v == NULL || *v == '\0') return usageError("--bind needs an address, got", v);
                o->bindaddr = v;
            } else if (sbOptMatch("--idle-timeout", argc, argv, &i, &v)) {
                if (sbParseSeconds(v, 1e6, &secs) != SB_OK)
                    return usageError("--idle-timeout must be seconds 0..1000000, got", v);
                o->idle_ms = (long long)(secs * 1000 + 0.5);
            } else if (sbOptMatch("--client-timeout", argc, argv, &i, &v)) {
                if (sbParseSeconds(v, 1e6, &secs) != SB_OK)
                    return usageError("--client-timeout must be seconds 0..1000000, got", v);
                o->client_ms = (long long)(secs * 1000 + 0.5);
            } else {
                return usageError("unknown option", a);
            }
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

/* Copy one client's bytes to stdout until EOF, error, idle timeout, client
 * timeout or the end of the shutdown grace period; then close it. Returns 0,
 * or 74 if stdout failed. */
static int serveClient(int cfd, const char *peer, const serverOptions *o) {
    long long start = sbNowMs(), last = start, grace_end = 0, now;
    long long client_end = o->client_ms > 0 ? start + o->client_ms : 0;
    unsigned long long bytes = 0;
    const char *outcome = "eof";
    char err[SB_ERR_LEN];
    int rc = SB_EX_OK;
    if (stopping) grace_end = start + SERVER_GRACE_MS;
    for (;;) {
        struct pollfd p[2];
        int timeout = -1, n;
        ssize_t r;
        p[0].fd = cfd; p[0].events = POLLIN;
        p[1].fd = sigfds[0]; p[1].events = POLLIN;
        now = sbNowMs();
        /* Checked on every pass, not only when poll times out: a steady sender never lets it. */
        if (client_end && now >= client_end) {
            fprintf(stderr, "server: client %s: client timeout of %lld ms reached: closing after %llu bytes (bytes so far are on stdout)\n",
                    peer, o->client_ms, bytes);
            outcome = "client timeout";
            break;
        }
        if (o->idle_ms > 0) timeout = (int)(last + o->idle_ms > now ? last + o->idle_ms - now : 0);
        if (client_end) {
            int t = (int)(client_end - now);
            timeout = (timeout < 0 || t < timeout) ? t : timeout;
        }
        if (stopping) {
            int t = (int)(grace_end > now ? grace_end - now : 0);
            timeout = (timeout < 0 || t < timeout) ? t : timeout;
        }
        n = poll(p, stopping ? 1 : 2, timeout);
        if (n == -1 && errno == EINTR) continue;
        if (n == -1) { perror("server: poll"); outcome = "error"; break; }
        if (!stopping && p[1].revents) {
            takeSignal();
            grace_end = sbNowMs() + SERVER_GRACE_MS;
            continue;
        }
        now = sbNowMs();
        if (n == 0) {
            if (stopping && now >= grace_end) {
                fprintf(stderr, "server: shutting down: closing %s after %llu bytes (grace period over)\n", peer, bytes);
                outcome = "cut by shutdown";
                break;
            }
            if (o->idle_ms > 0 && now - last >= o->idle_ms) {
                fprintf(stderr, "server: client %s idle for %lld ms: closing after %llu bytes\n", peer, o->idle_ms, bytes);
                outcome = "idle timeout";
                break;
            }
            continue;
        }
        r = recv(cfd, buf, sizeof(buf), 0);
        if (r > 0) {
            bytes += (unsigned long long)r;
            last = now;
            if (sbWriteAll(err, STDOUT_FILENO, buf, (size_t)r) == SB_ERR) {
                fprintf(stderr, "server: stdout %s\n", err);
                outcome = "stdout failed";
                rc = SB_EX_IOERR;
                break;
            }
            continue;
        }
        if (r == 0) break;
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        fprintf(stderr, "server: recv from %s: %s (%llu bytes received, still serving)\n", peer, strerror(errno), bytes);
        outcome = "error";
        break;
    }
    close(cfd);
    if (o->verbose)
        fprintf(stderr, "server: client %s: %llu bytes in %lld ms, %s\n", peer, bytes, sbNowMs() - start, outcome);
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

/* Accept and serve clients until a signal (returns 0) or a fatal error. */
static int acceptLoop(int lfd, const serverOptions *o) {
    long long backoff = 0, last_log = -SERVER_LOG_EVERY_MS;
    char err[SB_ERR_LEN], peer[SB_ADDR_LEN];
    int cfd, rc;
    while (!stopping) {
        struct pollfd p[2];
        p[0].fd = lfd; p[0].events = POLLIN;
        p[1].fd = sigfds[0]; p[1].events = POLLIN;
        if (poll(p, 2, -1) == -1) {
            if (errno == EINTR) continue;
            perror("server: poll");
            return SB_EX_OSERR;
        }
        if (p[1].revents) { takeSignal(); break; }
        if (sbAccept(err, lfd, &cfd, peer, sizeof(peer)) == SB_ERR) {
            int e = errno;
            if (e == EAGAIN || e == EWOULDBLOCK) continue;
            if (isPerClientAcceptError(e)) {
                fprintf(stderr, "server: %s (one client lost, still serving)\n", err);
                continue;
            }
            if (!isResourceError(e)) {
                fprintf(stderr, "server: %s\n", err);
                return SB_EX_OSERR;
            }
            backoff = backoff ? (backoff * 2 > SERVER_BACKOFF_MAX_MS ? SERVER_BACKOFF_MAX_MS : backoff * 2)
                              : SERVER_BACKOFF_MIN_MS;
            if (sbNowMs() - last_log >= SERVER_LOG_EVERY_MS) {
                fprintf(stderr, "server: %s (backing off %lld ms, still serving)\n", err, backoff);
                last_log = sbNowMs();
            }
            if (poll(&p[1], 1, (int)backoff) > 0) { takeSignal(); break; }
            continue;
        }
        backoff = 0;
        if (sbKeepAlive(err, cfd, SERVER_KEEPIDLE_S, SERVER_KEEPINTVL_S, SERVER_KEEPCNT) == SB_ERR)
            fprintf(stderr, "server: %s for %s (serving it anyway)\n", err, peer);
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
    serverOptions o = {NULL, 0, 10, 0, 0, 0};
    char err[SB_ERR_LEN], shown[SB_ADDR_LEN];
    struct sigaction sa;
    int rc, lfd = -1, port, closed = sbReserveStdFds();

    if ((rc = parseArgs(argc, argv, &o)) >= 0) return rc;
    if (closed & (1 << STDOUT_FILENO)) {
        fprintf(stderr, "server: stdout is closed: %s\n", strerror(EBADF));
        return SB_EX_IOERR;
    }
    signal(SIGPIPE, SIG_IGN);
    if (pipe2(sigfds, O_NONBLOCK | O_CLOEXEC) == -1) { perror("server: pipe"); return SB_EX_OSERR; }
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
    rc = acceptLoop(lfd, &o);
cleanup:
    if (lfd >= 0) close(lfd);
    close(sigfds[0]);
    close(sigfds[1]);
    return rc;
}
