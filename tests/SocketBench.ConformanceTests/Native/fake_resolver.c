/* fake_resolver.c -- an LD_PRELOAD getaddrinfo(3) for the client tests.
 *
 * When the name asked for equals $SB_FAKE_HOST, answers with the numeric
 * addresses in $SB_FAKE_ADDRS (comma-separated, in that order), each resolved
 * by the real getaddrinfo with the caller's service and hints; every other
 * name goes to the real getaddrinfo untouched. This gives a host name whose
 * first address black-holes without editing /etc/hosts. glibc's freeaddrinfo
 * frees node by node, so the chained lists are freed by the caller as usual.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

typedef int (*gaiFn)(const char *, const char *, const struct addrinfo *, struct addrinfo **);

int getaddrinfo(const char *node, const char *service, const struct addrinfo *hints, struct addrinfo **res) {
    gaiFn real = (gaiFn)dlsym(RTLD_NEXT, "getaddrinfo");
    const char *name = getenv("SB_FAKE_HOST"), *list = getenv("SB_FAKE_ADDRS");
    struct addrinfo h, *head = NULL, **tail = &head;
    char addrs[512], *save = NULL, *a;
    int rc;

    if (real == NULL) return EAI_SYSTEM;
    if (node == NULL || name == NULL || list == NULL || strcmp(node, name) != 0)
        return real(node, service, hints, res);
    memset(&h, 0, sizeof(h));
    if (hints != NULL) h = *hints;
    h.ai_family = AF_UNSPEC;
    h.ai_flags = (h.ai_flags & ~AI_CANONNAME) | AI_NUMERICHOST;
    strncpy(addrs, list, sizeof(addrs) - 1);
    addrs[sizeof(addrs) - 1] = '\0';
    for (a = strtok_r(addrs, ",", &save); a != NULL; a = strtok_r(NULL, ",", &save)) {
        struct addrinfo *one = NULL;
        if ((rc = real(a, service, &h, &one)) != 0) {
            if (head != NULL) freeaddrinfo(head);
            return rc;
        }
        *tail = one;
        while (*tail != NULL) tail = &(*tail)->ai_next;
    }
    if (head == NULL) return EAI_NONAME;
    *res = head;
    return 0;
}
