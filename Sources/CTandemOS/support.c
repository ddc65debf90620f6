// Small wrappers for things Swift cannot express comfortably: a signal
// handler, the epoll_data union, timerfd structs and clock readings.
#define _GNU_SOURCE
#include "CTandemOS.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static atomic_int forward_fd = -1;

static void forward_handler(int sig) {
    int saved = errno;
    int fd = atomic_load(&forward_fd);
    if (fd >= 0) {
        unsigned char byte = (unsigned char)sig;
        (void)write(fd, &byte, 1);  // non-blocking: a full pipe drops repeats only
    }
    errno = saved;
}

int tandem_forward_signals(int write_fd, const int *signals, size_t count) {
    atomic_store(&forward_fd, write_fd);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (size_t i = 0; i < count; i++) {
        if (sigaction(signals[i], &action, NULL) != 0) return -1;
    }
    return 0;
}

void tandem_restore_signals(const int *signals, size_t count) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    for (size_t i = 0; i < count; i++) (void)sigaction(signals[i], &action, NULL);
    atomic_store(&forward_fd, -1);
}

void tandem_set_thread_name(const char *name) { (void)prctl(PR_SET_NAME, name, 0, 0, 0); }

int tandem_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

int tandem_eventfd(void) { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

int tandem_timerfd_create(void) { return timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK); }

int tandem_pipe(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

const char *tandem_strerror(int code, char *buffer, size_t length) { return strerror_r(code, buffer, length); }

int tandem_epoll_add(int epfd, int fd, uint64_t token) {
    struct epoll_event event;
    memset(&event, 0, sizeof event);
    event.events = EPOLLIN;
    event.data.u64 = token;
    return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &event);
}

int tandem_epoll_del(int epfd, int fd) { return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL); }

int tandem_epoll_wait(int epfd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms) {
    struct epoll_event buffer[256];
    if (capacity > 256) capacity = 256;
    int n = epoll_wait(epfd, buffer, capacity, timeout_ms);
    for (int i = 0; i < n; i++) {
        tokens[i] = buffer[i].data.u64;
        events[i] = buffer[i].events;
    }
    return n;
}

int tandem_timerfd_arm(int timerfd, uint64_t deadline_ns) {
    struct itimerspec spec;
    memset(&spec, 0, sizeof spec);
    spec.it_value.tv_sec = (time_t)(deadline_ns / 1000000000u);
    spec.it_value.tv_nsec = (long)(deadline_ns % 1000000000u);
    return timerfd_settime(timerfd, TFD_TIMER_ABSTIME, &spec, NULL);
}

uint64_t tandem_monotonic_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int64_t tandem_realtime_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + (int64_t)ts.tv_nsec;
}

// --- records: a pidfd for a process tandem did not spawn (tandem logs -f watches its run) ---
#include <sys/syscall.h>
#include <unistd.h>
int tandem_pidfd_open(pid_t pid) {
    return (int)syscall(SYS_pidfd_open, pid, 0);
}
// --- end records ---
