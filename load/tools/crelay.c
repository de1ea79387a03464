/*
 * crelay: the floor for the bench's fault-proxy rows, a minimal TCP relay in C.
 *
 * It relays one connection at a time (which is all `cloadgen -c 1` offers): accept, connect to the
 * upstream, then poll both sockets, copying with read/write and passing each side's end on as a
 * half-close (shutdown SHUT_WR), until both sides ended; close both. No toxics, no API, no
 * bookkeeping: whatever a relay must pay per connection on this machine (a second connection,
 * the wake-ups, the system calls) and nothing else, so the proxy's rows can be read against it.
 *
 * usage: crelay UPSTREAM_IPV4 UPSTREAM_PORT LISTEN_PORT     (listens on 127.0.0.1)
 * exit: 64 usage, 1 cannot listen or accept; otherwise runs until killed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

static int port_arg(const char *text) {
    char *end;
    long port = strtol(text, &end, 10);
    return *text != '\0' && *end == '\0' && port >= 0 && port <= 65535 ? (int)port : -1;
}

/* Copies what one read returns; 0 when that side ended (its end passed on), 1 while it flows. */
static int pass(int from, int to, char *buf, size_t len) {
    ssize_t n = read(from, buf, len);
    if (n <= 0) {
        shutdown(to, SHUT_WR);
        return 0;
    }
    for (ssize_t done = 0; done < n;) {
        ssize_t w = write(to, buf + done, (size_t)(n - done));
        if (w <= 0) return 0;
        done += w;
    }
    return 1;
}

static void relay(int client, const struct sockaddr_in *upstream) {
    static char buf[64 * 1024];
    int one = 1;
    int server = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (server < 0 || setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) != 0 ||
        connect(server, (const struct sockaddr *)upstream, sizeof *upstream) != 0) {
        if (server >= 0) close(server);
        return;
    }
    int up = 1, down = 1;
    while (up || down) {
        struct pollfd p[2] = {{client, up ? POLLIN : 0, 0}, {server, down ? POLLIN : 0, 0}};
        if (poll(p, 2, -1) < 0) break;
        if (up && p[0].revents) up = pass(client, server, buf, sizeof buf);
        if (down && p[1].revents) down = pass(server, client, buf, sizeof buf);
    }
    close(server);
}

int main(int argc, char **argv) {
    struct sockaddr_in upstream = {.sin_family = AF_INET};
    struct sockaddr_in local = {.sin_family = AF_INET};
    int upstream_port = argc == 4 ? port_arg(argv[2]) : -1;
    int listen_port = argc == 4 ? port_arg(argv[3]) : -1;
    if (upstream_port <= 0 || listen_port < 0 || inet_pton(AF_INET, argv[1], &upstream.sin_addr) != 1) {
        fprintf(stderr, "usage: crelay UPSTREAM_IPV4 UPSTREAM_PORT LISTEN_PORT\n");
        return 64;
    }
    upstream.sin_port = htons((unsigned short)upstream_port);
    local.sin_port = htons((unsigned short)listen_port);
    local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(listener, (struct sockaddr *)&local, sizeof local) != 0 || listen(listener, 128) != 0) {
        perror("crelay: listen");
        return 1;
    }
    for (;;) {
        int client = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (client < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            perror("crelay: accept");
            return 1;
        }
        relay(client, &upstream);
        close(client);
    }
}
