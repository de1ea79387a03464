/* sha256_check.c -- `make -C src/c check`: sha256.c against known digests.
 *
 * Vectors: the FIPS 180-2 appendix B / NIST examples ("", "abc", the 448-bit
 * and 896-bit messages, one million 'a'), the receipt examples of DESIGN 3a,
 * and the padding boundaries 55..65 and 119..120 bytes of 'a' (digests from
 * Python's hashlib). Each message is hashed in one piece and again streamed
 * in odd-sized pieces (1, 3, 7, 63, 64, 65, 997 bytes, cycling). Prints one
 * line per failure and a final "sha256: N checks, N failed" line naming
 * the engine; exit 0 only when nothing failed.
 */
#include "sha256.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vector {
    const char *name;
    const char *text; /* NULL: `repeat` copies of 'a' */
    size_t repeat;
    const char *hex;
} vector;

static const vector vectors[] = {
    {"empty", "", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "abc", 0, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"448-bit", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 0,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"896-bit", "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", 0,
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {"hello\\n", "hello\n", 0, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"},
    {"55 x a", NULL, 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
    {"56 x a", NULL, 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
    {"63 x a", NULL, 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
    {"64 x a", NULL, 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
    {"65 x a", NULL, 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"},
    {"119 x a", NULL, 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
    {"120 x a", NULL, 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c"},
    {"one million a", NULL, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

static const size_t pieces[] = {1, 3, 7, 63, 64, 65, 997};

static int checks, failures;

static void expect(const vector *v, const char *how, const char *got) {
    checks++;
    if (strcmp(got, v->hex) == 0) return;
    failures++;
    printf("FAIL %s (%s): got %s, want %s\n", v->name, how, got, v->hex);
}

static void checkVector(const vector *v, const unsigned char *msg, size_t len) {
    char hex[SB_SHA256_HEX_LEN];
    sbSha256 c;
    size_t off = 0, i = 0;
    sbSha256Init(&c);
    sbSha256Update(&c, msg, len);
    sbSha256Hex(&c, hex);
    expect(v, "one piece", hex);
    sbSha256Init(&c);
    while (off < len) {
        size_t n = pieces[i++ % (sizeof(pieces) / sizeof(pieces[0]))];
        if (n > len - off) n = len - off;
        sbSha256Update(&c, msg + off, n);
        off += n;
    }
    sbSha256Update(&c, msg, 0); /* an empty piece changes nothing */
    sbSha256Hex(&c, hex);
    expect(v, "odd pieces", hex);
}

int main(void) {
    size_t i;
    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
        const vector *v = &vectors[i];
        if (v->text != NULL) {
            checkVector(v, (const unsigned char *)v->text, strlen(v->text));
        } else {
            unsigned char *msg = malloc(v->repeat);
            if (msg == NULL) { printf("FAIL %s: out of memory\n", v->name); return 1; }
            memset(msg, 'a', v->repeat);
            checkVector(v, msg, v->repeat);
            free(msg);
        }
    }
    printf("sha256: %d checks, %d failed (%s)\n", checks, failures, sbSha256Engine());
    return failures == 0 ? 0 : 1;
}
