/* server-exits-on-reset: the good-c server with one defect: a recv error from one client
 * (a reset) ends the whole server instead of being handled and going on to the next client. */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define CHUNK 65536
#define BACKLOG 10

/* Writes all n bytes to fd 1; -1 when stdout fails. */
static int writeAll(const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(STDOUT_FILENO, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Copies one client's bytes to stdout. 0 when done (even after a client error), -1 when stdout fails. */
static int serveClient(int fd) {
    static char buf[CHUNK];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("server: recv");
            exit(1); /* DEFECT: a client's error ends the server */
        }
        if (writeAll(buf, (size_t)n) < 0) {
            perror("server: write to stdout");
            return -1;
        }
    }
}

int main(int argc, char **argv) {
    struct sockaddr_in addr;
    char *end;
    long port;
    int lfd, one = 1;

    if (argc != 2) {
        fprintf(stderr, "usage: %s PORT\n", argv[0]);
        return 1;
    }
    errno = 0;
    port = strtol(argv[1], &end, 10);
    if (errno != 0 || *end != '\0' || end == argv[1] || port < 1 || port > 65535) {
        fprintf(stderr, "server: bad port '%s' (1..65535)\n", argv[1]);
        return 1;
    }
    lfd = socket(AF_INET, SOCK_STREAM, 0);
    if (lfd < 0) {
        perror("server: socket");
        return 1;
    }
    if (setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) {
        perror("server: setsockopt");
        return 1;
    }
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    addr.sin_port = htons((unsigned short)port);
    if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0) {
        perror("server: bind");
        return 1;
    }
    if (listen(lfd, BACKLOG) < 0) {
        perror("server: listen");
        return 1;
    }
    for (;;) {
        int cfd = accept(lfd, NULL, NULL);
        if (cfd < 0) {
            if (errno != EINTR) perror("server: accept");
            continue;
        }
        if (serveClient(cfd) < 0) return 1;
        close(cfd);
    }
}
