#ifndef TANDEM_TERMINAL_SIZE_H
#define TANDEM_TERMINAL_SIZE_H

/// Rows and columns of the terminal on fd (TIOCGWINSZ); 0 on success, -1 (errno set) otherwise.
int tandem_terminal_size(int fd, int *rows, int *columns);

#endif
