package com.example.inventory.store;

import com.example.inventory.model.Item;
import java.util.function.Function;

/**
 * Items in memory, keyed by SKU unless told otherwise: the repository of tests and
 * of small shops.
 */
public class InMemoryRepository extends AbstractRepository<String, Item> {
    private final Function<Item, String> keyFunction;

    /** A repository keying items by their SKU. */
    public InMemoryRepository() {
        this(Item::sku);
    }

    /** A repository keying items by a function of them (their name, say). */
    public InMemoryRepository(Function<Item, String> keyFunction) {
        this.keyFunction = keyFunction;
    }

    @Override
    protected String keyOf(Item item) {
        return keyFunction.apply(item);
    }
}
