// The orphan sentinel. PR_SET_PDEATHSIG only reaches direct children; the
// processes those children start (same process group) would outlive a
// SIGKILLed tandem. The sentinel is a separate process that learns every
// process group tandem creates, and the cgroups of its runs, and when its
// channel reaches end-of-file (tandem is gone, however it died) SIGKILLs them
// all — a cgroup also holds what left its process group (setsid) — and exits.
#define _GNU_SOURCE
#include "CTandemOS.h"

#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
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

// A message is one int32: a process group (> 0) registered, or retired (< 0).
// A longer one is a cgroup: int32 0, then three NUL-terminated paths (see
// tandem_sentinel_send_cgroup), kept as they came in the `cgroups` arena.
#define CGROUP_MESSAGE_MAX (sizeof(int32_t) + 3 * PATH_MAX)

// --- cgroups, killed at the end: plain system calls on cgroupfs, no malloc ---

static int write_text(const char *path, const char *text, size_t length) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, text, length);
    close(fd);
    return n == (ssize_t)length ? 0 : -1;
}

// SIGKILL to every process listed in `path`/cgroup.procs and the cgroups
// below; `path` is a PATH_MAX buffer holding `length` bytes, extended and cut
// back in place. Returns how many processes it signalled.
static int kill_listed(char *path, size_t length, int depth) {
    int found = 0;
    static const char procs[] = "/cgroup.procs";
    if (length + sizeof procs > PATH_MAX) return 0;
    memcpy(path + length, procs, sizeof procs);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    path[length] = '\0';
    if (fd >= 0) {
        char buffer[1024];
        long pid = 0;
        int digits = 0;
        for (;;) {
            ssize_t n = read(fd, buffer, sizeof buffer);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            for (ssize_t i = 0; i < n; i++) {
                if (buffer[i] >= '0' && buffer[i] <= '9') {
                    pid = pid * 10 + (buffer[i] - '0');
                    digits = 1;
                } else {
                    if (digits && pid > 0 && kill((pid_t)pid, SIGKILL) == 0) found++;
                    pid = 0;
                    digits = 0;
                }
            }
        }
        if (digits && pid > 0 && kill((pid_t)pid, SIGKILL) == 0) found++;
        close(fd);
    }
    if (depth >= 8) return found;
    int directory = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (directory < 0) return found;
    char entries[2048];
    for (;;) {
        long n = syscall(SYS_getdents64, directory, entries, sizeof entries);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[].
            unsigned short record;
            memcpy(&record, entries + at + 16, sizeof record);
            unsigned char type = (unsigned char)entries[at + 18];
            const char *name = entries + at + 19;
            at += record;
            if (type != DT_DIR || name[0] == '.') continue;
            size_t size = strlen(name);
            if (length + 1 + size + sizeof procs > PATH_MAX) continue;
            path[length] = '/';
            memcpy(path + length + 1, name, size + 1);
            found += kill_listed(path, length + 1 + size, depth + 1);
            path[length] = '\0';
        }
    }
    close(directory);
    return found;
}

// cgroup.kill where the kernel has it (v2, 5.14+); else, as the normal
// teardown does, freeze (v1) so nothing forks meanwhile, kill what is listed
// until nothing is, thaw so the kills are delivered.
static void kill_cgroup(const char *kill_file, const char *freezer, const char *listed, char *scratch) {
    if (kill_file[0] != '\0' && write_text(kill_file, "1", 1) == 0) return;
    size_t freezer_length = strlen(freezer), listed_length = strlen(listed);
    static const char state[] = "/freezer.state";
    int frozen = 0;
    if (freezer_length > 0 && freezer_length + sizeof state <= PATH_MAX) {
        memcpy(scratch, freezer, freezer_length);
        memcpy(scratch + freezer_length, state, sizeof state);
        frozen = write_text(scratch, "FROZEN", 6) == 0;
    }
    if (listed_length > 0 && listed_length < PATH_MAX) {
        for (int round = 0; round < 8; round++) {
            memcpy(scratch, listed, listed_length + 1);
            if (kill_listed(scratch, listed_length, 0) == 0) break;
        }
    }
    if (frozen) {
        memcpy(scratch, freezer, freezer_length);
        memcpy(scratch + freezer_length, state, sizeof state);
        (void)write_text(scratch, "THAWED", 6);
    }
}

// Runs in the forked sentinel: raw system calls and its own mmap'ed tables only.
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
    // The receive buffer, then a PATH_MAX scratch path for the end.
    char *buffer = mmap(NULL, CGROUP_MESSAGE_MAX + PATH_MAX, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (buffer == MAP_FAILED) buffer = NULL;
    // The cgroups' paths, each entry three NUL-terminated strings, one after another.
    char *cgroups = NULL;
    size_t cgroups_capacity = 0, cgroups_used = 0;

    for (;;) {
        int32_t message;
        ssize_t n = buffer != NULL ? recv(fd, buffer, CGROUP_MESSAGE_MAX, 0) : recv(fd, &message, sizeof message, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < (ssize_t)sizeof message) break;  // EOF or error: tandem is gone
        if (buffer != NULL) memcpy(&message, buffer, sizeof message);
        if (message == 0 && buffer != NULL) {
            size_t length = (size_t)n - sizeof message;
            const char *paths = buffer + sizeof message;
            // Exactly three strings, the last one ending the message.
            int strings = 0;
            for (size_t i = 0; i < length; i++) if (paths[i] == '\0') strings++;
            if (strings != 3 || paths[length - 1] != '\0') continue;
            if (cgroups_used + length > cgroups_capacity) {
                size_t grown_capacity = cgroups_capacity == 0 ? 4 * CGROUP_MESSAGE_MAX : 2 * cgroups_capacity;
                while (grown_capacity < cgroups_used + length) grown_capacity *= 2;
                void *grown = cgroups == NULL
                    ? mmap(NULL, grown_capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
                    : mremap(cgroups, cgroups_capacity, grown_capacity, MREMAP_MAYMOVE);
                if (grown == MAP_FAILED) continue;  // cannot grow: this cgroup goes unguarded
                cgroups = grown;
                cgroups_capacity = grown_capacity;
            }
            memcpy(cgroups + cgroups_used, paths, length);
            cgroups_used += length;
            continue;
        }
        if (n != (ssize_t)sizeof message) continue;  // not a process group message
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
    for (size_t at = 0; at < cgroups_used;) {
        const char *kill_file = cgroups + at;
        const char *freezer = kill_file + strlen(kill_file) + 1;
        const char *listed = freezer + strlen(freezer) + 1;
        at = (size_t)(listed + strlen(listed) + 1 - cgroups);
        kill_cgroup(kill_file, freezer, listed, buffer + CGROUP_MESSAGE_MAX);
    }
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

int tandem_sentinel_send_cgroup(int channel_fd, const char *kill_file, const char *freezer, const char *listed) {
    const char *paths[3] = { kill_file, freezer, listed };
    char message[CGROUP_MESSAGE_MAX];
    int32_t tag = 0;
    memcpy(message, &tag, sizeof tag);
    size_t length = sizeof tag;
    for (int i = 0; i < 3; i++) {
        size_t size = strlen(paths[i]);
        if (size >= PATH_MAX) { errno = ENAMETOOLONG; return -1; }
        memcpy(message + length, paths[i], size + 1);
        length += size + 1;
    }
    for (;;) {
        ssize_t n = send(channel_fd, message, length, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        return n == (ssize_t)length ? 0 : -1;
    }
}
