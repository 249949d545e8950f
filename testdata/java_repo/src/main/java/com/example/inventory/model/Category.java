package com.example.inventory.model;

import java.util.Locale;

/**
 * A department of the catalogue, with the tax rate applied to its items.
 */
public enum Category {
    /** Hand and power tools. */
    TOOLS("Tools", 20),
    /** Seeds, soil and pots. */
    GARDEN("Garden", 10),
    /** Books are not taxed. */
    BOOKS("Books", 0);

    /** The highest rate any category may have, in percent. */
    public static final int MAX_RATE_PERCENT = 25;

    private final String label;
    private final int ratePercent;

    Category(String label, int ratePercent) {
        if (ratePercent > MAX_RATE_PERCENT) {
            throw new IllegalArgumentException("rate too high: " + ratePercent);
        }
        this.label = label;
        this.ratePercent = ratePercent;
    }

    /** The name shown to customers. */
    public String label() {
        return label;
    }

    /**
     * The tax on a price in this category, rounded down to the cent.
     *
     * @param priceCents a net price, in cents
     * @return the tax, in cents
     */
    public long taxOn(long priceCents) {
        return priceCents * ratePercent / 100;
    }

    /** Finds a category by its label, ignoring case. */
    public static Category fromLabel(String label) {
        for (Category category : values()) {
            if (category.label.toLowerCase(Locale.ROOT).equals(label.toLowerCase(Locale.ROOT))) {
                return category;
            }
        }
        throw new IllegalArgumentException("no category " + label);
    }
}
