// The orphan sentinel. PR_SET_PDEATHSIG only reaches direct children; the
// processes those children start (same process group) would outlive a
// SIGKILLed tandem. The sentinel is a separate process that learns every
// process group tandem creates and, when its channel reaches end-of-file
// (tandem is gone, however it died), SIGKILLs them all and exits.
#define _GNU_SOURCE
#include "CTandemOS.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void close_all_except(int keep) {
    if (keep > 0 && syscall(SYS_close_range, 0u, (unsigned)keep - 1, 0u) != 0) {
        for (int fd = 0; fd < keep; fd++) (void)close(fd);
    }
    if (syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0u) != 0) {
        long max = sysconf(_SC_OPEN_MAX);
        if (max < 0) max = 65536;
        for (long fd = keep + 1; fd < max; fd++) (void)close((int)fd);
    }
}

// Runs in the forked sentinel: raw system calls and its own mmap'ed table only.
static void sentinel_main(int fd) __attribute__((noreturn));
static void sentinel_main(int fd) {
    close_all_except(fd);
    // Out of tandem's process group and deaf to every catchable signal, so a
    // terminal's ^C or a kill of tandem's group cannot take it down first.
    (void)setpgid(0, 0);
    sigset_t all;
    sigfillset(&all);
    (void)sigprocmask(SIG_SETMASK, &all, NULL);
    (void)prctl(PR_SET_NAME, "tandem-sentinel", 0, 0, 0);
    (void)chdir("/");

    size_t capacity = 4096, count = 0;
    int32_t *groups = mmap(NULL, capacity * sizeof *groups, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (groups == MAP_FAILED) groups = NULL;

    for (;;) {
        int32_t message;
        ssize_t n = recv(fd, &message, sizeof message, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n != (ssize_t)sizeof message) break;  // EOF or error: tandem is gone
        if (groups == NULL) continue;
        if (message > 0) {
            if (count == capacity) {
                void *grown = mremap(groups, capacity * sizeof *groups, 2 * capacity * sizeof *groups, MREMAP_MAYMOVE);
                if (grown == MAP_FAILED) continue;  // cannot grow: this group goes unguarded
                groups = grown;
                capacity *= 2;
            }
            groups[count++] = message;
        } else {
            for (size_t i = 0; i < count; i++) {
                if (groups[i] == -message) { groups[i] = groups[--count]; break; }
            }
        }
    }
    for (size_t i = 0; i < count; i++) (void)kill(-groups[i], SIGKILL);
    _exit(0);
}

pid_t tandem_sentinel_start(int *channel_fd) {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0) return -1;
    // A raw fork: no pthread_atfork handlers of other libraries run in the sentinel.
    long pid = syscall(SYS_clone, (unsigned long)SIGCHLD, 0UL, 0UL, 0UL, 0UL);
    if (pid < 0) {
        int saved = errno;
        close(pair[0]);
        close(pair[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) sentinel_main(pair[1]);
    close(pair[1]);
    *channel_fd = pair[0];
    return (pid_t)pid;
}

int tandem_sentinel_send(int channel_fd, pid_t process_group, int register_group) {
    int32_t message = register_group ? (int32_t)process_group : -(int32_t)process_group;
    for (;;) {
        ssize_t n = send(channel_fd, &message, sizeof message, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n == (ssize_t)sizeof message ? 0 : -1;
    }
}
