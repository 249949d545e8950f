package com.example.inventory.model;

import java.util.Objects;

/**
 * An article of the catalogue: its stock-keeping unit, name, net price and category.
 *
 * @param sku the stock-keeping unit, unique in the catalogue
 * @param name the name shown to customers
 * @param priceCents the net price, in cents
 * @param category the department, which sets the tax
 */
public record Item(String sku, String name, long priceCents, Category category) {

    /** The longest SKU accepted. */
    public static final int MAX_SKU_LENGTH = 12;

    /** Checks the components: a SKU is short and a price is not negative. */
    public Item {
        Objects.requireNonNull(sku, "sku");
        if (sku.isEmpty() || sku.length() > MAX_SKU_LENGTH) {
            throw new IllegalArgumentException("bad sku: " + sku);
        }
        if (priceCents < 0) {
            throw new IllegalArgumentException("negative price for " + sku);
        }
    }

    /** An item of a category given by its label (`"Garden"`). */
    public static Item of(String sku, String name, long priceCents, String category) {
        return new Item(sku, name, priceCents, Category.fromLabel(category));
    }

    /** The price a customer pays: net price plus the category's tax. */
    public long grossCents() {
        return priceCents + category.taxOn(priceCents);
    }

    /** The same item at another net price. */
    public Item withPrice(long newPriceCents) {
        return new Item(sku, name, newPriceCents, category);
    }
}
