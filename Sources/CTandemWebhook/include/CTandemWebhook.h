#ifndef CTANDEM_WEBHOOK_H
#define CTANDEM_WEBHOOK_H

/// mallopt(M_MMAP_THRESHOLD, bytes) where glibc has it (Swift's Glibc module leaves out <malloc.h>); returns
/// mallopt's result, or 0 where there is no glibc.
int ctandem_webhook_set_mmap_threshold(int bytes);

#endif
