package dev.javabgp.calico.resource;

/** An enum value with the exact spelling Calico's YAML uses for it. */
public interface Spelled {

    /** The value as written in YAML, e.g. {@code CrossSubnet}. */
    String spelling();
}
