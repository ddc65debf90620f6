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
    // --- isolation (namespaces) ---
    TANDEM_STEP_ID_MAP,                 // writing uid_map/gid_map/setgroups of a new user namespace
    TANDEM_STEP_SETNS,                  // entering a running process's namespaces
    TANDEM_STEP_MOUNT_PROC,
    TANDEM_STEP_MOUNT_POINT,            // covering the nearest existing ancestor of a missing mount point
    TANDEM_STEP_REMOUNT_READ_ONLY,
    // cgroups: placing the child in its container's cgroups.
    TANDEM_STEP_CGROUP,
} tandem_spawn_step;

/// Namespaces a spawned child gets (`tandem_spawn_attr.isolate`).
enum {
    TANDEM_ISOLATE_PID = 1,             // PID 1 of a new PID namespace, with a fresh /proc
    TANDEM_ISOLATE_USER = 2,            // a new user namespace mapping map_uid/map_gid to themselves
    TANDEM_ISOLATE_MOUNT = 4,           // a new mount namespace even without bind mounts
};

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
    const int *mount_read_only;         // per mount: 1 = remount read-only
    pid_t expected_parent;
    // --- isolation (namespaces) ---
    int isolate;                        // TANDEM_ISOLATE_* for a child created in new namespaces
    int join_pidfd;                     // -1; else enter this process's namespaces (join_flags) first
    int join_flags;                     // TANDEM_ISOLATE_* namespaces to enter
    int join_private_mounts;            // after joining, a mount namespace of its own (shared-PID pods)
    uid_t map_uid;
    gid_t map_gid;
    void *join_stack_top;               // the grandchild's stack when joining (below the intermediate's)
    pid_t joined_pid;                   // written by the intermediate: the process that execs
    int registered;                     // written by the child: registered with the sentinel itself
    // Written by the child on failure.
    int failed_step;
    int failed_errno;
    int failed_index;                   // which mount, for mount steps; which cgroup for TANDEM_STEP_CGROUP
    // cgroups: the child writes "0" (itself) to each of these already-open
    // cgroup.procs descriptors before anything else it does, so the program
    // never runs outside its container's cgroups.
    const int *cgroup_procs_fds;
    size_t cgroup_procs_count;
    // cgroups: written to /proc/self/oom_score_adj (NULL: left alone); a
    // refusal (not root, lowering) is ignored, as the kubelet may only set it where it may.
    const char *oom_score_adj;
} tandem_spawn_attr;

/// Spawns a child with clone(CLONE_VM|CLONE_VFORK|CLONE_PIDFD). Returns 0 and
/// fills *pid and *pidfd on success. On failure returns -1 with
/// attr->failed_step/failed_errno set; a child that was created is reaped.
/// `stack` is scratch memory for the child, reusable once this returns.
int tandem_spawn(tandem_spawn_attr *attr, void *stack, size_t stack_size,
                 pid_t *pid, int *pidfd);

/// Tries what an isolated spawn needs (new user, PID and mount namespaces when
/// `user` != 0, PID and mount namespaces otherwise, id maps and a private `/`)
/// in a throw-away child. Returns 0, or the failing tandem_spawn_step with
/// *errno_out set.
int tandem_namespaces_probe(int user, int *errno_out);

/// The pause-like init of a shared PID namespace: reaps every child, exits on
/// SIGTERM or SIGINT. Never returns. Call only while single-threaded.
void tandem_pause_main(void) __attribute__((noreturn));

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

/// Tells the sentinel about a cgroup to kill too when tandem is gone: its
/// `cgroup.kill` file (v2; "" for none), else its v1 freezer directory ("" for
/// none) to freeze while the processes listed in `listed` and below are killed.
/// Each path shorter than PATH_MAX. Returns 0 or -1 with errno.
int tandem_sentinel_send_cgroup(int channel_fd, const char *kill_file, const char *freezer, const char *listed);

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

// records: pidfd_open(2) of any process (-1 and errno on failure).
int tandem_pidfd_open(pid_t pid);

#endif
#include "terminal_size.h"
