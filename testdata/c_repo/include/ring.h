/**
 * @file ring.h
 * A fixed-capacity ring buffer of tagged values.
 */
#ifndef RING_H
#define RING_H

#include <stddef.h>
#include <stdbool.h>

/** Version of the ring API, as a string. */
#define RING_VERSION "1.2.0"

/** Capacity a ring gets when its caller asks for none. */
#define RING_DEFAULT_CAPACITY 16

/** Whether a status reports a failure. */
#define RING_FAILED(status) ((status) != RING_OK)

/** What a ring operation reports. */
typedef enum ring_status {
    RING_OK = 0,     /**< It worked. */
    RING_EMPTY,      /**< Nothing to pop. */
    RING_FULL,       /**< No room to push, and the ring does not overwrite. */
    RING_NO_MEMORY,  /**< An allocation failed. */
} ring_status;

/** The kind of value a slot holds. */
enum ring_kind {
    RING_INT,
    RING_TEXT,
};

/** A value of one of the kinds above: which one, its slot's kind says. */
union ring_value {
    long integer;
    const char *text;
};

/** One slot of a ring: a value and its kind. */
typedef struct {
    enum ring_kind kind;
    union ring_value value;
} ring_item;

/** A ring buffer; its fields are private to ring.c. */
typedef struct ring ring_t;

/**
 * A callback for ring_each(): called with each item, oldest first, and the
 * caller's context. Returning false stops the walk.
 */
typedef bool (*ring_visit_fn)(const ring_item *item, void *context);

/**
 * @brief Creates an empty ring.
 * @param capacity the number of slots, or 0 for RING_DEFAULT_CAPACITY
 * @param overwrite whether a push into a full ring drops the oldest item
 * @return the ring, or NULL when out of memory
 */
ring_t *ring_new(size_t capacity, bool overwrite);

/** Frees a ring and its slots; NULL is allowed. */
void ring_free(ring_t *ring);

/** Appends an item, dropping the oldest one if the ring is full and overwrites. */
ring_status ring_push(ring_t *ring, ring_item item);

/** Removes the oldest item into `out`. */
ring_status ring_pop(ring_t *ring, ring_item *out);

/**
 * Calls `visit` on each item, oldest first, until it returns false.
 * @return the number of items visited
 */
size_t ring_each(const ring_t *ring, ring_visit_fn visit, void *context);

/** A human-readable name of a status, for messages. */
const char *ring_status_name(ring_status status);

#endif /* RING_H */
