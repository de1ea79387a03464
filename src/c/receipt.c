/* receipt.c -- see receipt.h. */
#include "receipt.h"
#include "net.h"

#include <stdio.h>
#include <string.h>

#define SB_RECEIPT_PREFIX "SBR/1 "

/* Write the receipt line for bytes and hex (64 lowercase digits) into out.
 * Returns its length (no NUL counted), or -1 if out is too small. */
int sbReceiptFormat(char *out, size_t outlen, unsigned long long bytes, const char *hex) {
    int n = snprintf(out, outlen, SB_RECEIPT_PREFIX "%llu %s\n", bytes, hex);
    return n < 0 || (size_t)n >= outlen ? -1 : n;
}

/* Parse exactly one receipt line: "SBR/1 ", 1..19 decimal digits without a
 * leading zero (a lone "0" is fine), one space, 64 lowercase hex digits,
 * "\n", and nothing after (the C# client's rule: the count fits a long).
 * SB_OK with *bytes and hex (NUL-terminated) filled, else SB_ERR. */
int sbReceiptParse(const char *data, size_t len, unsigned long long *bytes, char hex[SB_SHA256_HEX_LEN]) {
    size_t plen = sizeof(SB_RECEIPT_PREFIX) - 1, i = plen, digits = 0;
    unsigned long long v = 0;
    if (len < plen || memcmp(data, SB_RECEIPT_PREFIX, plen) != 0) return SB_ERR;
    for (; i < len && data[i] >= '0' && data[i] <= '9'; i++, digits++) {
        unsigned d = (unsigned)(data[i] - '0');
        if (v > (~0ULL - d) / 10) return SB_ERR;
        v = v * 10 + d;
    }
    if (digits == 0 || digits > 19 || (digits > 1 && data[plen] == '0') || i >= len || data[i++] != ' ')
        return SB_ERR;
    if (v > 9223372036854775807ULL) return SB_ERR; /* above a signed 64-bit count */
    if (len - i != 64 + 1 || data[len - 1] != '\n') return SB_ERR;
    for (digits = 0; digits < 64; digits++, i++) {
        char c = data[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return SB_ERR;
        hex[digits] = c;
    }
    hex[64] = '\0';
    *bytes = v;
    return SB_OK;
}

/* Quote the first SB_RECEIPT_SHOWN bytes of data on one line: printable
 * ASCII as is, \\ \n \r \t, anything else \xHH. */
void sbReceiptEscape(const char *data, size_t len, char out[SB_RECEIPT_ESC_LEN]) {
    static const char digits[] = "0123456789abcdef";
    size_t i, o = 0;
    if (len > SB_RECEIPT_SHOWN) len = SB_RECEIPT_SHOWN;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        if (c == '\\') { out[o++] = '\\'; out[o++] = '\\'; }
        else if (c == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
        else if (c == '\r') { out[o++] = '\\'; out[o++] = 'r'; }
        else if (c == '\t') { out[o++] = '\\'; out[o++] = 't'; }
        else if (c >= 0x20 && c < 0x7f) out[o++] = (char)c;
        else { out[o++] = '\\'; out[o++] = 'x'; out[o++] = digits[c >> 4]; out[o++] = digits[c & 15]; }
    }
    out[o] = '\0';
}
