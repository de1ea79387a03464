/* util.h -- argument parsing and clock helpers shared by server.c and client.c. */
#ifndef SB_UTIL_H
#define SB_UTIL_H

#define SB_VERSION "0.1.0"

/* Exit codes (sysexits.h values, DESIGN section 4). */
enum {
    SB_EX_OK = 0,
    SB_EX_USAGE = 64,
    SB_EX_NOHOST = 68,
    SB_EX_UNAVAILABLE = 69,
    SB_EX_OSERR = 71,
    SB_EX_IOERR = 74,
    SB_EX_TEMPFAIL = 75,
    SB_EX_NOPERM = 77
};

int sbParseUInt(const char *s, unsigned long max, unsigned long *out);
int sbParseSeconds(const char *s, double max, double *out);
int sbOptMatch(const char *name, int argc, char **argv, int *i, const char **val);
long long sbNowMs(void);
int sbReserveStdFds(void);

#endif
