/* util.c -- see util.h. */
#include "util.h"
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <time.h>

/* Parse s as a plain decimal number (ASCII digits only: no sign, space,
 * fraction or exponent) no larger than max. SB_OK and *out on success. */
int sbParseUInt(const char *s, unsigned long max, unsigned long *out) {
    unsigned long v = 0;
    if (s == NULL || *s == '\0') return SB_ERR;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return SB_ERR;
        v = v * 10 + (unsigned long)(*s - '0');
        if (v > max) return SB_ERR;
    }
    *out = v;
    return SB_OK;
}

/* Parse s as seconds "D[.D]" (digits, optional fraction; no sign, no
 * exponent) no larger than max. SB_OK and *out on success. */
int sbParseSeconds(const char *s, double max, double *out) {
    double v = 0, scale = 1;
    int digits = 0, frac = 0;
    if (s == NULL) return SB_ERR;
    for (; *s; s++) {
        if (*s == '.' && !frac) {
            frac = 1;
        } else if (*s >= '0' && *s <= '9') {
            digits++;
            if (frac) {
                scale /= 10;
                v += (*s - '0') * scale;
            } else {
                v = v * 10 + (*s - '0');
            }
            if (v > max) return SB_ERR;
        } else {
            return SB_ERR;
        }
    }
    if (digits == 0) return SB_ERR;
    *out = v;
    return SB_OK;
}

/* Match argv[*i] against option name, as "--name VALUE" or "--name=VALUE".
 * Returns 0 if it is another option, 1 if it matches. On a match *val is the
 * value (NULL when missing) and *i is advanced past a separate value. */
int sbOptMatch(const char *name, int argc, char **argv, int *i, const char **val) {
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0) return 0;
    if (a[n] == '=') {
        *val = a + n + 1;
        return 1;
    }
    if (a[n] != '\0') return 0;
    *val = (*i + 1 < argc) ? argv[++*i] : NULL;
    return 1;
}

/* Milliseconds on the monotonic clock. */
long long sbNowMs(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Open /dev/null on any of fds 0, 1, 2 that is closed, so that no socket
 * can land there. Returns a bit mask of the fds that were closed (bit n = fd n). */
int sbReserveStdFds(void) {
    int fd, closed = 0;
    for (fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
            closed |= 1 << fd;
            if (open("/dev/null", O_RDWR) == -1) return closed;
        }
    }
    return closed;
}
