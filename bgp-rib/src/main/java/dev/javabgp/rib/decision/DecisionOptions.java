package dev.javabgp.rib.decision;

/**
 * The choices operators make about route selection.
 *
 * @param alwaysCompareMed compare MULTI_EXIT_DISC between routes from different neighbour ASes
 * @param deterministicMed select by elimination over all candidates (RFC 4271 §9.1.2.2), so the
 *     result does not depend on the order routes arrived in; when false, candidates are compared
 *     two at a time in the order the RIB keeps them (the path in the prefix's own slot, then the
 *     others newest first), so the result may depend on that order, as the option's name says
 * @param ignoreAsPathLength skip the AS_PATH length step
 * @param defaultLocalPref LOCAL_PREF assumed for routes that carry none
 */
public record DecisionOptions(boolean alwaysCompareMed, boolean deterministicMed, boolean ignoreAsPathLength,
        long defaultLocalPref) {

    public static final DecisionOptions DEFAULT = new DecisionOptions(false, true, false, 100);

    public DecisionOptions withAlwaysCompareMed(boolean value) {
        return new DecisionOptions(value, deterministicMed, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withDeterministicMed(boolean value) {
        return new DecisionOptions(alwaysCompareMed, value, ignoreAsPathLength, defaultLocalPref);
    }

    public DecisionOptions withIgnoreAsPathLength(boolean value) {
        return new DecisionOptions(alwaysCompareMed, deterministicMed, value, defaultLocalPref);
    }
}
