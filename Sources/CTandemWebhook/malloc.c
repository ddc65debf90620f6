#include "CTandemWebhook.h"

// Any libc header defines __GLIBC__ on glibc (through <features.h>); test it only after one.
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int ctandem_webhook_set_mmap_threshold(int bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}
