// Private to CTandemOS: the namespace steps of spawning (namespaces.c), called
// from the cloned child in spawn.c. Raw system calls only, like the rest of
// the child side.
#ifndef CTANDEMOS_NAMESPACES_H
#define CTANDEMOS_NAMESPACES_H

#include <sys/types.h>

#define TANDEM_MAX_COVERS 32

/// The tmpfs covers made in this child's mount namespace so far, by device:
/// a missing mount point whose nearest existing ancestor is on one of them is
/// created directly; any other ancestor is covered first.
typedef struct {
    dev_t devices[TANDEM_MAX_COVERS];
    int count;
} tandem_cover_set;

/// `deny` to setgroups, then "<id> <id> 1" to uid_map and gid_map of the calling
/// process (a new user namespace maps the caller's own ids to themselves).
int tandem_ns_write_id_maps(uid_t uid, gid_t gid);

/// The caller's pid and parent pid as the mounted /proc sees them, i.e. in
/// tandem's PID namespace even from inside a new one (getpid() says 1 there).
int tandem_ns_outer_ids(pid_t *pid, pid_t *parent);

/// Makes `target` exist inside the caller's private mount namespace without
/// touching the host: the nearest existing ancestor is covered by a tmpfs that
/// re-exposes each of its entries (recursive bind mounts, symlinks copied),
/// then the missing components are created on that tmpfs. `directory` == 0
/// makes the last component a file (for a file bind mount).
int tandem_ns_mount_point(const char *target, int directory, tandem_cover_set *covers);

#endif
