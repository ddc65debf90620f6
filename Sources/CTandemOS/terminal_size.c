// The terminal's size for tandem run's live view: ioctl is variadic, which Swift cannot call.
#include <sys/ioctl.h>
#include "terminal_size.h"

int tandem_terminal_size(int fd, int *rows, int *columns) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    *rows = size.ws_row;
    *columns = size.ws_col;
    return 0;
}
