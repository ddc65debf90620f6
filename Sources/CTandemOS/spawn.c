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

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
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

static int mkdir_p(const char *path) {
    char buffer[PATH_MAX];
    size_t length = strlen(path);
    if (length == 0 || length >= sizeof buffer) { errno = ENAMETOOLONG; return -1; }
    memcpy(buffer, path, length + 1);
    for (size_t i = 1; i <= length; i++) {
        if (buffer[i] == '/' || buffer[i] == '\0') {
            char saved = buffer[i];
            buffer[i] = '\0';
            if (mkdir(buffer, 0755) != 0 && errno != EEXIST) return -1;
            buffer[i] = saved;
        }
    }
    return 0;
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

    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) fail(attr, TANDEM_STEP_PDEATHSIG, 0);
    // The parent may have died between clone and prctl: then nobody would kill us.
    if (getppid() != attr->expected_parent) { errno = ESRCH; fail(attr, TANDEM_STEP_PARENT_DIED, 0); }

    // Register before exec so that no program code can run (and fork) while
    // the sentinel does not know this group yet.
    if (attr->sentinel_fd >= 0) {
        (void)tandem_sentinel_send(attr->sentinel_fd, getpid(), 1);
    }

    if (attr->mount_count > 0) {
        if (unshare(CLONE_NEWNS) != 0) fail(attr, TANDEM_STEP_UNSHARE, 0);
        if (mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) fail(attr, TANDEM_STEP_MOUNT_PRIVATE, 0);
        for (size_t i = 0; i < attr->mount_count; i++) {
            struct stat st;
            if (stat(attr->mount_targets[i], &st) != 0 && mkdir_p(attr->mount_targets[i]) != 0)
                fail(attr, TANDEM_STEP_MKDIR, (int)i);
            if (mount(attr->mount_sources[i], attr->mount_targets[i], NULL, MS_BIND, NULL) != 0)
                fail(attr, TANDEM_STEP_BIND_MOUNT, (int)i);
        }
    }

    if (attr->set_groups && syscall(SYS_setgroups, attr->group_count, attr->groups) != 0)
        fail(attr, TANDEM_STEP_SETGROUPS, 0);
    if (attr->set_group && syscall(SYS_setgid, attr->gid) != 0) fail(attr, TANDEM_STEP_SETGID, 0);
    if (attr->set_user && syscall(SYS_setuid, attr->uid) != 0) fail(attr, TANDEM_STEP_SETUID, 0);

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

int tandem_spawn(tandem_spawn_attr *attr, void *stack, size_t stack_size,
                 pid_t *pid_out, int *pidfd_out) {
    attr->failed_step = TANDEM_STEP_NONE;
    attr->failed_errno = 0;
    attr->failed_index = 0;
    attr->expected_parent = getpid();

    // Block everything so that no handler of ours runs in the child while it
    // shares our memory; the child unblocks after resetting dispositions.
    sigset_t all, saved;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);

    int pidfd = -1;
    char *top = (char *)stack + stack_size;
    top = (char *)((uintptr_t)top & ~(uintptr_t)15);
    pid_t pid = clone(child_main, top, CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, attr, &pidfd);
    int clone_errno = errno;

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
