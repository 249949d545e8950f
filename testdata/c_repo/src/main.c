/* ringbuf: pushes its arguments through a ring buffer and prints what comes out.
 * usage: ringbuf [-v] [-o] VALUE...
 */

#include <stdio.h>
#include <string.h>

#include "ring.h"
#include "util.h"

/* Prints one item on stdout; counts it in the `size_t` behind `context`. */
static bool print_item(const ring_item *item, void *context)
{
    size_t *printed = context;
    if (item->kind == RING_INT) {
        printf("%ld\n", item->value.integer);
    } else {
        printf("%s\n", item->value.text);
    }
    (*printed)++;
    return true;
}

int main(int argc, char *argv[])
{
    bool overwrite = false;
    size_t printed = 0;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "-v") == 0) {
            util_verbose = 1;
        } else if (strcmp(argv[i], "-o") == 0) {
            overwrite = true;
        } else {
            die("unknown option: %s", argv[i]);
        }
    }
    ring_t *ring = ring_new((size_t)MAX(argc - i, 1), overwrite);
    if (ring == NULL) {
        die("%s", ring_status_name(RING_NO_MEMORY));
    }
    for (; i < argc; i++) {
        ring_item item = { .kind = RING_TEXT, .value.text = argv[i] };
        if (parse_long(argv[i], &item.value.integer) == 0) {
            item.kind = RING_INT;
        }
        ring_status status = ring_push(ring, item);
        if (RING_FAILED(status)) {
            info("dropped %s: %s", argv[i], ring_status_name(status));
        }
    }
    ring_each(ring, print_item, &printed);
    info("printed %zu values (ring " RING_VERSION ")", printed);
    ring_free(ring);
    return 0;
}
