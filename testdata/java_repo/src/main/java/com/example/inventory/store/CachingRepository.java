package com.example.inventory.store;

import com.example.inventory.model.Item;
import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A repository in front of another, keeping the items read last in memory.
 */
public class CachingRepository implements Repository<String, Item> {
    /** How many items the cache holds unless told otherwise. */
    public static final int DEFAULT_CAPACITY = 64;

    private final Repository<String, Item> backing;
    private final int capacity;
    private final Map<String, CacheEntry> cache = new LinkedHashMap<>();
    private final Stats stats = new Stats();

    /** Hit and miss counts of a cache. */
    public static final class Stats {
        private int hits;
        private int misses;

        /** The share of reads the cache answered, from 0 to 1. */
        public double hitRate() {
            int reads = hits + misses;
            return reads == 0 ? 0.0 : (double) hits / reads;
        }
    }

    /** A cached item, stamped with the read that brought it in. */
    private class CacheEntry {
        final Item item;
        final int readAt;

        CacheEntry(Item item) {
            this.item = item;
            this.readAt = stats.hits + stats.misses;
        }
    }

    /** A cache of the default capacity in front of {@code backing}. */
    public CachingRepository(Repository<String, Item> backing) {
        this(backing, DEFAULT_CAPACITY);
    }

    /** A cache of {@code capacity} items in front of {@code backing}. */
    public CachingRepository(Repository<String, Item> backing, int capacity) {
        this.backing = backing;
        this.capacity = capacity;
    }

    @Override
    public Optional<Item> find(String sku) {
        CacheEntry entry = cache.get(sku);
        if (entry != null) {
            stats.hits++;
            return Optional.of(entry.item);
        }
        stats.misses++;
        Optional<Item> found = backing.find(sku);
        found.ifPresent(this::remember);
        return found;
    }

    @Override
    public void save(Item item) {
        backing.save(item);
        cache.remove(item.sku());
    }

    @Override
    public boolean remove(String sku) {
        cache.remove(sku);
        return backing.remove(sku);
    }

    @Override
    public List<Item> all() {
        return ImmutableList.copyOf(backing.all());
    }

    /** The cache's hit and miss counts so far. */
    public Stats stats() {
        return stats;
    }

    private void remember(Item item) {
        if (cache.size() >= capacity) {
            evictOldest();
        }
        cache.put(item.sku(), new CacheEntry(item));
    }

    /** Drops the entry read longest ago. */
    private void evictOldest() {
        String oldest = null;
        int firstRead = Integer.MAX_VALUE;
        for (Map.Entry<String, CacheEntry> e : cache.entrySet()) {
            if (e.getValue().readAt < firstRead) {
                oldest = e.getKey();
                firstRead = e.getValue().readAt;
            }
        }
        cache.remove(oldest);
    }
}
