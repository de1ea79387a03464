/* net.h -- a small anet-style TCP layer for the SocketBench C programs.
 *
 * Every function returns SB_OK or SB_ERR. On SB_ERR it writes a one-line
 * description into the caller's buffer `err` (SB_ERR_LEN bytes) and leaves
 * the cause in errno (or, for sbResolve, in *gai), so callers can classify
 * the failure into an exit code. Calls interrupted by signals are retried.
 */
#ifndef SB_NET_H
#define SB_NET_H

#include <stddef.h>
#include <sys/socket.h>
#include <netdb.h>

#define SB_OK 0
#define SB_ERR -1
#define SB_ERR_LEN 256
#define SB_ADDR_LEN 64 /* "[" + INET6_ADDRSTRLEN + "]:" + port, rounded up */

/* Counters kept by sbSendAll (DESIGN 3: the -v line). */
typedef struct sbSendStats {
    unsigned long long sent;          /* bytes accepted by the kernel */
    unsigned long long send_calls;    /* send() system calls made */
    unsigned long long partial_sends; /* calls that took fewer bytes than asked */
    unsigned long long would_block;   /* calls that failed with EAGAIN */
} sbSendStats;

int sbTcpListen(char *err, const char *bindaddr, int port, int backlog,
                int *fd, char *shown, size_t shownlen);
int sbLocalPort(char *err, int fd, int *port);
int sbAccept(char *err, int lfd, int *cfd, char *peer, size_t peerlen);
int sbResolve(char *err, const char *host, const char *port,
              struct addrinfo **res, int *gai);
int sbConnect(char *err, const struct addrinfo *ai, int timeout_ms, int *fd);
int sbSetNonBlock(char *err, int fd, int on);
int sbKeepAlive(char *err, int fd, int idle_s, int interval_s, int count);
int sbSendAll(char *err, int fd, const char *buf, size_t len, sbSendStats *st);
int sbWriteAll(char *err, int fd, const char *buf, size_t len);
void sbFormatAddr(const struct sockaddr *sa, char *out, size_t outlen);

#endif
