/* receipt.h -- the receipt line of DESIGN 3a: "SBR/1 <bytes> <sha256hex>\n".
 *
 * The server formats it after a client's bytes reached stdout; the client
 * parses what it read before the server's close and compares it with what it
 * sent. Both sides share this file so the format lives in one place.
 */
#ifndef SB_RECEIPT_H
#define SB_RECEIPT_H

#include "sha256.h"

#include <stddef.h>

#define SB_RECEIPT_MAX 128      /* a client reads at most this many bytes */
#define SB_RECEIPT_SHOWN 60     /* bytes of a malformed receipt quoted in the error */
#define SB_RECEIPT_ESC_LEN (SB_RECEIPT_SHOWN * 4 + 1)

int sbReceiptFormat(char *out, size_t outlen, unsigned long long bytes, const char *hex);
int sbReceiptParse(const char *data, size_t len, unsigned long long *bytes, char hex[SB_SHA256_HEX_LEN]);
void sbReceiptEscape(const char *data, size_t len, char out[SB_RECEIPT_ESC_LEN]);

#endif
