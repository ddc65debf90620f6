/*
 * stamp: the container program of tandem's benchmarks.
 *
 * stamp OUT [--notify FIFO] [--ready-after-ms N FILE] [--exit-after-ms N]
 *
 * Appends "start <ns>" (CLOCK_REALTIME, nanoseconds) to OUT as its first instruction, pokes
 * FIFO (one byte) so the harness wakes without polling, then waits. SIGTERM appends
 * "term <ns>" and "exit <ns>" and exits at once, so a container's own shutdown time is the
 * distance between those two lines. --ready-after-ms creates FILE after N ms (a startup probe
 * `test -e FILE` then passes); --exit-after-ms appends "exit <ns>" and exits 1 after N ms.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int out_fd = -1;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void note(const char *what, long long ns) {
    char line[64];
    int n = snprintf(line, sizeof line, "%s %lld\n", what, ns);
    if (out_fd >= 0 && n > 0) (void)!write(out_fd, line, (size_t)n);
}

static void on_term(int sig) {
    (void)sig;
    note("term", now_ns());
    note("exit", now_ns());
    _exit(0);
}

static void sleep_ms(long ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {}
}

int main(int argc, char **argv) {
    long long started = now_ns();
    if (argc < 2) return 2;
    out_fd = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    note("start", started);
    signal(SIGTERM, on_term);
    const char *ready_file = NULL;
    long ready_ms = -1, exit_ms = -1;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--notify") && i + 1 < argc) {
            int fd = open(argv[++i], O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0) { (void)!write(fd, "x", 1); close(fd); }
        } else if (!strcmp(argv[i], "--ready-after-ms") && i + 2 < argc) {
            ready_ms = atol(argv[++i]);
            ready_file = argv[++i];
        } else if (!strcmp(argv[i], "--exit-after-ms") && i + 1 < argc) {
            exit_ms = atol(argv[++i]);
        }
    }
    if (ready_file) {
        sleep_ms(ready_ms);
        int fd = open(ready_file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
        if (fd >= 0) close(fd);
    }
    if (exit_ms >= 0) {
        sleep_ms(exit_ms);
        note("exit", now_ns());
        _exit(1);
    }
    for (;;) pause();
}
