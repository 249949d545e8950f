/*
 * Copyright (c) 2024 The ringbuf authors. MIT licence: see LICENSE.
 */

#include <stdlib.h>
#include <string.h>

#include "ring.h"
#include "util.h"

/* The ring's storage: `head` is the oldest item's slot, `len` the number of items. */
struct ring {
    ring_item *slots;
    size_t capacity;
    size_t head;
    size_t len;
    bool overwrite;
    /* Counts, for the tests. */
    struct ring_stats {
        size_t pushed;
        size_t dropped;
    } stats;
};

/* Status names, indexed by status. */
static const char *const status_names[] = { "ok", "empty", "full", "out of memory" };

/* The slot `offset` places after the head, wrapping around. */
static size_t slot_index(const ring_t *ring, size_t offset) {
    return (ring->head + offset) % ring->capacity;
}

/* Drops the oldest item to make room. */
static void drop_oldest(ring_t *ring) {
    ring->head = slot_index(ring, 1);
    ring->len--;
    ring->stats.dropped++;
}

ring_t *ring_new(size_t capacity, bool overwrite) {
    ring_t *ring = malloc(sizeof *ring);
    if (ring == NULL) {
        return NULL;
    }
    ring->capacity = capacity ? capacity : RING_DEFAULT_CAPACITY;
    ring->slots = calloc(ring->capacity, sizeof(ring_item));
    if (ring->slots == NULL) {
        free(ring);
        return NULL;
    }
    ring->head = 0;
    ring->len = 0;
    ring->overwrite = overwrite;
    ring->stats.pushed = ring->stats.dropped = 0;
    return ring;
}

void ring_free(ring_t *ring) {
    if (ring == NULL) {
        return;
    }
    free(ring->slots);
    free(ring);
}

ring_status ring_push(ring_t *ring, ring_item item) {
    if (ring->len == ring->capacity) {
        if (!ring->overwrite) {
            return RING_FULL;
        }
        drop_oldest(ring);
    }
    ring->slots[slot_index(ring, ring->len)] = item;
    ring->len++;
    ring->stats.pushed++;
    return RING_OK;
}

ring_status ring_pop(ring_t *ring, ring_item *out) {
    if (ring->len == 0) {
        return RING_EMPTY;
    }
    *out = ring->slots[ring->head];
    drop_oldest(ring);
    return RING_OK;
}

size_t ring_each(const ring_t *ring, ring_visit_fn visit, void *context) {
    size_t visited = 0;
    while (visited < ring->len) {
        const ring_item *item = &ring->slots[slot_index(ring, visited)];
        visited++;
        if (!visit(item, context)) {
            break;
        }
    }
    return visited;
}

const char *ring_status_name(ring_status status) {
    if ((size_t)status >= ARRAY_LEN(status_names)) {
        return "unknown";
    }
    return status_names[status];
}
