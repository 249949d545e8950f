/* Helpers shared by the library and the tool: allocation that cannot fail quietly,
 * error reporting, and small macros. */
#ifndef UTIL_H
#define UTIL_H

#include <stddef.h>

/* The larger of two values (each evaluated twice). */
#define MAX(a, b) ((a) > (b) ? (a) : (b))

/* The number of elements of an array (not of a pointer). */
#define ARRAY_LEN(array) (sizeof(array) / sizeof((array)[0]))

/* Prefix of every message the program prints on stderr. */
#define UTIL_PREFIX "ringbuf: "

/* Whether messages of level "info" are printed; set by `-v`. */
extern int util_verbose;

/* Allocates `size` bytes, or exits with a message when out of memory. */
void *xmalloc(size_t size);

/* Prints a formatted message on stderr and exits with status 1. */
void die(const char *format, ...);

/* Prints a formatted message on stderr when util_verbose is set. */
void info(const char *format, ...);

/* Parses a decimal integer; returns 0 on success, -1 if `text` is not one. */
int parse_long(const char *text, long *out);

#endif
