/* spool.c -- see spool.h. */
#include "spool.h"
#include "net.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SB_SPOOL_FIRST_CAP 65536

static void spoolError(char *err, const char *what) {
    snprintf(err, SB_ERR_LEN, "spool %s: %s", what, strerror(errno));
}

void sbSpoolInit(sbSpool *s, size_t limit) {
    s->mem = NULL;
    s->cap = s->used = 0;
    s->limit = limit;
    s->fd = -1;
    s->file_bytes = 0;
}

/* An anonymous file in $TMPDIR (or /tmp): O_TMPFILE where the file system
 * has it, else mkstemp and unlink at once. SB_OK with *fd. */
static int spoolOpenFile(char *err, int *fd) {
    const char *dir = getenv("TMPDIR");
    char path[4096];
    if (dir == NULL || *dir == '\0') dir = "/tmp";
    *fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
    if (*fd >= 0) return SB_OK;
    if (snprintf(path, sizeof(path), "%s/socketbench-spool-XXXXXX", dir) >= (int)sizeof(path)) {
        errno = ENAMETOOLONG;
        spoolError(err, "file");
        return SB_ERR;
    }
    *fd = mkostemp(path, O_CLOEXEC);
    if (*fd == -1) {
        spoolError(err, "file");
        return SB_ERR;
    }
    unlink(path);
    return SB_OK;
}

/* Make room for `want` more bytes in memory, up to the limit. Returns how
 * many bytes fit now (0 when memory is full or cannot grow). */
static size_t spoolRoom(sbSpool *s, size_t want) {
    size_t need = s->used + want, cap = s->cap ? s->cap : SB_SPOOL_FIRST_CAP;
    char *grown;
    if (need > s->limit) need = s->limit;
    if (need <= s->cap) return s->cap - s->used;
    while (cap < need) cap *= 2;
    if (cap > s->limit) cap = s->limit;
    grown = realloc(s->mem, cap);
    if (grown == NULL) return s->cap - s->used; /* keep what we have; the rest goes to the file */
    s->mem = grown;
    s->cap = cap;
    return cap - s->used;
}

/* Append len bytes: to memory while it is below the limit, then to the file.
 * SB_ERR (err filled) when the file cannot be created or written (ENOSPC). */
int sbSpoolAppend(char *err, sbSpool *s, const char *data, size_t len) {
    size_t room = s->fd == -1 ? spoolRoom(s, len) : 0, off;
    if (room > len) room = len;
    if (room > 0) {
        memcpy(s->mem + s->used, data, room);
        s->used += room;
        data += room;
        len -= room;
    }
    if (len == 0) return SB_OK;
    if (s->fd == -1 && spoolOpenFile(err, &s->fd) == SB_ERR) return SB_ERR;
    for (off = 0; off < len;) {
        ssize_t n = write(s->fd, data + off, len - off);
        if (n == -1 && errno == EINTR) continue;
        if (n == -1) {
            spoolError(err, "file write");
            return SB_ERR;
        }
        off += (size_t)n;
    }
    s->file_bytes += len;
    return SB_OK;
}

unsigned long long sbSpoolSize(const sbSpool *s) {
    return s->used + s->file_bytes;
}

/* Write the whole spool to outfd: the memory part, then the file read back
 * through buf. SB_ERR with err filled; *out_failed = 1 if outfd failed (a
 * dead stdout), 0 if reading the spool file failed. */
int sbSpoolWriteOut(char *err, sbSpool *s, int outfd, char *buf, size_t buflen, int *out_failed) {
    off_t pos = 0;
    *out_failed = 1;
    if (s->used > 0 && sbWriteAll(err, outfd, s->mem, s->used) == SB_ERR) return SB_ERR;
    while ((unsigned long long)pos < s->file_bytes) {
        ssize_t n = pread(s->fd, buf, buflen, pos);
        if (n == -1 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO; /* the file is shorter than what we wrote */
            *out_failed = 0;
            spoolError(err, "file read");
            return SB_ERR;
        }
        if (sbWriteAll(err, outfd, buf, (size_t)n) == SB_ERR) return SB_ERR;
        pos += n;
    }
    return SB_OK;
}

void sbSpoolFree(sbSpool *s) {
    free(s->mem);
    if (s->fd >= 0) close(s->fd);
    sbSpoolInit(s, s->limit);
}
