/* Tests of the ring buffer. */

#include <stdio.h>

#include "../include/ring.h"
#include "util.h"

/* Counts a failed check, with where it failed. */
#define CHECK(cond)                                                       \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond);    \
            failures++;                                                   \
        }                                                                 \
    } while (0)

static int failures = 0;

/* An item holding an integer. */
static ring_item int_item(long value)
{
    ring_item item = { .kind = RING_INT, .value = { .integer = value } };
    return item;
}

/* Adds an item's integer to the `long` behind `context`. */
static bool sum_items(const ring_item *item, void *context)
{
    *(long *)context += item->value.integer;
    return true;
}

void test_push_pop(void)
{
    ring_t *ring = ring_new(2, false);
    ring_item out;
    CHECK(ring_push(ring, int_item(1)) == RING_OK);
    CHECK(ring_push(ring, int_item(2)) == RING_OK);
    CHECK(ring_push(ring, int_item(3)) == RING_FULL);
    CHECK(ring_pop(ring, &out) == RING_OK && out.value.integer == 1);
    ring_free(ring);
}

void test_overwrite(void)
{
    ring_t *ring = ring_new(2, true);
    long sum = 0;
    for (long i = 1; i <= 5; i++) {
        CHECK(!RING_FAILED(ring_push(ring, int_item(i))));
    }
    CHECK(ring_each(ring, sum_items, &sum) == 2 && sum == 9);
    ring_free(ring);
}

int main(void)
{
    test_push_pop();
    test_overwrite();
    printf("%d failures\n", failures);
    return failures ? 1 : 0;
}
