// Namespaces for spawned containers: id maps of a new user namespace, the
// outer pid of a child in a new PID namespace, mount points made inside a
// private mount namespace only, the pause init of shared PID namespaces and a
// probe of what the kernel allows. Everything here but the probe's parent side
// and tandem_pause_main runs in the clone(CLONE_VM|CLONE_VFORK) child of
// spawn.c: raw system calls, no malloc, stack buffers only.
#define _GNU_SOURCE
#include "CTandemOS.h"
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

// The new mount API (Linux 5.2); glibc 2.36 has wrappers, older headers only numbers.
#ifndef FSOPEN_CLOEXEC
#define FSOPEN_CLOEXEC 0x00000001
#endif
#ifndef FSMOUNT_CLOEXEC
#define FSMOUNT_CLOEXEC 0x00000001
#endif
#ifndef FSCONFIG_SET_STRING
#define FSCONFIG_SET_STRING 1
#endif
#ifndef FSCONFIG_CMD_CREATE
#define FSCONFIG_CMD_CREATE 6
#endif
#ifndef MOVE_MOUNT_F_EMPTY_PATH
#define MOVE_MOUNT_F_EMPTY_PATH 0x00000004
#endif
#ifndef OPEN_TREE_CLONE
#define OPEN_TREE_CLONE 1
#endif
#ifndef OPEN_TREE_CLOEXEC
#define OPEN_TREE_CLOEXEC O_CLOEXEC
#endif
#ifndef AT_RECURSIVE
#define AT_RECURSIVE 0x8000
#endif

static int write_file(const char *path, const char *data, size_t length) {
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = write(fd, data, length);
    int saved = errno;
    close(fd);
    if (n != (ssize_t)length) { errno = n < 0 ? saved : EIO; return -1; }
    return 0;
}

// Decimal digits of `value` ending at `end` (exclusive); returns the first digit.
static char *format_decimal(char *end, unsigned long value) {
    do { *--end = (char)('0' + value % 10); value /= 10; } while (value != 0);
    return end;
}

// "<id> <id> 1\n" into buffer (≥ 64 bytes); returns its length.
static size_t id_map_line(char *buffer, unsigned long id) {
    char digits[24];
    char *first = format_decimal(digits + sizeof digits, id);
    size_t n = (size_t)(digits + sizeof digits - first), at = 0;
    memcpy(buffer + at, first, n); at += n; buffer[at++] = ' ';
    memcpy(buffer + at, first, n); at += n;
    memcpy(buffer + at, " 1\n", 3); at += 3;
    return at;
}

int tandem_ns_write_id_maps(uid_t uid, gid_t gid) {
    char line[64];
    // Without `deny` an unprivileged process may not write gid_map (user_namespaces(7)).
    if (write_file("/proc/self/setgroups", "deny", 4) != 0 && errno != ENOENT) return -1;
    if (write_file("/proc/self/uid_map", line, id_map_line(line, uid)) != 0) return -1;
    if (write_file("/proc/self/gid_map", line, id_map_line(line, gid)) != 0) return -1;
    return 0;
}

static long parse_decimal(const char **cursor) {
    long value = 0;
    const char *p = *cursor;
    if (*p < '0' || *p > '9') return -1;
    while (*p >= '0' && *p <= '9') value = value * 10 + (*p++ - '0');
    *cursor = p;
    return value;
}

int tandem_ns_outer_ids(pid_t *pid, pid_t *parent) {
    char buffer[512];
    int fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buffer, sizeof buffer - 1);
    close(fd);
    if (n <= 0) { errno = EIO; return -1; }
    buffer[n] = '\0';
    // "pid (comm) S ppid …": comm may hold spaces and parentheses, so the last ')' ends it.
    const char *cursor = buffer;
    long self = parse_decimal(&cursor);
    const char *close_paren = strrchr(buffer, ')');
    if (self <= 0 || close_paren == NULL || close_paren[1] != ' ' || close_paren[2] == '\0' || close_paren[3] != ' ') {
        errno = EIO;
        return -1;
    }
    cursor = close_paren + 4;
    long ppid = parse_decimal(&cursor);
    if (ppid < 0) { errno = EIO; return -1; }
    *pid = (pid_t)self;
    *parent = (pid_t)ppid;
    return 0;
}

// Covers `directory` with a tmpfs that shows everything the directory held:
// each entry is a recursive bind mount of the original (its own submounts
// included) or a copy of its symlink. New entries made afterwards land on the
// tmpfs, seen only in this mount namespace. Covering `/` also chroots into the
// cover, since a mount on top of `/` does not change the caller's root.
static int cover(const char *directory, tandem_cover_set *covers) {
    if (covers->count == TANDEM_MAX_COVERS) { errno = ENOSPC; return -1; }
    int old = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (old < 0) return -1;
    int fs = -1, mnt = -1, result = -1;
    struct stat st;
    if (fstat(old, &st) != 0) goto done;
    fs = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
    if (fs < 0) goto done;
    char mode[8] = "0000000";
    char *first = mode + 7;
    unsigned bits = st.st_mode & 07777;
    do { *--first = (char)('0' + (bits & 7)); bits >>= 3; } while (bits != 0);
    mode[7] = '\0';
    if (syscall(SYS_fsconfig, fs, FSCONFIG_SET_STRING, "mode", first, 0) != 0) goto done;
    if (syscall(SYS_fsconfig, fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) goto done;
    mnt = (int)syscall(SYS_fsmount, fs, FSMOUNT_CLOEXEC, 0);
    if (mnt < 0) goto done;
    if (syscall(SYS_move_mount, mnt, "", AT_FDCWD, directory, MOVE_MOUNT_F_EMPTY_PATH) != 0) goto done;
    struct stat covered;
    if (fstat(mnt, &covered) != 0) goto done;
    covers->devices[covers->count++] = covered.st_dev;

    char entries[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, old, entries, sizeof entries);
        if (n < 0) goto done;
        if (n == 0) break;
        for (long at = 0; at < n;) {
            // struct linux_dirent64: u64 ino, s64 off, u16 reclen, u8 type, char name[].
            unsigned short length;
            memcpy(&length, entries + at + 16, sizeof length);
            const char *name = entries + at + 19;
            at += length;
            if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
            struct stat entry;
            if (fstatat(old, name, &entry, AT_SYMLINK_NOFOLLOW) != 0) continue;  // gone meanwhile
            if (S_ISLNK(entry.st_mode)) {
                char link[PATH_MAX];
                ssize_t size = readlinkat(old, name, link, sizeof link - 1);
                if (size < 0) goto done;
                link[size] = '\0';
                if (symlinkat(link, mnt, name) != 0) goto done;
                continue;
            }
            int made = S_ISDIR(entry.st_mode) ? mkdirat(mnt, name, entry.st_mode & 07777)
                                              : mknodat(mnt, name, S_IFREG | 0600, 0);
            if (made != 0) goto done;
            int tree = (int)syscall(SYS_open_tree, old, name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
            // A mount-namespace file (nsfs) cannot be cloned (EINVAL): it stays an empty placeholder.
            if (tree < 0 && errno == EINVAL) continue;
            if (tree < 0) goto done;
            long moved = syscall(SYS_move_mount, tree, "", mnt, name, MOVE_MOUNT_F_EMPTY_PATH);
            int saved = errno;
            close(tree);
            if (moved != 0) { errno = saved; goto done; }
        }
    }
    if (directory[0] == '/' && directory[1] == '\0') {
        if (fchdir(mnt) != 0 || chroot(".") != 0) goto done;
    }
    result = 0;
done:;
    int saved = errno;
    if (mnt >= 0) close(mnt);
    if (fs >= 0) close(fs);
    close(old);
    errno = saved;
    return result;
}

static int covered(const tandem_cover_set *covers, dev_t device) {
    for (int i = 0; i < covers->count; i++) if (covers->devices[i] == device) return 1;
    return 0;
}

int tandem_ns_mount_point(const char *target, int directory, tandem_cover_set *covers) {
    struct stat st;
    if (stat(target, &st) == 0) return 0;
    if (errno != ENOENT) return -1;
    char path[PATH_MAX];
    size_t length = strlen(target);
    if (length == 0 || length >= sizeof path) { errno = ENAMETOOLONG; return -1; }
    if (target[0] != '/') { errno = EINVAL; return -1; }
    memcpy(path, target, length + 1);
    while (length > 1 && path[length - 1] == '/') path[--length] = '\0';

    // The nearest existing ancestor: cut components off the end until one exists.
    size_t ancestor = length;
    for (;;) {
        while (ancestor > 0 && path[ancestor - 1] != '/') ancestor--;
        size_t end = ancestor > 1 ? ancestor - 1 : 1;   // keep "/" for the root
        char saved = path[end];
        path[end] = '\0';
        int exists = stat(path, &st) == 0;
        int code = errno;
        if (exists) {
            if (!S_ISDIR(st.st_mode)) { errno = ENOTDIR; return -1; }
            if (!covered(covers, st.st_dev) && cover(path, covers) != 0) return -1;
            path[end] = saved;
            ancestor = end;
            break;
        }
        path[end] = saved;
        if (code != ENOENT || end == 1) { errno = code; return -1; }
        ancestor = end;
    }

    // Create the missing components below it, now on a tandem tmpfs.
    for (size_t i = ancestor + 1; i <= length; i++) {
        if (path[i] != '/' && path[i] != '\0') continue;
        char saved = path[i];
        path[i] = '\0';
        int last = saved == '\0';
        int made;
        if (last && !directory) {
            made = mknod(path, S_IFREG | 0600, 0);
        } else {
            made = mkdir(path, 0755);
        }
        if (made != 0 && errno != EEXIST) return -1;
        path[i] = saved;
    }
    return 0;
}

// --- the pause init of a shared PID namespace ---

void tandem_pause_main(void) {
    (void)prctl(PR_SET_NAME, "tandem-pause", 0, 0, 0);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGCHLD);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    (void)sigprocmask(SIG_BLOCK, &set, NULL);
    for (;;) {
        // Orphans of every container are reparented to us (PID 1): reap them all.
        while (waitpid(-1, NULL, WNOHANG) > 0) {}
        int signal = 0;
        if (sigwait(&set, &signal) != 0) continue;
        if (signal != SIGCHLD) _exit(0);
    }
}

// --- what the kernel allows ---

typedef struct {
    int user;
    uid_t uid;
    gid_t gid;
    int step;
    int code;
} probe_context;

static int probe_child(void *argument) {
    probe_context *probe = argument;
    if (probe->user && tandem_ns_write_id_maps(probe->uid, probe->gid) != 0) {
        probe->step = TANDEM_STEP_ID_MAP;
    } else if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
        probe->step = TANDEM_STEP_MOUNT_PRIVATE;
    } else if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) {
        probe->step = TANDEM_STEP_MOUNT_PROC;
    } else {
        _exit(0);
    }
    probe->code = errno;
    _exit(1);
}

int tandem_namespaces_probe(int user, int *errno_out) {
    probe_context probe = { .user = user, .uid = geteuid(), .gid = getegid(), .step = TANDEM_STEP_NONE, .code = 0 };
    size_t size = 64 * 1024;
    void *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
    if (stack == MAP_FAILED) { *errno_out = errno; return TANDEM_STEP_CLONE; }
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    int flags = CLONE_VM | CLONE_VFORK | CLONE_NEWPID | CLONE_NEWNS | (user ? CLONE_NEWUSER : 0) | SIGCHLD;
    pid_t pid = clone(probe_child, (char *)stack + size, flags, &probe);
    int clone_errno = errno;
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    if (pid < 0) {
        munmap(stack, size);
        *errno_out = clone_errno;
        return TANDEM_STEP_CLONE;
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    munmap(stack, size);
    *errno_out = probe.code;
    return probe.step;
}
