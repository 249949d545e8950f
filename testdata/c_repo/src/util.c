#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>

#include "util.h"

int util_verbose = 0;

/* Prints the prefix, the formatted message and a newline on stderr. */
static void vreport(const char *format, va_list args) {
    fputs(UTIL_PREFIX, stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
}

void *xmalloc(size_t size) {
    void *block = malloc(size);
    if (block == NULL) {
        die("out of memory (%zu bytes)", size);
    }
    return block;
}

/* Never returns. */
// NOLINTNEXTLINE(cert-err33-c): nothing to do if stderr fails.
void die(const char *format, ...) {
    va_list args;
    va_start(args, format);
    vreport(format, args);
    va_end(args);
    exit(EXIT_FAILURE);
}

void info(const char *format, ...) {
    va_list args;
    if (!util_verbose) {
        return;
    }
    va_start(args, format);
    vreport(format, args);
    va_end(args);
}

int parse_long(const char *text, long *out) {
    char *end = NULL;
    errno = 0;
    *out = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0') {
        return -1;
    }
    return 0;
}
