package io.nearline.services;

/** How much an event matters to an operator. */
public enum Severity { INFO, WARN, ERROR }
