/* client.c -- SocketBench C client (DESIGN section 3).
 *
 * Connects (bounded retries with back-off and jitter, fresh socket per try),
 * streams stdin in fixed chunks through a non-blocking socket, half-closes,
 * then waits for the server's close. With --receipt it hashes what it sends
 * and checks the server's "SBR/1 <bytes> <sha256>" line (DESIGN 3a).
 * Exit codes: DESIGN section 4.
 */
#include "net.h"
#include "receipt.h"
#include "sha256.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CLIENT_BACKOFF_BASE_MS 100
#define CLIENT_BACKOFF_MAX_MS 2000

typedef struct clientOptions {
    const char *host;
    const char *port;
    unsigned long retries;
    long long connect_ms;
    long long drain_ms;
    size_t chunk;
    unsigned long sndbuf;
    int verbose;
    int receipt;
} clientOptions;

typedef struct clientRun {
    sbSendStats st;
    unsigned long long chunks;
    unsigned long attempts;
    long long start_ms;
    sbSha256 hash;       /* of every byte sent (--receipt) */
    const char *receipt; /* "ok", "none" or "mismatch" for the -v line */
} clientRun;

static const char usage[] =
    "usage: client [options] HOST PORT\n"
    "Send stdin to a SocketBench server, then wait for it to close.\n"
    "  HOST                    IPv4/IPv6 address or host name\n"
    "  PORT                    decimal 1..65535\n"
    "  --retries N             connect retries (default 5)\n"
    "  --connect-timeout SECS  per connect attempt (default 5)\n"
    "  --chunk-size BYTES      stdin read size (default 65536)\n"
    "  --drain-timeout SECS    wait for the server's close (default 5)\n"
    "  --send-buffer BYTES     socket send buffer, SO_SNDBUF (default: the kernel's)\n"
    "  --receipt               require the server's receipt (byte count and SHA-256 of\n"
    "                          what reached its stdout); exit 74 if it is missing or differs\n"
    "  -v, --verbose           print one stats line on stderr at the end\n"
    "  -h, --help              show this help;  --version  show the version\n"
    "exit: 0 sent, 64 usage, 68 unknown host, 69 connect failed, 74 failure after\n"
    "      the first byte or stdin error, 75 retries exhausted, 77 permission denied\n";

static int usageError(const char *what, const char *value) {
    fprintf(stderr, "client: %s '%s' (try --help)\n", what, value ? value : "");
    return SB_EX_USAGE;
}

/* Parse one option at argv[*i]. Returns -1 to go on, else an exit code. */
static int parseOption(int argc, char **argv, int *i, clientOptions *o) {
    const char *a = argv[*i], *v;
    unsigned long n;
    double secs;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(usage, stdout); return SB_EX_OK; }
    if (!strcmp(a, "--version")) { printf("client (SocketBench C) %s\n", SB_VERSION); return SB_EX_OK; }
    if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) { o->verbose = 1; return -1; }
    if (!strcmp(a, "--receipt")) { o->receipt = 1; return -1; }
    if (sbOptMatch("--retries", argc, argv, i, &v)) {
        if (sbParseUInt(v, 1000, &n) != SB_OK) return usageError("--retries must be 0..1000, got", v);
        o->retries = n;
    } else if (sbOptMatch("--connect-timeout", argc, argv, i, &v)) {
        if (sbParseSeconds(v, 3600, &secs) != SB_OK || secs * 1000 < 1)
            return usageError("--connect-timeout must be seconds 0.001..3600, got", v);
        o->connect_ms = (long long)(secs * 1000 + 0.5);
    } else if (sbOptMatch("--drain-timeout", argc, argv, i, &v)) {
        if (sbParseSeconds(v, 3600, &secs) != SB_OK)
            return usageError("--drain-timeout must be seconds 0..3600, got", v);
        o->drain_ms = (long long)(secs * 1000 + 0.5);
    } else if (sbOptMatch("--send-buffer", argc, argv, i, &v)) {
        if (sbParseUInt(v, 64UL << 20, &n) != SB_OK || n < 1024)
            return usageError("--send-buffer must be 1024..67108864 bytes, got", v);
        o->sndbuf = n;
    } else if (sbOptMatch("--chunk-size", argc, argv, i, &v)) {
        if (sbParseUInt(v, 64UL << 20, &n) != SB_OK || n == 0)
            return usageError("--chunk-size must be 1..67108864 bytes, got", v);
        o->chunk = n;
    } else {
        return usageError("unknown option", a);
    }
    return -1;
}

/* Parse argv into *o. Returns -1 to go on, else the exit code to leave with. */
static int parseArgs(int argc, char **argv, clientOptions *o) {
    const char *pos[2] = {NULL, NULL};
    int i, npos = 0, opts = 1, rc;
    unsigned long n;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (opts && strcmp(a, "--") == 0) { opts = 0; continue; }
        if (opts && a[0] == '-' && a[1] != '\0') {
            if ((rc = parseOption(argc, argv, &i, o)) >= 0) return rc;
            continue;
        }
        if (npos == 2) return usageError("unexpected extra argument", a);
        pos[npos++] = a;
    }
    if (npos < 2) { fputs("client: missing HOST or PORT (usage: client [options] HOST PORT) (try --help)\n", stderr); return SB_EX_USAGE; }
    if (*pos[0] == '\0') return usageError("HOST must not be empty, got", pos[0]);
    if (sbParseUInt(pos[1], 65535, &n) != SB_OK || n == 0)
        return usageError("PORT must be a decimal number 1..65535, got", pos[1]);
    o->host = pos[0];
    o->port = pos[1];
    return -1;
}

/* Class of a connect errno: 0 = retryable, else the fatal exit code. */
static int classifyConnect(int e) {
    switch (e) {
    case ECONNREFUSED: case ETIMEDOUT: case EHOSTUNREACH: case ENETUNREACH:
    case ENETDOWN: case EHOSTDOWN: case ENOBUFS: case EMFILE: case ENFILE:
    case ENOMEM: case EADDRNOTAVAIL: case EAGAIN: case ECONNRESET:
    case ECONNABORTED: case EINTR:
        return 0;
    case EACCES: case EPERM:
        return SB_EX_NOPERM;
    default:
        return SB_EX_UNAVAILABLE;
    }
}

/* One attempt: resolve, then try each address. The attempt's budget
 * (connect_ms) is shared: each address gets an equal part of what is left, so
 * one that black-holes cannot use it all before the next is tried. Returns
 * SB_OK with *fd, else SB_ERR with *cls = 0 (retryable) or the fatal exit
 * code, and err filled. */
static int connectOnce(const clientOptions *o, char *err, int *fd, int *cls) {
    struct addrinfo *res = NULL, *ai;
    int gai, c, fatal = 0, retry = 0, left_addrs = 0, connected = 0;
    long long deadline = sbNowMs() + o->connect_ms;
    char fatal_err[SB_ERR_LEN];
    if (sbResolve(err, o->host, o->port, &res, &gai) == SB_ERR) {
        if (gai == EAI_AGAIN || gai == EAI_MEMORY) *cls = 0;
        else if (gai == EAI_SYSTEM) *cls = classifyConnect(errno);
        else if (gai == EAI_FAMILY || gai == EAI_SOCKTYPE) *cls = SB_EX_UNAVAILABLE;
        else *cls = SB_EX_NOHOST;
        return SB_ERR;
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) left_addrs++;
    for (ai = res; ai != NULL && !connected; ai = ai->ai_next, left_addrs--) {
        long long share = (deadline - sbNowMs()) / left_addrs;
        if (share <= 0) {
            errno = ETIMEDOUT;
            snprintf(err, SB_ERR_LEN, "connect to %s port %s: no answer within %lld ms", o->host, o->port, o->connect_ms);
            retry = 1;
            break;
        }
        if (sbConnect(err, ai, (int)share, fd) == SB_OK) connected = 1;
        else if ((c = classifyConnect(errno)) == 0) retry = 1;
        else if (!fatal) { fatal = c; memcpy(fatal_err, err, SB_ERR_LEN); }
    }
    freeaddrinfo(res);
    if (connected) return SB_OK;
    *cls = retry ? 0 : fatal;
    if (!retry) memcpy(err, fatal_err, SB_ERR_LEN);
    return SB_ERR;
}

static void sleepMs(long long ms) {
    struct timespec ts;
    ts.tv_sec = ms / 1000;
    ts.tv_nsec = (ms % 1000) * 1000000L;
    while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
}

/* Connect with bounded retries. Returns 0 with *fd, else the exit code. */
static int connectWithRetries(const clientOptions *o, clientRun *run, int *fd) {
    char err[SB_ERR_LEN];
    int cls;
    for (;;) {
        long long delay;
        run->attempts++;
        if (connectOnce(o, err, fd, &cls) == SB_OK) return SB_EX_OK;
        if (cls != 0) {
            fprintf(stderr, "client: %s\n", err);
            return cls;
        }
        if (run->attempts > o->retries) {
            fprintf(stderr, "client: giving up after %lu attempts: %s\n", run->attempts, err);
            return SB_EX_TEMPFAIL;
        }
        delay = CLIENT_BACKOFF_BASE_MS << (run->attempts < 6 ? run->attempts - 1 : 5);
        if (delay > CLIENT_BACKOFF_MAX_MS) delay = CLIENT_BACKOFF_MAX_MS;
        delay = delay * (75 + rand() % 51) / 100; /* jitter: 75%..125% */
        sleepMs(delay);
    }
}

/* Judge what the server sent before closing (len bytes of got; how: why the
 * wait ended when nothing came) against what we sent. 0 or 74, one line. */
static int judgeReceipt(clientRun *run, const char *got, size_t len, const char *how) {
    char want[SB_SHA256_HEX_LEN], hex[SB_SHA256_HEX_LEN], shown[SB_RECEIPT_ESC_LEN];
    unsigned long long bytes;
    run->receipt = "mismatch";
    if (len == 0) {
        run->receipt = "none";
        fprintf(stderr, "client: receipt: none (%s)\n", how);
        return SB_EX_IOERR;
    }
    if (sbReceiptParse(got, len, &bytes, hex) == SB_ERR) {
        sbReceiptEscape(got, len, shown);
        fprintf(stderr, "client: receipt: malformed: %s\n", shown);
        return SB_EX_IOERR;
    }
    if (bytes != run->st.sent) {
        fprintf(stderr, "client: receipt: server wrote %llu of %llu bytes\n", bytes, run->st.sent);
        return SB_EX_IOERR;
    }
    sbSha256Hex(&run->hash, want);
    if (strcmp(hex, want) != 0) {
        fprintf(stderr, "client: receipt: sha256 differs (%llu bytes each)\n", bytes);
        return SB_EX_IOERR;
    }
    run->receipt = "ok";
    return SB_EX_OK;
}

/* Wait up to drain_ms for the server to close its side. Without --receipt:
 * 0 (closed, or the wait ended after a clean send) or 74 on a reset. With
 * --receipt: keep what the server sends (at most SB_RECEIPT_MAX bytes; one
 * more ends the wait) and judge it as the receipt: 0 or 74. */
static int drain(const clientOptions *o, clientRun *run, int fd, char *buf, size_t buflen) {
    long long deadline = sbNowMs() + o->drain_ms;
    char got[SB_RECEIPT_MAX + 1], how[64];
    size_t len = 0;
    struct pollfd p;
    p.fd = fd;
    p.events = POLLIN;
    for (;;) {
        long long left = deadline - sbNowMs();
        ssize_t r;
        if (left <= 0) {
            if (!o->receipt) return SB_EX_OK; /* clean send, no close seen: accept */
            snprintf(how, sizeof(how), "timed out after %g s", (double)o->drain_ms / 1000);
            return judgeReceipt(run, got, len, how);
        }
        if (poll(&p, 1, (int)left) <= 0) continue;
        r = o->receipt ? recv(fd, got + len, sizeof(got) - len, 0) : recv(fd, buf, buflen, 0);
        if (r == 0) return o->receipt ? judgeReceipt(run, got, len, "server closed without one") : SB_EX_OK;
        if (r > 0) {
            if (o->receipt && (len += (size_t)r) > SB_RECEIPT_MAX) return judgeReceipt(run, got, len, "");
            continue;
        }
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        if (o->receipt) return judgeReceipt(run, got, len, "reset");
        fprintf(stderr, "client: %s while waiting for the server to close after %llu bytes sent: delivery not confirmed\n",
                strerror(errno), run->st.sent);
        return SB_EX_IOERR;
    }
}

/* Stream stdin to fd, half-close, drain. Returns the exit code. */
static int streamStdin(const clientOptions *o, clientRun *run, int fd, char *buf) {
    char err[SB_ERR_LEN];
    for (;;) {
        ssize_t r = read(STDIN_FILENO, buf, o->chunk);
        if (r == -1 && errno == EINTR) continue;
        if (r == -1) {
            fprintf(stderr, "client: reading stdin: %s (%llu bytes sent)\n", strerror(errno), run->st.sent);
            return SB_EX_IOERR;
        }
        if (r == 0) break;
        run->chunks++;
        if (sbSendAll(err, fd, buf, (size_t)r, &run->st) == SB_ERR) {
            fprintf(stderr, "client: %s after %llu bytes sent to %s port %s\n", err, run->st.sent, o->host, o->port);
            return SB_EX_IOERR;
        }
        if (o->receipt) sbSha256Update(&run->hash, buf, (size_t)r);
    }
    if (shutdown(fd, SHUT_WR) == -1) {
        fprintf(stderr, "client: shutdown after %llu bytes sent: %s\n", run->st.sent, strerror(errno));
        return SB_EX_IOERR;
    }
    return drain(o, run, fd, buf, o->chunk);
}

int main(int argc, char **argv) {
    clientOptions o = {NULL, NULL, 5, 5000, 5000, 65536, 0, 0, 0};
    clientRun run;
    char *buf = NULL;
    int rc, fd = -1, closed = sbReserveStdFds();

    if ((rc = parseArgs(argc, argv, &o)) >= 0) return rc;
    memset(&run, 0, sizeof(run));
    run.start_ms = sbNowMs();
    run.receipt = "none";
    sbSha256Init(&run.hash);
    if (closed & (1 << STDIN_FILENO)) {
        fprintf(stderr, "client: reading stdin: %s (0 bytes sent)\n", strerror(EBADF));
        rc = SB_EX_IOERR;
        goto cleanup;
    }
    signal(SIGPIPE, SIG_IGN);
    srand((unsigned)time(NULL) ^ (unsigned)getpid());
    if ((buf = malloc(o.chunk)) == NULL) {
        fprintf(stderr, "client: cannot allocate a %zu-byte buffer\n", o.chunk);
        rc = SB_EX_OSERR;
        goto cleanup;
    }
    if ((rc = connectWithRetries(&o, &run, &fd)) != SB_EX_OK) goto cleanup;
    if (o.sndbuf > 0) {
        int size = (int)o.sndbuf;
        if (setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size)) == -1)
            fprintf(stderr, "client: cannot set SO_SNDBUF to %d: %s (going on)\n", size, strerror(errno));
    }
    rc = streamStdin(&o, &run, fd, buf);
cleanup:
    if (fd >= 0) close(fd);
    free(buf);
    if (o.verbose)
        fprintf(stderr, "client: sent=%llu chunks=%llu send_calls=%llu partial_sends=%llu would_block=%llu attempts=%lu elapsed_ms=%lld%s%s\n",
                run.st.sent, run.chunks, run.st.send_calls, run.st.partial_sends, run.st.would_block,
                run.attempts, sbNowMs() - run.start_ms, o.receipt ? " receipt=" : "", o.receipt ? run.receipt : "");
    return rc;
}
