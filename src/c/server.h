/* server.h -- what server.c (arguments, sequential serving) and
 * server_conc.c (--concurrency N) share. DESIGN sections 2 and 3a. */
#ifndef SB_SERVER_H
#define SB_SERVER_H

#include "net.h"
#include "sha256.h"

#include <stddef.h>

#define SERVER_BUF_SIZE 65536
#define SERVER_GRACE_MS 2000
#define SERVER_KEEPIDLE_S 60  /* TCP keepalive: first probe after 60 s of silence, */
#define SERVER_KEEPINTVL_S 10 /* then one every 10 s, */
#define SERVER_KEEPCNT 6      /* and the connection is dropped after 6 unanswered */
#define SERVER_MAX_CONCURRENCY 1024
#define SERVER_SPOOL_DEFAULT (1UL << 20)
#define SERVER_SPOOL_MAX (1UL << 30)
#define SERVER_LOG_EVERY_MS 5000 /* accept back-off lines at most this often */

typedef struct serverOptions {
    const char *bindaddr; /* NULL: all interfaces, dual-stack */
    int port;
    int backlog;
    long long idle_ms;   /* 0: off */
    long long client_ms; /* 0: off; total time per client */
    int verbose;
    int concurrency;     /* 1: the spec's sequential server */
    size_t spool_memory; /* per client, before the spool file */
    int receipt;         /* send "SBR/1 ..." after the flush */
} serverOptions;

/* How one client's receive loop ended. */
typedef enum rxEnd { RX_EOF, RX_ERROR, RX_IDLE, RX_CLIENT_TIMEOUT, RX_SHUTDOWN, RX_SINK_FAILED } rxEnd;

/* Where received bytes go: stdout (sequential) or a spool (concurrent).
 * SB_OK, or SB_ERR to end the client with RX_SINK_FAILED. */
typedef int (*rxSink)(void *ctx, const char *data, size_t len);

typedef struct rxClient {
    int fd;
    const char *peer;
    int wakefd;         /* readable once shutdown starts */
    int own_wakefd;     /* 1: wakefd is the signal self-pipe (drain it); 0: a stop pipe others watch */
    int stopping;       /* shutdown had already started when this client began */
    char *buf;
    size_t buflen;
    rxSink sink;
    void *ctx;
    unsigned long long bytes; /* out: bytes received */
    long long start;          /* out: when the loop started (sbNowMs) */
    int err;                  /* out: errno for RX_ERROR */
    const char *op;           /* out: the call that failed for RX_ERROR */
} rxClient;

extern int serverSigFd; /* read end of the SIGINT/SIGTERM self-pipe */
extern int serverStopping;

/* Outcome of one accept attempt. */
typedef enum acceptEnd { ACC_OK, ACC_AGAIN, ACC_SIGNAL, ACC_FATAL } acceptEnd;

typedef struct acceptState {
    long long backoff, last_log;
} acceptState;

void serverTakeSignal(void);
rxEnd serverReceive(rxClient *c, const serverOptions *o);
acceptEnd serverAcceptOne(int lfd, acceptState *st, int *cfd, char *peer, size_t peerlen);
void serverSendReceipt(int fd, const char *peer, unsigned long long bytes, sbSha256 *hash, int verbose);
int serveConcurrent(int lfd, const serverOptions *o);

#endif
