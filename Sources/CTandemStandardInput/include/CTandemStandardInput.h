// CTandemStandardInput: whether the process was started with descriptor 0, recorded by a
// constructor before `main` and before any thread exists. Asked later, descriptor 0 may be one
// the process opened itself: the Swift runtime and libraries open files at start-up (strace shows
// `openat("/proc/self/maps", O_RDONLY) = 0`, without O_CLOEXEC, when 0 was closed), sometimes on
// another thread, so a check made when stdin is read can see that file and read it as the manifest.
#ifndef CTANDEM_STANDARD_INPUT_H
#define CTANDEM_STANDARD_INPUT_H

/// 1 when descriptor 0 was open when the process started (before any of its own code ran),
/// 0 when it was closed (`tandem run - 0<&-`).
int ctandem_standard_input_was_open_at_start(void);

#endif
