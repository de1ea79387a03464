/* spool.h -- one client's message held until its EOF (DESIGN 3a).
 *
 * The first `limit` bytes stay in memory (grown by doubling from 64 KiB, so
 * short messages stay small), the rest goes to an anonymous temporary file
 * in $TMPDIR or /tmp (O_TMPFILE, else mkstemp + unlink at once). Memory per
 * client is therefore at most `limit` plus the caller's buffer.
 */
#ifndef SB_SPOOL_H
#define SB_SPOOL_H

#include <stddef.h>

typedef struct sbSpool {
    char *mem;                     /* memory part, cap bytes allocated */
    size_t cap, used, limit;       /* used <= cap <= limit */
    int fd;                        /* temporary file, -1 until memory is full */
    unsigned long long file_bytes; /* bytes in the file */
} sbSpool;

void sbSpoolInit(sbSpool *s, size_t limit);
int sbSpoolAppend(char *err, sbSpool *s, const char *data, size_t len);
unsigned long long sbSpoolSize(const sbSpool *s);
int sbSpoolWriteOut(char *err, sbSpool *s, int outfd, char *buf, size_t buflen, int *out_failed);
void sbSpoolFree(sbSpool *s);

#endif
