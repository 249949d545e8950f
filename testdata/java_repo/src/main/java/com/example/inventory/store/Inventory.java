package com.example.inventory.store;

import static java.util.Objects.requireNonNull;

import com.example.inventory.model.*;
import java.util.*;

/**
 * Stock levels of a catalogue's items: what is on the shelves, what to reorder.
 */
public class Inventory {
    /** At or below this many units an item needs reordering. */
    public static final int LOW_STOCK_THRESHOLD = 5;

    private final Repository<String, Item> items;
    private final Map<String, Integer> stock = new HashMap<>();

    /** An inventory of the items of {@code items}, all out of stock. */
    public Inventory(Repository<String, Item> items) {
        this.items = requireNonNull(items, "items");
    }

    /** An inventory over a fresh in-memory repository behind a cache. */
    public Inventory() {
        this(new CachingRepository(new InMemoryRepository()));
    }

    /** Adds an item to the catalogue, with no stock. */
    public void register(Item item) {
        items.save(item);
        stock.putIfAbsent(item.sku(), 0);
    }

    /** Adds units of an item to the stock; returns the units on the shelves. */
    public int restock(Item item, int units) {
        return restock(item.sku(), units);
    }

    /** Adds units to the stock of the item with this SKU. */
    public int restock(String sku, int units) {
        if (items.find(sku).isEmpty()) {
            throw new NoSuchElementException("unknown sku " + sku);
        }
        return stock.merge(sku, units, Integer::sum);
    }

    /** Takes units out of the stock; fails when there are not enough. */
    public void sell(String sku, int units) {
        int left = unitsOf(sku) - units;
        if (left < 0) {
            throw new IllegalStateException("only " + unitsOf(sku) + " of " + sku);
        }
        stock.put(sku, left);
    }

    /** Units of an item on the shelves. */
    public int unitsOf(String sku) {
        return stock.getOrDefault(sku, 0);
    }

    /**
     * Units of an item on the shelves.
     *
     * @deprecated use {@link #unitsOf(String)}, which says what it counts
     */
    @Deprecated(since = "1.2", forRemoval = true)
    public int stockOf(String sku) {
        return unitsOf(sku);
    }

    /** The items to reorder: those at or below {@link #LOW_STOCK_THRESHOLD} units. */
    public List<Item> lowStock() {
        List<Item> low = new ArrayList<>();
        for (Item item : items.all()) {
            if (unitsOf(item.sku()) <= LOW_STOCK_THRESHOLD) {
                low.add(item);
            }
        }
        return low;
    }

    /** The gross value of the stock of one category, in cents. */
    public long valueOf(Category category) {
        long total = 0;
        for (Item item : items.all()) {
            if (item.category() == category) {
                total += item.grossCents() * unitsOf(item.sku());
            }
        }
        return total;
    }

    /** One line per item, SKU first; untaxed books are marked. */
    public String report() {
        StringBuilder out = new StringBuilder();
        for (Item item : items.all()) {
            String mark = item.category() == Category.BOOKS ? " (no tax)" : "";
            out.append(String.format("%-12s %-20s %4d%s%n",
                    item.sku(), item.name(), unitsOf(item.sku()), mark));
        }
        return out.toString();
    }
}
