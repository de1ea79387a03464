/* server_conc.c -- `server --concurrency N` (DESIGN 3a).
 *
 * The main thread accepts while fewer than N clients are being served and
 * starts one thread per client. A thread spools its client's bytes (memory up
 * to --spool-memory, then an unlinked temporary file) and, at the client's
 * EOF, writes the whole message to stdout under one mutex: messages leave in
 * completion order and never interleave. Then the receipt (if on), then the
 * close. A thread tells the main thread it is done by writing its slot number
 * to the done pipe; the main thread joins it and frees the slot.
 *
 * Shutdown: the main thread stops accepting and writes one byte to the stop
 * pipe, which it never drains, so every thread's poll sees it; each client
 * then has the 2 s grace period to finish, and what is still unfinished is
 * discarded with one line. The main thread returns once every thread is done.
 */
#include "server.h"
#include "spool.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONC_STACK_SIZE (256 * 1024)

typedef struct concServer concServer;

typedef struct concSlot {
    concServer *server;
    pthread_t thread;
    int index;
    int fd;
    char peer[SB_ADDR_LEN];
} concSlot;

struct concServer {
    const serverOptions *o;
    concSlot *slots;
    int *free_slots, nfree;
    int stop_pipe[2], done_pipe[2];
    pthread_mutex_t out_lock; /* held while one message goes to stdout */
    int out_failed;           /* under out_lock: stdout is dead, exit 74 */
};

typedef struct spoolSink {
    sbSpool spool;
    sbSha256 hash;
    int hashing;
    char err[SB_ERR_LEN];
} spoolSink;

static int appendSpool(void *ctx, const char *data, size_t len) {
    spoolSink *s = ctx;
    if (sbSpoolAppend(s->err, &s->spool, data, len) == SB_ERR) return SB_ERR;
    if (s->hashing) sbSha256Update(&s->hash, data, len);
    return SB_OK;
}

/* Write the whole spool to stdout under the lock. 0, or -1 if it failed
 * (a dead stdout is recorded for the main thread and logged once). */
static int writeMessage(concSlot *slot, spoolSink *sink, char *buf, size_t buflen) {
    concServer *s = slot->server;
    char err[SB_ERR_LEN];
    int out_failed, rc = 0;
    pthread_mutex_lock(&s->out_lock);
    if (s->out_failed) {
        rc = -1;
    } else if (sbSpoolWriteOut(err, &sink->spool, STDOUT_FILENO, buf, buflen, &out_failed) == SB_ERR) {
        rc = -1;
        if (out_failed) {
            s->out_failed = 1;
            fprintf(stderr, "server: stdout %s\n", err);
        } else {
            fprintf(stderr, "server: %s: %s: message cut short on stdout\n", slot->peer, err);
        }
    }
    pthread_mutex_unlock(&s->out_lock);
    return rc;
}

/* Close with a reset (SO_LINGER 0): the client must not take the close for
 * "my bytes reached stdout". */
static void resetClose(int fd) {
    struct linger lg;
    lg.l_onoff = 1;
    lg.l_linger = 0;
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
    close(fd);
}

static const char *describeEnd(rxEnd end, const rxClient *c, const serverOptions *o, char *why, size_t len) {
    switch (end) {
    case RX_IDLE: snprintf(why, len, "idle for %lld ms", o->idle_ms); break;
    case RX_CLIENT_TIMEOUT: snprintf(why, len, "client timeout of %lld ms reached", o->client_ms); break;
    default: snprintf(why, len, "%s: %s", c->op && !strcmp(c->op, "poll") ? "poll" : "recv", strerror(c->err)); break;
    }
    return why;
}

/* Serve one client: spool until it ends, then write, receipt, close. */
static void serveSlot(concSlot *slot, char *buf) {
    const serverOptions *o = slot->server->o;
    spoolSink sink;
    rxClient c;
    char why[128];
    const char *outcome = "eof";
    rxEnd end;
    memset(&c, 0, sizeof(c));
    c.fd = slot->fd; c.peer = slot->peer; c.wakefd = slot->server->stop_pipe[0];
    c.buf = buf; c.buflen = SERVER_BUF_SIZE; c.sink = appendSpool; c.ctx = &sink;
    sbSpoolInit(&sink.spool, o->spool_memory);
    sink.hashing = o->receipt;
    if (o->receipt) sbSha256Init(&sink.hash);
    end = serverReceive(&c, o);
    if (end == RX_EOF) {
        if (writeMessage(slot, &sink, buf, SERVER_BUF_SIZE) != 0) {
            outcome = "stdout failed";
            resetClose(slot->fd);
        } else {
            if (o->receipt) serverSendReceipt(slot->fd, slot->peer, c.bytes, &sink.hash, o->verbose);
            close(slot->fd);
        }
    } else if (end == RX_SHUTDOWN) {
        fprintf(stderr, "server: %s: discarded %llu bytes (unfinished at shutdown)\n", slot->peer, c.bytes);
        outcome = "discarded at shutdown";
        resetClose(slot->fd); /* nothing of it is on stdout: a FIN would read as a delivery */
    } else if (end == RX_SINK_FAILED) {
        fprintf(stderr, "server: %s: %s after %llu bytes; connection reset, nothing written\n", slot->peer, sink.err, c.bytes);
        outcome = "spool failed";
        resetClose(slot->fd);
    } else {
        writeMessage(slot, &sink, buf, SERVER_BUF_SIZE);
        fprintf(stderr, "server: %s: %s after %llu bytes; prefix written\n", slot->peer,
                describeEnd(end, &c, o, why, sizeof(why)), c.bytes);
        outcome = end == RX_IDLE ? "idle timeout" : end == RX_CLIENT_TIMEOUT ? "client timeout" : "error";
        close(slot->fd);
    }
    sbSpoolFree(&sink.spool);
    if (o->verbose)
        fprintf(stderr, "server: client %s: %llu bytes in %lld ms, %s\n", slot->peer, c.bytes, sbNowMs() - c.start, outcome);
}

static void *clientThread(void *arg) {
    concSlot *slot = arg;
    char *buf = malloc(SERVER_BUF_SIZE);
    ssize_t n;
    if (buf == NULL) {
        fprintf(stderr, "server: %s: out of memory for its buffer; connection reset\n", slot->peer);
        resetClose(slot->fd);
    } else {
        serveSlot(slot, buf);
        free(buf);
    }
    do {
        n = write(slot->server->done_pipe[1], &slot->index, sizeof(slot->index));
    } while (n == -1 && errno == EINTR);
    return NULL;
}

/* Start a thread for the accepted client cfd, signals blocked in it (the
 * main thread takes them). On failure the client is reset and logged. */
static int startClient(concServer *s, int cfd, const char *peer, pthread_attr_t *attr) {
    sigset_t block, old;
    concSlot *slot = &s->slots[s->free_slots[--s->nfree]];
    int e;
    slot->fd = cfd;
    snprintf(slot->peer, sizeof(slot->peer), "%s", peer);
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    e = pthread_create(&slot->thread, attr, clientThread, slot);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (e == 0) return 1;
    fprintf(stderr, "server: cannot start a thread for %s: %s (connection reset, still serving)\n", peer, strerror(e));
    resetClose(cfd);
    s->free_slots[s->nfree++] = slot->index;
    return 0;
}

/* Join every thread that reported done; returns how many. */
static int reapClients(concServer *s) {
    int index, reaped = 0;
    while (read(s->done_pipe[0], &index, sizeof(index)) == (ssize_t)sizeof(index)) {
        pthread_join(s->slots[index].thread, NULL);
        s->free_slots[s->nfree++] = index;
        reaped++;
    }
    return reaped;
}

static void beginShutdown(concServer *s) {
    char c = 1;
    ssize_t n;
    serverTakeSignal();
    do {
        n = write(s->stop_pipe[1], &c, 1);
    } while (n == -1 && errno == EINTR);
}

static int outFailed(concServer *s) {
    int failed;
    pthread_mutex_lock(&s->out_lock);
    failed = s->out_failed;
    pthread_mutex_unlock(&s->out_lock);
    return failed;
}

/* The main thread's loop: accept while fewer than N are served, reap
 * finished threads, and after a signal wait for every thread. */
static int concLoop(concServer *s, int lfd, pthread_attr_t *attr) {
    acceptState st = {0, -SERVER_LOG_EVERY_MS};
    char peer[SB_ADDR_LEN];
    int active = 0, cfd, n = s->o->concurrency;
    while (!serverStopping || active > 0) {
        struct pollfd p[3];
        int np = 1;
        p[0].fd = s->done_pipe[0]; p[0].events = POLLIN; p[0].revents = 0;
        if (!serverStopping) {
            p[np].fd = serverSigFd; p[np].events = POLLIN; p[np++].revents = 0;
            if (active < n) { p[np].fd = lfd; p[np].events = POLLIN; p[np++].revents = 0; }
        }
        if (poll(p, (nfds_t)np, -1) == -1) {
            if (errno == EINTR) continue;
            perror("server: poll");
            return SB_EX_OSERR;
        }
        if (p[0].revents) active -= reapClients(s);
        if (outFailed(s)) return SB_EX_IOERR;
        if (np > 1 && p[1].revents) { beginShutdown(s); continue; }
        if (np < 3 || !p[2].revents) continue;
        switch (serverAcceptOne(lfd, &st, &cfd, peer, sizeof(peer))) {
        case ACC_AGAIN: continue;
        case ACC_SIGNAL: beginShutdown(s); continue;
        case ACC_FATAL: return SB_EX_OSERR;
        case ACC_OK: active += startClient(s, cfd, peer, attr); break;
        }
    }
    return SB_EX_OK;
}

/* Serve up to o->concurrency clients at once until a signal (0), a dead
 * stdout (74) or another fatal error. */
int serveConcurrent(int lfd, const serverOptions *o) {
    concServer s;
    pthread_attr_t attr;
    int i, rc = SB_EX_OSERR;
    memset(&s, 0, sizeof(s));
    s.o = o;
    s.stop_pipe[0] = s.stop_pipe[1] = s.done_pipe[0] = s.done_pipe[1] = -1;
    s.slots = calloc((size_t)o->concurrency, sizeof(*s.slots));
    s.free_slots = calloc((size_t)o->concurrency, sizeof(*s.free_slots));
    if (s.slots == NULL || s.free_slots == NULL) {
        fprintf(stderr, "server: out of memory for %d client slots\n", o->concurrency);
        goto cleanup;
    }
    for (i = 0; i < o->concurrency; i++) {
        s.slots[i].server = &s;
        s.slots[i].index = i;
        s.free_slots[s.nfree++] = o->concurrency - 1 - i;
    }
    if (pipe2(s.stop_pipe, O_CLOEXEC) == -1 || pipe2(s.done_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
        perror("server: pipe");
        goto cleanup;
    }
    pthread_mutex_init(&s.out_lock, NULL);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, CONC_STACK_SIZE);
    rc = concLoop(&s, lfd, &attr);
    pthread_attr_destroy(&attr);
    if (rc == SB_EX_OK) pthread_mutex_destroy(&s.out_lock);
cleanup:
    if (rc == SB_EX_OK || s.nfree == o->concurrency) {
        /* threads may still run on a fatal exit: leave what they use to the process exit */
        for (i = 0; i < 2; i++) {
            if (s.stop_pipe[i] >= 0) close(s.stop_pipe[i]);
            if (s.done_pipe[i] >= 0) close(s.done_pipe[i]);
        }
        free(s.slots);
        free(s.free_slots);
    }
    return rc;
}
