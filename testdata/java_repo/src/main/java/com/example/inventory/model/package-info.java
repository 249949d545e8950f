/*
 * Copyright 2024 Example Corp. Licensed under the Apache License, Version 2.0.
 */

/**
 * The catalogue's value types: {@link com.example.inventory.model.Item items} and
 * the {@link com.example.inventory.model.Category categories} that set their tax.
 *
 * <p>Every type here is immutable.
 */
package com.example.inventory.model;
