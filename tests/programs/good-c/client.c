/* good-c client: a correct spec-only client, classic BSD sockets.
 * Usage: client IP PORT. Sends stdin in chunks (partial sends resent), then waits for the server to close. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 65536

/* Sends all n bytes, resending the rest after a partial send. -1 on error. */
static int sendAll(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t s = send(fd, p, n, MSG_NOSIGNAL);
        if (s < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += s;
        n -= (size_t)s;
    }
    return 0;
}

static int connectTo(const char *ip, const char *port) {
    struct addrinfo hints, *res;
    int fd, rc;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
    rc = getaddrinfo(ip, port, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "client: bad address %s port %s: %s\n", ip, port, gai_strerror(rc));
        return -1;
    }
    fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
    if (fd < 0) {
        perror("client: socket");
    } else if (connect(fd, res->ai_addr, res->ai_addrlen) < 0) {
        perror("client: connect");
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    return fd;
}

int main(int argc, char **argv) {
    static char buf[CHUNK];
    char *end;
    long port;
    int fd;
    if (argc != 3) {
        fprintf(stderr, "usage: %s IP PORT\n", argv[0]);
        return 1;
    }
    errno = 0;
    port = strtol(argv[2], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[2] || port < 1 || port > 65535) {
        fprintf(stderr, "client: bad port '%s' (1..65535)\n", argv[2]);
        return 1;
    }
    fd = connectTo(argv[1], argv[2]);
    if (fd < 0) return 1;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("client: read stdin");
            return 1;
        }
        if (sendAll(fd, buf, (size_t)n) < 0) {
            perror("client: send");
            return 1;
        }
    }
    /* Half-close, then wait for the server's close: it has the whole message then. */
    if (shutdown(fd, SHUT_WR) < 0) {
        perror("client: shutdown");
        return 1;
    }
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0) break;
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("client: waiting for the server to close");
            return 1;
        }
    }
    close(fd);
    return 0;
}
