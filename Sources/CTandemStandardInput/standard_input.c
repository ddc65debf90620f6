// See CTandemStandardInput.h: descriptor 0's state, taken before anything can open a file.
#include <fcntl.h>
#include "CTandemStandardInput.h"

static int standard_input_was_open = 1;

// Priority 101 (the first one not reserved to the implementation): before other constructors
// of this binary, and shared-library constructors of libraries loaded before it ran earlier still,
// but none of those start threads or leave a file open on descriptor 0.
__attribute__((constructor(101)))
static void ctandem_record_standard_input(void) {
    standard_input_was_open = fcntl(0, F_GETFD) >= 0;
}

int ctandem_standard_input_was_open_at_start(void) {
    return standard_input_was_open;
}
