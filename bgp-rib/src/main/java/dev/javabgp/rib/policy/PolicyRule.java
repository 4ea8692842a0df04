package dev.javabgp.rib.policy;

import dev.javabgp.codec.attribute.Origin;
import dev.javabgp.codec.nlri.AddressFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One rule of a {@link RuleList}: when {@code match} holds, run {@code actions} in order and then
 * ACCEPT, REJECT or CONTINUE to the next rule. Build rules with {@link #rule()}:
 *
 * <pre>{@code
 * rule().matchPrefix("10.0.0.0/8", 16, 24).addCommunity("65000:100").accept()
 * rule().matchCommunity("no-export").reject()
 * rule().matchExternalPeer().removeWellKnownCommunities().continueToNext()
 * }</pre>
 *
 * @param match the condition; {@link Match#ANY} for every route
 * @param actions the changes to make to matching routes, in order
 * @param decision what happens after the actions
 */
public record PolicyRule(Match match, List<Action> actions, Decision decision) {

    public PolicyRule {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(decision, "decision");
        actions = List.copyOf(actions);
        if (decision == Decision.REJECT && !actions.isEmpty()) {
            throw new IllegalArgumentException("a rule that rejects has no use for actions " + actions
                    + ": the route is dropped; use CONTINUE or ACCEPT to keep the changes");
        }
    }

    /** A new rule builder; with no match conditions the rule matches every route. */
    public static Builder rule() {
        return new Builder();
    }

    /** True if the rule's match or actions depend on the route's prefix. */
    public boolean dependsOnPrefix() {
        if (match.dependsOnPrefix()) {
            return true;
        }
        for (Action a : actions) {
            if (a.dependsOnPrefix()) {
                return true;
            }
        }
        return false;
    }

    /** True if the rule's match or actions depend on the peer. */
    public boolean dependsOnPeer() {
        if (match.dependsOnPeer()) {
            return true;
        }
        for (Action a : actions) {
            if (a.dependsOnPeer()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("if ").append(match).append(" then ");
        for (Action a : actions) {
            sb.append(a).append("; ");
        }
        return sb.append(decision.name().toLowerCase(Locale.ROOT)).toString();
    }

    /**
     * Collects a rule's conditions (all must hold) and actions (run in the order given), and ends with
     * {@link #accept()}, {@link #reject()} or {@link #continueToNext()}, which return the rule. A
     * builder is not a value: use each one for one rule.
     */
    public static final class Builder {
        private final List<Match> matches = new ArrayList<>();
        private final List<Action> actions = new ArrayList<>();

        private Builder() {}

        // ---- conditions ----------------------------------------------------------------------

        /** Adds any condition. */
        public Builder match(Match match) {
            matches.add(Objects.requireNonNull(match, "match"));
            return this;
        }

        /** Adds the negation of {@code match}. */
        public Builder matchNot(Match match) {
            return match(Match.not(match));
        }

        /** Exactly this prefix, e.g. {@code "10.0.0.0/8"}. */
        public Builder matchPrefix(String prefix) {
            return match(PrefixRange.exact(prefix));
        }

        /** Prefixes within {@code prefix} whose length is {@code ge..le}. */
        public Builder matchPrefix(String prefix, int ge, int le) {
            return match(PrefixRange.of(prefix, ge, le));
        }

        /** {@code prefix} and every longer prefix within it. */
        public Builder matchPrefixOrLonger(String prefix) {
            return match(PrefixRange.orLonger(prefix));
        }

        /** Any of the entries, each in the syntax of {@link PrefixRange#parse}. */
        public Builder matchPrefixList(String... entries) {
            return match(PrefixList.of(entries));
        }

        public Builder matchFamily(AddressFamily family) {
            return match(Match.family(family));
        }

        public Builder matchAsPathContains(long asn) {
            return match(AsPathMatch.contains(asn));
        }

        public Builder matchOriginAs(long asn) {
            return match(AsPathMatch.originAs(asn));
        }

        public Builder matchNeighborAs(long asn) {
            return match(AsPathMatch.neighborAs(asn));
        }

        public Builder matchAsPathLength(int min, int max) {
            return match(AsPathMatch.length(min, max));
        }

        /** AS paths whose text matches {@code regex}; see {@link AsPathMatch.Regex}. */
        public Builder matchAsPath(String regex) {
            return match(AsPathMatch.regex(regex));
        }

        /** Routes carrying at least one of these standard communities. */
        public Builder matchCommunity(String... values) {
            return match(CommunityMatch.standard(CommunityMatch.Quantifier.ANY_OF, values));
        }

        /** Routes carrying all of these standard communities. */
        public Builder matchAllCommunities(String... values) {
            return match(CommunityMatch.standard(CommunityMatch.Quantifier.ALL_OF, values));
        }

        /** Routes carrying none of these standard communities. */
        public Builder matchNoCommunity(String... values) {
            return match(CommunityMatch.standard(CommunityMatch.Quantifier.NONE_OF, values));
        }

        /** Routes carrying at least one of these large communities. */
        public Builder matchLargeCommunity(String... values) {
            return match(CommunityMatch.large(CommunityMatch.Quantifier.ANY_OF, values));
        }

        /** Routes carrying at least one of these extended communities. */
        public Builder matchExtendedCommunity(String... values) {
            return match(CommunityMatch.extended(CommunityMatch.Quantifier.ANY_OF, values));
        }

        public Builder matchOrigin(Origin origin) {
            return match(Match.origin(origin));
        }

        /** Routes whose next hop lies within {@code prefix} (or is that address). */
        public Builder matchNextHop(String prefix) {
            return match(Match.nextHopIn(prefix));
        }

        /** Routes from (import) or to (export) a peer whose address lies within {@code prefix}. */
        public Builder matchPeer(String prefix) {
            return match(PeerMatch.addressIn(prefix));
        }

        public Builder matchPeerAs(long asn) {
            return match(PeerMatch.as(asn));
        }

        public Builder matchExternalPeer() {
            return match(PeerMatch.external());
        }

        public Builder matchInternalPeer() {
            return match(PeerMatch.internal());
        }

        // ---- actions -------------------------------------------------------------------------

        /** Adds any action. */
        public Builder action(Action action) {
            actions.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        public Builder addCommunity(String... values) {
            return action(CommunityAction.addStandard(values));
        }

        public Builder setCommunities(String... values) {
            return action(CommunityAction.setStandard(values));
        }

        public Builder removeCommunity(String... values) {
            return action(CommunityAction.removeStandard(values));
        }

        public Builder removeAllCommunities() {
            return action(CommunityAction.setStandard());
        }

        public Builder removeWellKnownCommunities() {
            return action(CommunityAction.removeWellKnown());
        }

        public Builder addLargeCommunity(String... values) {
            return action(CommunityAction.addLarge(values));
        }

        public Builder setLargeCommunities(String... values) {
            return action(CommunityAction.setLarge(values));
        }

        public Builder removeLargeCommunity(String... values) {
            return action(CommunityAction.removeLarge(values));
        }

        public Builder addExtendedCommunity(String... values) {
            return action(CommunityAction.addExtended(values));
        }

        public Builder setExtendedCommunities(String... values) {
            return action(CommunityAction.setExtended(values));
        }

        public Builder removeExtendedCommunity(String... values) {
            return action(CommunityAction.removeExtended(values));
        }

        public Builder setLocalPref(long value) {
            return action(Action.setLocalPref(value));
        }

        public Builder setMed(long value) {
            return action(Action.setMed(value));
        }

        public Builder removeMed() {
            return action(Action.removeMed());
        }

        public Builder prepend(long asn) {
            return prepend(asn, 1);
        }

        public Builder prepend(long asn, int times) {
            return action(Action.prepend(asn, times));
        }

        /** Sets the next hop; see {@link Action.SetNextHop} for how each family takes it. */
        public Builder setNextHop(String address) {
            return action(Action.setNextHop(address));
        }

        public Builder setOrigin(Origin origin) {
            return action(Action.setOrigin(origin));
        }

        // ---- decisions -----------------------------------------------------------------------

        /** Ends the rule: matching routes are accepted with the actions' changes. */
        public PolicyRule accept() {
            return build(Decision.ACCEPT);
        }

        /** Ends the rule: matching routes are rejected. */
        public PolicyRule reject() {
            return build(Decision.REJECT);
        }

        /** Ends the rule: matching routes get the actions' changes and go on to the next rule. */
        public PolicyRule continueToNext() {
            return build(Decision.CONTINUE);
        }

        /** Ends the rule with {@code decision}. */
        public PolicyRule build(Decision decision) {
            return new PolicyRule(Match.allOf(matches), actions, decision);
        }
    }
}
