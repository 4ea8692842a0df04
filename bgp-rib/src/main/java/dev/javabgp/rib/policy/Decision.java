package dev.javabgp.rib.policy;

/** What a {@link PolicyRule} does with a route it matches, once its actions have run. */
public enum Decision {
    /** Take the route with the attributes as changed so far; later rules of the list are not consulted. */
    ACCEPT,
    /** Drop the route; later rules of the list are not consulted and later policies of a chain do not run. */
    REJECT,
    /** Keep the changes and go on to the next rule of the list, as if this rule had not matched. */
    CONTINUE
}
