/* sha256.h -- SHA-256 (FIPS 180-4 section 6.2), streaming, no allocation.
 *
 * sbSha256Init, then sbSha256Update with any number of pieces of any size,
 * then sbSha256Final for the 32-byte digest (or sbSha256Hex for the 64
 * lowercase hex digits plus NUL). A context is plain data: copy it, keep it
 * on the stack, no cleanup. On x86 CPUs with the SHA extensions the blocks
 * are hashed with them (chosen at run time); -DSB_SHA256_PORTABLE forces the
 * plain C rounds everywhere (the check builds both).
 */
#ifndef SB_SHA256_H
#define SB_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SB_SHA256_LEN 32
#define SB_SHA256_HEX_LEN 65 /* 64 digits + NUL */

typedef struct sbSha256 {
    uint32_t h[8];        /* the running hash value H(i) */
    uint64_t bits;        /* message length so far, in bits (mod 2^64) */
    unsigned char block[64];
    size_t used;          /* bytes waiting in block */
} sbSha256;

void sbSha256Init(sbSha256 *c);
void sbSha256Update(sbSha256 *c, const void *data, size_t len);
void sbSha256Final(sbSha256 *c, unsigned char out[SB_SHA256_LEN]);
void sbSha256Hex(sbSha256 *c, char out[SB_SHA256_HEX_LEN]);
const char *sbSha256Engine(void); /* "x86 SHA extensions" or "portable" */

#endif
