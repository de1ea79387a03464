/* net.c -- anet-style TCP helpers; see net.h for the shared contract. */
#include "net.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Fill err with "fmt: strerror(errno)", keeping errno unchanged. */
static void sbSetError(char *err, const char *fmt, ...) {
    int saved = errno;
    size_t used;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, SB_ERR_LEN, fmt, ap);
    va_end(ap);
    used = strlen(err);
    snprintf(err + used, SB_ERR_LEN - used, ": %s", strerror(saved));
    errno = saved;
}

/* Close fd without disturbing errno (used on cleanup paths). */
static void sbCloseKeepErrno(int fd) {
    int saved = errno;
    if (fd >= 0) close(fd);
    errno = saved;
}

/* Write "host:port" (IPv6 as "[host]:port", v4-mapped shown as IPv4) into out. */
void sbFormatAddr(const struct sockaddr *sa, char *out, size_t outlen) {
    char host[INET6_ADDRSTRLEN] = "?";
    int port = 0;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s = (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &s->sin_addr, host, sizeof(host));
        port = ntohs(s->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s = (const struct sockaddr_in6 *)(const void *)sa;
        port = ntohs(s->sin6_port);
        if (IN6_IS_ADDR_V4MAPPED(&s->sin6_addr)) {
            inet_ntop(AF_INET, &s->sin6_addr.s6_addr[12], host, sizeof(host));
        } else {
            inet_ntop(AF_INET6, &s->sin6_addr, host, sizeof(host));
            snprintf(out, outlen, "[%s]:%d", host, port);
            return;
        }
    }
    snprintf(out, outlen, "%s:%d", host, port);
}

/* Create, configure, bind and listen one socket for addr. On success *fd is
 * the listening socket; on error nothing stays open and errno is the cause. */
static int sbListenOn(char *err, const struct sockaddr *addr, socklen_t len,
                      int backlog, const char *shown, int *fd) {
    int s, on = 1, off = 0, rc = SB_ERR;
    char where[SB_ADDR_LEN];

    sbFormatAddr(addr, where, sizeof(where));
    s = socket(addr->sa_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s == -1) {
        sbSetError(err, "socket for %s", shown);
        return SB_ERR;
    }
    if (setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == -1) {
        sbSetError(err, "setsockopt SO_REUSEADDR");
        goto cleanup;
    }
    if (addr->sa_family == AF_INET6 &&
        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) == -1) {
        sbSetError(err, "setsockopt IPV6_V6ONLY");
        goto cleanup;
    }
    if (bind(s, addr, len) == -1) {
        if (errno == EADDRINUSE)
            sbSetError(err, "bind %s: port already in use", where);
        else if (errno == EADDRNOTAVAIL)
            sbSetError(err, "bind %s: address is not on this host", where);
        else
            sbSetError(err, "bind %s", where);
        goto cleanup;
    }
    if (listen(s, backlog) == -1) {
        sbSetError(err, "listen on %s", where);
        goto cleanup;
    }
    *fd = s;
    s = -1;
    rc = SB_OK;
cleanup:
    sbCloseKeepErrno(s);
    return rc;
}

/* Listen on bindaddr:port (bindaddr NULL = all interfaces: IPv6 "::" dual-stack,
 * falling back to 0.0.0.0 when IPv6 is unavailable). bindaddr must be a numeric
 * address. Writes the address used into shown. SB_ERR leaves errno set. */
int sbTcpListen(char *err, const char *bindaddr, int port, int backlog,
                int *fd, char *shown, size_t shownlen) {
    struct addrinfo hints, *res = NULL;
    char portstr[8];
    int gai, rc = SB_ERR;

    if (bindaddr == NULL) {
        struct sockaddr_in6 a6;
        struct sockaddr_in a4;
        memset(&a6, 0, sizeof(a6));
        a6.sin6_family = AF_INET6;
        a6.sin6_addr = in6addr_any;
        a6.sin6_port = htons((unsigned short)port);
        snprintf(shown, shownlen, "::");
        if (sbListenOn(err, (struct sockaddr *)&a6, sizeof(a6), backlog, "::", fd) == SB_OK)
            return SB_OK;
        if (errno != EAFNOSUPPORT && errno != EADDRNOTAVAIL) return SB_ERR;
        memset(&a4, 0, sizeof(a4));
        a4.sin_family = AF_INET;
        a4.sin_addr.s_addr = htonl(INADDR_ANY);
        a4.sin_port = htons((unsigned short)port);
        snprintf(shown, shownlen, "0.0.0.0");
        return sbListenOn(err, (struct sockaddr *)&a4, sizeof(a4), backlog, "0.0.0.0", fd);
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
    snprintf(portstr, sizeof(portstr), "%d", port);
    if ((gai = getaddrinfo(bindaddr, portstr, &hints, &res)) != 0) {
        snprintf(err, SB_ERR_LEN, "bad bind address '%s': %s", bindaddr, gai_strerror(gai));
        errno = EINVAL;
        goto cleanup;
    }
    snprintf(shown, shownlen, "%s", bindaddr);
    rc = sbListenOn(err, res->ai_addr, res->ai_addrlen, backlog, bindaddr, fd);
cleanup:
    if (res) {
        int saved = errno;
        freeaddrinfo(res);
        errno = saved;
    }
    return rc;
}

/* Store the local port of socket fd in *port. */
int sbLocalPort(char *err, int fd, int *port) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == -1) {
        sbSetError(err, "getsockname");
        return SB_ERR;
    }
    if (ss.ss_family == AF_INET6)
        *port = ntohs(((struct sockaddr_in6 *)(void *)&ss)->sin6_port);
    else
        *port = ntohs(((struct sockaddr_in *)(void *)&ss)->sin_port);
    return SB_OK;
}

/* Accept one connection from listening socket lfd into *cfd (close-on-exec,
 * blocking) and write the peer address into peer. EINTR is retried; any other
 * failure (EAGAIN on a non-blocking lfd included) returns SB_ERR with errno. */
int sbAccept(char *err, int lfd, int *cfd, char *peer, size_t peerlen) {
    struct sockaddr_storage ss;
    socklen_t len;
    int fd;
    do {
        len = sizeof(ss);
        fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_CLOEXEC);
    } while (fd == -1 && errno == EINTR);
    if (fd == -1) {
        sbSetError(err, "accept");
        return SB_ERR;
    }
    sbFormatAddr((struct sockaddr *)&ss, peer, peerlen);
    *cfd = fd;
    return SB_OK;
}

/* Resolve host:port for a TCP client into *res (free with freeaddrinfo).
 * On failure *gai holds the getaddrinfo code (EAI_SYSTEM: see errno). */
int sbResolve(char *err, const char *host, const char *port,
              struct addrinfo **res, int *gai) {
    struct addrinfo hints;
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    *gai = getaddrinfo(host, port, &hints, res);
    if (*gai != 0) {
        if (*gai == EAI_SYSTEM) sbSetError(err, "resolve %s", host);
        else snprintf(err, SB_ERR_LEN, "resolve %s: %s", host, gai_strerror(*gai));
        return SB_ERR;
    }
    return SB_OK;
}

/* Open a fresh non-blocking socket and connect it to ai within timeout_ms.
 * On success *fd is connected and stays non-blocking. On failure the socket
 * is closed and errno is the cause (ETIMEDOUT when the attempt timed out). */
int sbConnect(char *err, const struct addrinfo *ai, int timeout_ms, int *fd) {
    char where[SB_ADDR_LEN];
    int s, rc = SB_ERR, soerr = 0, n;
    socklen_t len = sizeof(soerr);
    struct pollfd p;

    sbFormatAddr(ai->ai_addr, where, sizeof(where));
    s = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (s == -1) {
        sbSetError(err, "socket for %s", where);
        return SB_ERR;
    }
    if (connect(s, ai->ai_addr, ai->ai_addrlen) == 0) goto connected;
    if (errno != EINPROGRESS && errno != EINTR) {
        sbSetError(err, "connect to %s", where);
        goto cleanup;
    }
    p.fd = s;
    p.events = POLLOUT;
    do {
        n = poll(&p, 1, timeout_ms); /* an EINTR restarts the full wait: bounded by signals */
    } while (n == -1 && errno == EINTR);
    if (n == -1) {
        sbSetError(err, "poll while connecting to %s", where);
        goto cleanup;
    }
    if (n == 0) {
        errno = ETIMEDOUT;
        sbSetError(err, "connect to %s: no answer within %d ms", where, timeout_ms);
        goto cleanup;
    }
    if (getsockopt(s, SOL_SOCKET, SO_ERROR, &soerr, &len) == -1) soerr = errno;
    if (soerr != 0) {
        errno = soerr;
        sbSetError(err, "connect to %s", where);
        goto cleanup;
    }
connected:
    *fd = s;
    s = -1;
    rc = SB_OK;
cleanup:
    sbCloseKeepErrno(s);
    return rc;
}

/* Turn TCP keepalive on for fd: the first probe after idle_s seconds of
 * silence, then one every interval_s, and the connection fails (ETIMEDOUT)
 * after count unanswered probes. */
int sbKeepAlive(char *err, int fd, int idle_s, int interval_s, int count) {
    int on = 1;
    if (setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof(on)) == -1) {
        sbSetError(err, "setsockopt SO_KEEPALIVE");
        return SB_ERR;
    }
    if (setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle_s, sizeof(idle_s)) == -1 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPINTVL, &interval_s, sizeof(interval_s)) == -1 ||
        setsockopt(fd, IPPROTO_TCP, TCP_KEEPCNT, &count, sizeof(count)) == -1) {
        sbSetError(err, "setsockopt TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT");
        return SB_ERR;
    }
    return SB_OK;
}

/* Switch O_NONBLOCK on fd on (on != 0) or off. */
int sbSetNonBlock(char *err, int fd, int on) {
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1) {
        sbSetError(err, "fcntl(F_GETFL)");
        return SB_ERR;
    }
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    if (fcntl(fd, F_SETFL, flags) == -1) {
        sbSetError(err, "fcntl(F_SETFL)");
        return SB_ERR;
    }
    return SB_OK;
}

/* Send all len bytes of buf on the non-blocking socket fd with MSG_NOSIGNAL,
 * waiting for writability with poll() whenever the kernel buffer is full.
 * Counts every call, short send and EAGAIN in *st (st->sent = bytes taken).
 * On SB_ERR errno is the cause (ECONNRESET, EPIPE, ETIMEDOUT, ...). */
int sbSendAll(char *err, int fd, const char *buf, size_t len, sbSendStats *st) {
    size_t off = 0;
    struct pollfd p;
    p.fd = fd;
    p.events = POLLOUT;
    while (off < len) {
        ssize_t n = send(fd, buf + off, len - off, MSG_NOSIGNAL);
        st->send_calls++;
        if (n >= 0) {
            if ((size_t)n < len - off) st->partial_sends++;
            off += (size_t)n;
            st->sent += (unsigned long long)n;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            sbSetError(err, "send");
            return SB_ERR;
        }
        st->would_block++;
        if (poll(&p, 1, -1) == -1 && errno != EINTR) {
            sbSetError(err, "poll for writability");
            return SB_ERR;
        }
    }
    return SB_OK;
}

/* Write all len bytes of buf to fd (e.g. stdout), looping on short writes,
 * EINTR and EAGAIN (waiting with poll). On SB_ERR errno is the cause (EPIPE, ENOSPC, EIO, ...). */
int sbWriteAll(char *err, int fd, const char *buf, size_t len) {
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, buf + off, len - off);
        if (n == -1) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) { /* inherited O_NONBLOCK */
                struct pollfd p;
                p.fd = fd;
                p.events = POLLOUT;
                if (poll(&p, 1, -1) != -1 || errno == EINTR) continue;
            }
            sbSetError(err, "write");
            return SB_ERR;
        }
        off += (size_t)n;
    }
    return SB_OK;
}
