package com.example.inventory.store;

import java.util.List;
import java.util.Optional;

/**
 * A keyed collection of values, as the inventory sees its storage.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public interface Repository<K, V> {
    /** How many values {@link #page(int)} returns. */
    int DEFAULT_PAGE_SIZE = 20;

    /** The value stored under a key, if any. */
    Optional<V> find(K key);

    /** Stores a value under its key, replacing any value there. */
    void save(V value);

    /** Removes the value under a key; says whether there was one. */
    boolean remove(K key);

    /** Every value, in key order. */
    List<V> all();

    /** A page of values from an offset, of the default size. */
    default List<V> page(int offset) {
        return page(offset, DEFAULT_PAGE_SIZE);
    }

    /** Values from an offset, at most {@code size} of them. */
    default List<V> page(int offset, int size) {
        List<V> values = all();
        int end = Math.min(values.size(), offset + size);
        return offset >= end ? List.of() : values.subList(offset, end);
    }

    /** How many values are stored. */
    default int count() {
        return all().size();
    }
}
