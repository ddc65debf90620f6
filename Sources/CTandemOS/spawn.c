// The child side of spawning. It runs in a clone(CLONE_VM|CLONE_VFORK|CLONE_PIDFD)
// child that shares the parent's memory while the parent thread sleeps until
// exec or _exit: only raw system calls, no malloc, no locks, no glibc wrappers
// that touch process-wide state (setuid & co. are raw syscalls because glibc's
// wrappers broadcast to all threads of the *parent*).
//
// Why clone(CLONE_VM|CLONE_VFORK) and not fork or clone3 without CLONE_VM:
// no page tables are copied, whatever tandem's heap size (posix_spawn does the
// same), and the pidfd comes from the same call, so there is no pid-reuse window
// before pidfd_open. glibc's clone() wrapper is used rather than raw clone3
// because a CLONE_VM child needs its own stack and an entry function, which the
// wrapper provides portably.
//
// Why no error pipe: with CLONE_VFORK the parent resumes only after the child
// has exec'ed or exited, and the child shares our memory, so the child writes
// the failing step and errno straight into the attr record. That is the same
// report a close-on-exec pipe would carry, minus two descriptors and four
// system calls per spawn.
#define _GNU_SOURCE
#include "CTandemOS.h"
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

static int fail(tandem_spawn_attr *attr, int step, int index) {
    attr->failed_errno = errno;
    attr->failed_index = index;
    attr->failed_step = step;
    _exit(127);
}

// Moves a caller-supplied descriptor out of the 0..2 range so that the dup2
// calls onto 0, 1 and 2 cannot clobber each other (e.g. stdout=2, stderr=1).
static int lift(int fd) {
    if (fd > 2) return fd;
    return fcntl(fd, F_DUPFD, 3);
}

// ---- cgroups (helper "cgroups"): placement before exec -------------------
// Joins every prepared cgroup (v2 tree and/or each v1 controller) by writing
// "0" — the writer itself — to its cgroup.procs, then sets oom_score_adj.
// Runs first in the child, so nothing the child does (and nothing the program
// forks) is ever outside the container's limits.
static void enter_cgroups(tandem_spawn_attr *attr) {
    for (size_t i = 0; i < attr->cgroup_procs_count; i++) {
        if (write(attr->cgroup_procs_fds[i], "0", 1) != 1) fail(attr, TANDEM_STEP_CGROUP, (int)i);
    }
    if (attr->oom_score_adj) {
        int fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
        if (fd >= 0) {
            (void)write(fd, attr->oom_score_adj, strlen(attr->oom_score_adj));
            close(fd);
        }
    }
}
// ---- end cgroups ------------------------------------------------------------

static int child_main(void *context) {
    tandem_spawn_attr *attr = context;

    // All signals are blocked (by the parent, before clone). Reset every
    // disposition so that no parent handler can run in this shared address
    // space and the program starts with defaults, then unblock just before exec.
    // Raw rt_sigaction: glibc's wrapper refuses its internal signals (32, 33),
    // which the parent may have caught or ignored.
    struct { void (*handler)(int); unsigned long flags; void *restorer; uint64_t mask; } dfl = {0};
    dfl.handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) continue;
        (void)syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof dfl.mask);
    }

    enter_cgroups(attr);  // cgroups

    if (setpgid(0, 0) != 0) fail(attr, TANDEM_STEP_SETPGID, 0);

    // --- isolation: the id maps of a new user namespace come first (nothing
    // else in it is permitted before), written by the child itself ---
    int fresh_namespaces = attr->isolate != 0 && attr->join_pidfd < 0;
    int in_pid_namespace = (fresh_namespaces && (attr->isolate & TANDEM_ISOLATE_PID))
        || (attr->join_pidfd >= 0 && (attr->join_flags & TANDEM_ISOLATE_PID));
    if (fresh_namespaces && (attr->isolate & TANDEM_ISOLATE_USER)
        && tandem_ns_write_id_maps(attr->map_uid, attr->map_gid) != 0)
        fail(attr, TANDEM_STEP_ID_MAP, 0);

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(attr, TANDEM_STEP_PDEATHSIG, 0);
    // The parent may have died between clone and prctl: then nobody would kill us.
    // In a new PID namespace getppid() is 0 and getpid() 1: ask the mounted /proc,
    // which counts in tandem's namespace.
    // A process entering a container (join) sees the container's /proc already, so it
    // cannot tell; it lives in that container's PID namespace and dies with its init.
    pid_t self = getpid(), parent = getppid();
    int ids_known = attr->join_pidfd < 0;
    if (ids_known && in_pid_namespace && tandem_ns_outer_ids(&self, &parent) != 0) ids_known = 0;
    if (ids_known && parent != attr->expected_parent) { errno = ESRCH; fail(attr, TANDEM_STEP_PARENT_DIED, 0); }

    // Register before exec so that no program code can run (and fork) while
    // the sentinel does not know this group yet. Without our outer pid the
    // parent registers after the clone (pdeathsig covers the moment between).
    if (attr->sentinel_fd >= 0 && ids_known) {
        (void)tandem_sentinel_send(attr->sentinel_fd, self, 1);
        attr->registered = 1;
    }

    // --- isolation: mounts, only ever inside a private mount namespace ---
    int private_mounts = (fresh_namespaces && (attr->isolate & (TANDEM_ISOLATE_MOUNT | TANDEM_ISOLATE_PID)))
        || (attr->join_pidfd >= 0 && attr->join_private_mounts);
    if (!private_mounts && attr->join_pidfd < 0 && attr->mount_count > 0) private_mounts = 1;
    if (private_mounts) {
        int cloned_with_newns = fresh_namespaces && (attr->isolate & (TANDEM_ISOLATE_MOUNT | TANDEM_ISOLATE_PID));
        if (!cloned_with_newns && unshare(CLONE_NEWNS) != 0) fail(attr, TANDEM_STEP_UNSHARE, 0);
        if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail(attr, TANDEM_STEP_MOUNT_PRIVATE, 0);
        if (fresh_namespaces && (attr->isolate & TANDEM_ISOLATE_PID)
            && mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0)
            fail(attr, TANDEM_STEP_MOUNT_PROC, 0);
        tandem_cover_set covers = { .count = 0 };
        for (size_t i = 0; i < attr->mount_count; i++) {
            struct stat source;
            if (stat(attr->mount_sources[i], &source) != 0) fail(attr, TANDEM_STEP_BIND_MOUNT, (int)i);
            if (tandem_ns_mount_point(attr->mount_targets[i], S_ISDIR(source.st_mode), &covers) != 0)
                fail(attr, TANDEM_STEP_MOUNT_POINT, (int)i);
            if (mount(attr->mount_sources[i], attr->mount_targets[i], NULL, MS_BIND | MS_REC, NULL) != 0)
                fail(attr, TANDEM_STEP_BIND_MOUNT, (int)i);
            if (attr->mount_read_only && attr->mount_read_only[i]) {
                // The source's own nosuid/nodev/noexec stay: a user namespace may not drop them.
                struct statvfs vfs;
                unsigned long kept = 0;
                if (statvfs(attr->mount_targets[i], &vfs) == 0) {
                    if (vfs.f_flag & ST_NOSUID) kept |= MS_NOSUID;
                    if (vfs.f_flag & ST_NODEV) kept |= MS_NODEV;
                    if (vfs.f_flag & ST_NOEXEC) kept |= MS_NOEXEC;
                }
                if (mount(NULL, attr->mount_targets[i], NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | kept, NULL) != 0)
                    fail(attr, TANDEM_STEP_REMOUNT_READ_ONLY, (int)i);
            }
        }
    }

    if (attr->set_groups && syscall(SYS_setgroups, attr->group_count, attr->groups) != 0)
        fail(attr, TANDEM_STEP_SETGROUPS, 0);
    if (attr->set_group && syscall(SYS_setgid, attr->gid) != 0) fail(attr, TANDEM_STEP_SETGID, 0);
    if (attr->set_user && syscall(SYS_setuid, attr->uid) != 0) fail(attr, TANDEM_STEP_SETUID, 0);
    // A change of credentials clears the parent-death signal (prctl(2)): arm it again.
    if ((attr->set_user || attr->set_group || attr->set_groups) && prctl(PR_SET_PDEATHSIG, SIGKILL) != 0)
        fail(attr, TANDEM_STEP_PDEATHSIG, 0);

    // After setuid, so that the directory is checked with the container's rights.
    if (attr->working_directory && chdir(attr->working_directory) != 0) fail(attr, TANDEM_STEP_CHDIR, 0);

    int in = lift(attr->stdin_fd), out = lift(attr->stdout_fd), err = lift(attr->stderr_fd);
    if (in < 0 || out < 0 || err < 0) fail(attr, TANDEM_STEP_STDIO, 0);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) fail(attr, TANDEM_STEP_STDIO, 0);

    if (syscall(SYS_close_range, 3u, ~0u, 0u) != 0) {
        // Kernels before 5.9: close the whole descriptor range by hand.
        long max = sysconf(_SC_OPEN_MAX);
        if (max < 0) max = 65536;
        for (long fd = 3; fd < max; fd++) (void)close((int)fd);
    }

    uint64_t none = 0;
    if (syscall(SYS_rt_sigprocmask, SIG_SETMASK, &none, NULL, sizeof none) != 0) fail(attr, TANDEM_STEP_SIGNALS, 0);

    execve(attr->path, attr->argv, attr->envp);
    fail(attr, TANDEM_STEP_EXEC, 0);
    return 127;
}

// --- isolation: entering a running container's namespaces ---
// setns(CLONE_NEWPID) only moves the caller's future children, and tandem may
// lack the rights to do it on its own thread (rootless: the target's PID
// namespace belongs to a user namespace tandem is not in). So an intermediate
// child enters the namespaces (user first, which grants the rest), then clones
// the real child with CLONE_PARENT: it is tandem's child, PID-namespaced, with
// pdeathsig tied to the reactor thread like any other. The intermediate exits
// as soon as the real child has exec'ed (CLONE_VFORK).
static int join_main(void *context) {
    tandem_spawn_attr *attr = context;
    int flags = ((attr->join_flags & TANDEM_ISOLATE_PID) ? CLONE_NEWPID : 0)
        | ((attr->join_flags & TANDEM_ISOLATE_MOUNT) ? CLONE_NEWNS : 0)
        | ((attr->join_flags & TANDEM_ISOLATE_USER) ? CLONE_NEWUSER : 0);
    if (setns(attr->join_pidfd, flags) != 0) fail(attr, TANDEM_STEP_SETNS, 0);
    pid_t pid = clone(child_main, attr->join_stack_top, CLONE_VM | CLONE_VFORK | CLONE_PARENT | SIGCHLD, attr);
    if (pid < 0) fail(attr, TANDEM_STEP_CLONE, 0);
    attr->joined_pid = pid;
    _exit(0);
}

static void reap_pid(pid_t pid) {
    int status;
    while (waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
}

int tandem_spawn(tandem_spawn_attr *attr, void *stack, size_t stack_size,
                 pid_t *pid_out, int *pidfd_out) {
    attr->failed_step = TANDEM_STEP_NONE;
    attr->failed_errno = 0;
    attr->failed_index = 0;
    attr->expected_parent = getpid();
    attr->joined_pid = 0;
    attr->registered = 0;

    // Block everything so that no handler of ours runs in the child while it
    // shares our memory; the child unblocks after resetting dispositions.
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);

    int pidfd = -1;
    char *top = (char *)stack + stack_size;
    top = (char *)((uintptr_t)top & ~(uintptr_t)15);
    pid_t pid;
    int clone_errno;
    if (attr->join_pidfd >= 0) {
        // Two children at once: the intermediate on the upper half of the stack, the real one below.
        attr->join_stack_top = (void *)((uintptr_t)((char *)stack + stack_size / 2) & ~(uintptr_t)15);
        pid_t intermediate = clone(join_main, top, CLONE_VM | CLONE_VFORK | SIGCHLD, attr);
        clone_errno = errno;
        pthread_sigmask(SIG_SETMASK, &saved, NULL);
        if (intermediate < 0) {
            attr->failed_step = TANDEM_STEP_CLONE;
            attr->failed_errno = clone_errno;
            return -1;
        }
        reap_pid(intermediate);
        pid = attr->joined_pid;
        if (attr->failed_step == TANDEM_STEP_NONE && pid <= 0) {
            attr->failed_step = TANDEM_STEP_CLONE;
            attr->failed_errno = ECHILD;
        }
        if (attr->failed_step != TANDEM_STEP_NONE) {
            if (pid > 0) reap_pid(pid);
            if (pid > 0 && attr->registered) (void)tandem_sentinel_send(attr->sentinel_fd, pid, 0);
            return -1;
        }
        // Our unreaped child: its pid cannot be reused before we wait for it.
        pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        if (pidfd < 0) {
            int code = errno;
            kill(pid, SIGKILL);
            reap_pid(pid);
            if (attr->registered) (void)tandem_sentinel_send(attr->sentinel_fd, pid, 0);
            attr->failed_step = TANDEM_STEP_CLONE;
            attr->failed_errno = code;
            return -1;
        }
    } else {
        int flags = CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD;
        if (attr->isolate & TANDEM_ISOLATE_PID) flags |= CLONE_NEWPID | CLONE_NEWNS;
        if (attr->isolate & TANDEM_ISOLATE_MOUNT) flags |= CLONE_NEWNS;
        if (attr->isolate & TANDEM_ISOLATE_USER) flags |= CLONE_NEWUSER;
        pid = clone(child_main, top, flags, attr, &pidfd);
        clone_errno = errno;

        pthread_sigmask(SIG_SETMASK, &saved, NULL);

        if (pid < 0) {
            attr->failed_step = TANDEM_STEP_CLONE;
            attr->failed_errno = clone_errno;
            return -1;
        }
        if (attr->failed_step != TANDEM_STEP_NONE) {
            // The child has _exit'ed (CLONE_VFORK resumed us): reap it, no zombie.
            tandem_exit ignored;
            (void)tandem_reap_blocking(pidfd, pid, &ignored);
            if (attr->sentinel_fd >= 0) (void)tandem_sentinel_send(attr->sentinel_fd, pid, 0);
            close(pidfd);
            return -1;
        }
    }
    if (attr->sentinel_fd >= 0 && !attr->registered) (void)tandem_sentinel_send(attr->sentinel_fd, pid, 1);
    *pid_out = pid;
    *pidfd_out = pidfd;
    return 0;
}

static int reap(int pidfd, pid_t pid, tandem_exit *out, int flags) {
    siginfo_t info;
    for (;;) {
        memset(&info, 0, sizeof info);
        int rc = waitid((idtype_t)P_PIDFD, (id_t)pidfd, &info, WEXITED | flags);
        if (rc != 0 && errno == EINVAL) rc = waitid(P_PID, (id_t)pid, &info, WEXITED | flags);
        if (rc != 0 && errno == EINTR) continue;
        if (rc != 0) return -1;
        break;
    }
    if (info.si_pid == 0) return 0;
    out->pid = info.si_pid;
    out->exited = info.si_code == CLD_EXITED;
    out->status = info.si_status;
    out->core_dumped = info.si_code == CLD_DUMPED;
    return 1;
}

int tandem_reap(int pidfd, pid_t pid, tandem_exit *out) { return reap(pidfd, pid, out, WNOHANG); }

int tandem_reap_blocking(int pidfd, pid_t pid, tandem_exit *out) { return reap(pidfd, pid, out, 0); }
