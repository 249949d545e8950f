package com.example.inventory.store;

import static com.example.inventory.store.Inventory.LOW_STOCK_THRESHOLD;
import static org.junit.jupiter.api.Assertions.*;

import com.example.inventory.model.Category;
import com.example.inventory.model.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tests of {@link Inventory} over a cached in-memory repository. */
class InventoryTest {
    private static final Item HAMMER = Item.of("T-100", "Claw hammer", 1_500, "Tools");
    private static final Item ATLAS = new Item("B-7", "Road atlas", 2_000, Category.BOOKS);

    private Inventory inventory;

    @BeforeEach
    void setUp() {
        inventory = new Inventory();
        inventory.register(HAMMER);
        inventory.register(ATLAS);
    }

    @Test
    void restockAddsUnits() {
        inventory.restock(HAMMER, 3);
        assertEquals(7, inventory.restock("T-100", 4));
    }

    @Test
    void sellingMoreThanInStockFails() {
        inventory.restock(ATLAS, 1);
        assertThrows(IllegalStateException.class, () -> inventory.sell("B-7", 2));
    }

    @Test
    void lowStockListsItemsAtTheThreshold() {
        inventory.restock(HAMMER, LOW_STOCK_THRESHOLD + 1);
        inventory.restock(ATLAS, LOW_STOCK_THRESHOLD);
        assertEquals(java.util.List.of(ATLAS), inventory.lowStock());
    }

    @Test
    void valueIncludesTax() {
        inventory.restock(HAMMER, 2);
        assertEquals(2 * 1_800, inventory.valueOf(Category.TOOLS));
        assertEquals(0, inventory.valueOf(Category.GARDEN));
    }

    @Test
    void cacheCountsHits() {
        CachingRepository cache = new CachingRepository(new InMemoryRepository(), 1);
        cache.save(HAMMER);
        cache.find("T-100");
        cache.find("T-100");
        assertEquals(0.5, cache.stats().hitRate(), 1e-9);
    }
}
