/**
 * The inventory library: a catalogue of items and the stores that keep them.
 */
module com.example.inventory {
    requires com.google.common;

    exports com.example.inventory.model;
    exports com.example.inventory.store;
}
