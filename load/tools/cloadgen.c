/*
 * cloadgen: a minimal closed-loop connection-rate generator for `make bench`.
 *
 * Each copy (a thread) repeats: socket, connect, send BYTES, shutdown(SHUT_WR), read until the
 * server's close, close. Waiting for the server's close keeps at most COPIES connections in the
 * server's accept queue, so a 10-deep queue never overflows when COPIES <= 11 (no 1 s SYN
 * retransmits measured by mistake). The server closes first, so TIME_WAIT lands on the server's
 * side, never on the generator's ephemeral ports.
 *
 * usage: cloadgen [-c COPIES] [-t SECONDS] [-n MAX] [-s BYTES] HOST PORT
 * prints: ok=N fail=N elapsed_s=X rate=Y p50_us=.. p90_us=.. p99_us=.. p999_us=.. max_us=.. cpu_ms=..
 * (cpu_ms: the generator's own user + system time, so a report can give its CPU per message)
 * exit: 0 at least one message delivered, 1 none (or every one failed), 64 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_SAMPLES_PER_COPY (1 << 20)
#define IO_TIMEOUT_S 5

struct copy {
    pthread_t thread;
    long ok;
    long fail;
    uint32_t *lat_us; /* one sample per delivered message, capped */
    long nlat;
};

static struct sockaddr_in g_addr;
static double g_deadline;
static long g_max_per_copy;
static size_t g_bytes;
static char *g_payload;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int one_message(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    struct timeval tv = {IO_TIMEOUT_S, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv); /* bounds connect() too */
    int rc = -1;
    if (connect(fd, (struct sockaddr *)&g_addr, sizeof g_addr) != 0) {
        goto out;
    }
    size_t off = 0;
    while (off < g_bytes) {
        ssize_t n = send(fd, g_payload + off, g_bytes - off, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            goto out;
        }
        off += (size_t)n;
    }
    if (shutdown(fd, SHUT_WR) != 0) {
        goto out;
    }
    char buf[512];
    for (;;) {
        ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n == 0) {
            rc = 0; /* the server's close: the message reached its stdout */
            break;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            break;
        }
    }
out:
    close(fd);
    return rc;
}

static void *run_copy(void *arg)
{
    struct copy *c = arg;
    for (long i = 0; i < g_max_per_copy; i++) {
        double t0 = now_s();
        if (t0 >= g_deadline) {
            break;
        }
        if (one_message() == 0) {
            double us = (now_s() - t0) * 1e6;
            c->ok++;
            if (c->nlat < MAX_SAMPLES_PER_COPY) {
                c->lat_us[c->nlat++] = us > 4e9 ? 4000000000u : (uint32_t)us;
            }
        } else {
            c->fail++;
            usleep(1000); /* bounded back-off: a refused connect must not spin */
        }
    }
    return NULL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static void usage(void)
{
    fprintf(stderr, "usage: cloadgen [-c COPIES] [-t SECONDS] [-n MAX] [-s BYTES] HOST PORT\n");
    exit(64);
}

int main(int argc, char **argv)
{
    int copies = 1;
    double seconds = 5;
    long max_total = 0;
    long bytes = 64;
    int opt;
    while ((opt = getopt(argc, argv, "c:t:n:s:")) != -1) {
        switch (opt) {
        case 'c': copies = atoi(optarg); break;
        case 't': seconds = atof(optarg); break;
        case 'n': max_total = atol(optarg); break;
        case 's': bytes = atol(optarg); break;
        default: usage();
        }
    }
    if (argc - optind != 2 || copies < 1 || copies > 256 || seconds <= 0 || seconds > 600 || bytes < 0 ||
        bytes > (1 << 24)) {
        usage();
    }
    memset(&g_addr, 0, sizeof g_addr);
    g_addr.sin_family = AF_INET;
    g_addr.sin_port = htons((uint16_t)atoi(argv[optind + 1]));
    if (inet_pton(AF_INET, argv[optind], &g_addr.sin_addr) != 1) {
        fprintf(stderr, "cloadgen: HOST must be an IPv4 address\n");
        return 64;
    }
    g_bytes = (size_t)bytes;
    g_payload = malloc(g_bytes ? g_bytes : 1);
    for (size_t i = 0; i < g_bytes; i++) {
        g_payload[i] = (char)('a' + i % 26);
    }
    if (g_bytes > 0) {
        g_payload[g_bytes - 1] = '\n';
    }
    g_max_per_copy = max_total > 0 ? (max_total + copies - 1) / copies : 1L << 62;

    struct copy *cs = calloc((size_t)copies, sizeof *cs);
    double start = now_s();
    g_deadline = start + seconds;
    for (int i = 0; i < copies; i++) {
        cs[i].lat_us = malloc(sizeof(uint32_t) * MAX_SAMPLES_PER_COPY);
        if (pthread_create(&cs[i].thread, NULL, run_copy, &cs[i]) != 0) {
            perror("cloadgen: pthread_create");
            return 1;
        }
    }
    long ok = 0, fail = 0, nlat = 0;
    for (int i = 0; i < copies; i++) {
        pthread_join(cs[i].thread, NULL);
        ok += cs[i].ok;
        fail += cs[i].fail;
        nlat += cs[i].nlat;
    }
    double elapsed = now_s() - start;
    uint32_t *all = malloc(sizeof(uint32_t) * (size_t)(nlat ? nlat : 1));
    long k = 0;
    for (int i = 0; i < copies; i++) {
        memcpy(all + k, cs[i].lat_us, sizeof(uint32_t) * (size_t)cs[i].nlat);
        k += cs[i].nlat;
    }
    qsort(all, (size_t)nlat, sizeof *all, cmp_u32);
#define PCT(p) (nlat ? all[(long)((double)(nlat - 1) * (p))] : 0u)
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    printf("ok=%ld fail=%ld elapsed_s=%.3f rate=%.1f p50_us=%u p90_us=%u p99_us=%u p999_us=%u max_us=%u cpu_ms=%.1f\n", ok, fail,
           elapsed, elapsed > 0 ? (double)ok / elapsed : 0.0, PCT(0.50), PCT(0.90), PCT(0.99), PCT(0.999), nlat ? all[nlat - 1] : 0u,
           cpu_ms);
    return ok > 0 ? 0 : 1;
}
