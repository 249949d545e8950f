package com.example.inventory.store;

import java.util.*;

/**
 * A repository kept in a sorted map: subclasses say how a value is keyed.
 *
 * @param <K> the key type, sorted
 * @param <V> the value type
 */
public abstract class AbstractRepository<K extends Comparable<K>, V> implements Repository<K, V> {
    /** The values by key, in key order. */
    protected final SortedMap<K, V> values = new TreeMap<>();

    /** The key a value is stored under. */
    protected abstract K keyOf(V value);

    @Override
    public Optional<V> find(K key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void save(V value) {
        values.put(keyOf(value), value);
    }

    @Override
    public boolean remove(K key) {
        return values.remove(key) != null;
    }

    @Override
    public List<V> all() {
        return new ArrayList<>(values.values());
    }
}
