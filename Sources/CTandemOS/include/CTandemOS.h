// CTandemOS: the parts of TandemOS that must be written in C because they run
// between clone and exec (where only raw system calls are safe), inside a
// signal handler, or in the orphan sentinel process.
#ifndef CTANDEMOS_H
#define CTANDEMOS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// The step of the child's setup that failed, reported back to the parent.
typedef enum {
    TANDEM_STEP_NONE = 0,
    TANDEM_STEP_CLONE,
    TANDEM_STEP_SIGNALS,
    TANDEM_STEP_SETPGID,
    TANDEM_STEP_PDEATHSIG,
    TANDEM_STEP_PARENT_DIED,
    TANDEM_STEP_UNSHARE,
    TANDEM_STEP_MOUNT_PRIVATE,
    TANDEM_STEP_MKDIR,
    TANDEM_STEP_BIND_MOUNT,
    TANDEM_STEP_SETGROUPS,
    TANDEM_STEP_SETGID,
    TANDEM_STEP_SETUID,
    TANDEM_STEP_CHDIR,
    TANDEM_STEP_STDIO,
    TANDEM_STEP_CLOSE_FDS,
    TANDEM_STEP_EXEC,
} tandem_spawn_step;

/// Everything the child needs, prepared by the parent before clone. The child
/// shares the parent's memory (CLONE_VM) and writes the failure fields only.
typedef struct {
    const char *path;
    char *const *argv;
    char *const *envp;
    const char *working_directory;      // NULL: inherit
    int set_user;
    uid_t uid;
    int set_group;
    gid_t gid;
    int set_groups;
    const gid_t *groups;
    size_t group_count;
    int stdin_fd;                       // already open; dup2'ed onto 0
    int stdout_fd;                      // onto 1
    int stderr_fd;                      // onto 2
    int sentinel_fd;                    // -1: none; else the child registers its process group
    const char *const *mount_sources;
    const char *const *mount_targets;
    size_t mount_count;
    pid_t expected_parent;
    // Written by the child on failure.
    int failed_step;
    int failed_errno;
    int failed_index;                   // which mount, for mount steps
} tandem_spawn_attr;

/// Spawns a child with clone(CLONE_VM|CLONE_VFORK|CLONE_PIDFD). Returns 0 and
/// fills *pid and *pidfd on success. On failure returns -1 with
/// attr->failed_step/failed_errno set; a child that was created is reaped.
/// `stack` is scratch memory for the child, reusable once this returns.
int tandem_spawn(tandem_spawn_attr *attr, void *stack, size_t stack_size,
                 pid_t *pid, int *pidfd);

/// How a reaped child ended.
typedef struct {
    pid_t pid;
    int exited;          // 1: exited with `status`; 0: killed by signal `status`
    int status;
    int core_dumped;
} tandem_exit;

/// waitid on exactly one child (P_PIDFD, P_PID fallback), WEXITED|WNOHANG.
/// Returns 1 when reaped, 0 when it has not exited yet, -1 on error (errno).
int tandem_reap(int pidfd, pid_t pid, tandem_exit *out);

/// Blocking variant of tandem_reap.
int tandem_reap_blocking(int pidfd, pid_t pid, tandem_exit *out);

/// Starts the orphan sentinel: a tiny process holding one end of a
/// SOCK_SEQPACKET pair. Returns its pid and stores our end (close-on-exec)
/// in *channel_fd, or returns -1 with errno.
pid_t tandem_sentinel_start(int *channel_fd);

/// Tells the sentinel about a process group (register != 0) or its retirement.
/// Never raises SIGPIPE. Returns 0 or -1 with errno.
int tandem_sentinel_send(int channel_fd, pid_t process_group, int register_group);

/// Routes the given signals to a handler that writes the signal number as one
/// byte to `write_fd` (non-blocking). Returns 0 or -1 with errno.
int tandem_forward_signals(int write_fd, const int *signals, size_t count);

/// Restores the default disposition of the given signals and stops forwarding.
void tandem_restore_signals(const int *signals, size_t count);

/// Names the calling thread (shown by ps and in /proc) — best effort.
void tandem_set_thread_name(const char *name);

/// epoll_wait retrying EINTR is left to the caller; these exist because the
/// Swift overlay of the epoll_data union is awkward.
int tandem_epoll_create(void);
int tandem_epoll_add(int epfd, int fd, uint64_t token);  // EPOLLIN, level-triggered
int tandem_epoll_del(int epfd, int fd);
int tandem_epoll_wait(int epfd, uint64_t *tokens, uint32_t *events, int capacity, int timeout_ms);

/// Arms a CLOCK_MONOTONIC timerfd for an absolute deadline in nanoseconds
/// (0 disarms).
int tandem_timerfd_arm(int timerfd, uint64_t deadline_ns);

/// eventfd(0, EFD_CLOEXEC|EFD_NONBLOCK) and a CLOCK_MONOTONIC timerfd, likewise flagged.
int tandem_eventfd(void);
int tandem_timerfd_create(void);

/// pipe2(O_CLOEXEC).
int tandem_pipe(int fds[2]);

/// strerror_r into `buffer`; returns the message.
const char *tandem_strerror(int code, char *buffer, size_t length);

uint64_t tandem_monotonic_ns(void);
int64_t tandem_realtime_ns(void);

#endif
#include "terminal_size.h"
