package dev.javabgp.codec;

import static dev.javabgp.codec.testing.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.codec.attribute.AsPath;
import dev.javabgp.codec.attribute.AsPathSegment;
import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.message.UpdateMessage;
import dev.javabgp.codec.testing.Bytes;
import org.junit.jupiter.api.Test;

/** RFC 6793 §4.2.3: rebuilding 4-octet AS_PATH and AGGREGATOR from a 2-octet speaker's UPDATE. */
class As4ReconciliationTest {

    private static PathAttributes decode(String attributes) {
        UpdateMessage u = (UpdateMessage) Bytes.decodeClean(update("", "40 01 01 00 | " + attributes + " | 40 03 04 c0000201", "18 0a0100"),
                WireOptions.TWO_OCTET_AS);
        return u.attributes();
    }

    @Test
    void aTwoOctetSpeakerPrependedItsAsToTheFrontOfAs4Path() {
        // AS_PATH 65002 65001 AS_TRANS; AS4_PATH 65001 4200000001: 65002 was added by an old speaker.
        PathAttributes a = decode("40 02 08 02 03 fdea fde9 5ba0 | c0 11 0a 02 02 0000fde9 fa56ea01");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(65002, 65001, 4_200_000_001L));
        assertThat(a.has(17)).isFalse();
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored() {
        PathAttributes a = decode("40 02 04 02 01 5ba0 | c0 11 0a 02 02 0000fde9 fa56ea01");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(23456));
    }

    @Test
    void aggregatorFromATwoOctetSpeakerVoidsAs4PathAndAs4Aggregator() {
        PathAttributes a = decode("40 02 06 02 02 fde9 5ba0 | c0 07 06 fdea c0000202"
                + " | c0 11 0a 02 02 0000fde9 fa56ea01 | c0 12 08 fa56ea01 c0000202");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(65001, 23456));
        assertThat(a.aggregator().asn()).isEqualTo(65002);
    }

    @Test
    void aTwoOctetAggregatorWithoutAs4AggregatorKeepsAs4Path() {
        // What the encoder writes for a path through AS 4200000001 aggregated by AS 65002.
        PathAttributes a = decode("40 02 06 02 02 fde9 5ba0 | c0 07 06 fdea c0000202 | c0 11 0a 02 02 0000fde9 fa56ea01");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(65001, 4_200_000_001L));
        assertThat(a.aggregator().asn()).isEqualTo(65002);
    }

    @Test
    void as4AggregatorReplacesAsTransAggregator() {
        PathAttributes a = decode("40 02 04 02 01 5ba0 | c0 07 06 5ba0 c0000202 | c0 12 08 fa56ea01 c0000202");
        assertThat(a.aggregator().asn()).isEqualTo(4_200_000_001L);
    }

    @Test
    void anAsSetCountsAsOneAndConfederationSegmentsStayFromAsPath() {
        // AS_PATH (65100) 65003 {65001,65002} AS_TRANS; AS4_PATH {65001,65002} 4200000001.
        PathAttributes a = decode("40 02 12 03 01 fe4c 02 01 fdeb 01 02 fde9 fdea 02 01 5ba0"
                + " | c0 11 10 01 02 0000fde9 0000fdea 02 01 fa56ea01");
        assertThat(a.asPath()).isEqualTo(AsPath.of(AsPathSegment.of(AsPathSegment.Type.AS_CONFED_SEQUENCE, 65100),
                AsPathSegment.sequence(65003), AsPathSegment.set(65001, 65002), AsPathSegment.sequence(4_200_000_001L)));
    }

    @Test
    void confederationSegmentsInAs4PathAreDropped() {
        PathAttributes a = decode("40 02 04 02 01 5ba0 | c0 11 0c 03 01 0000fe4c 02 01 fa56ea01");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(4_200_000_001L));
    }

    @Test
    void as4PathOfConfederationSegmentsOnlyLeavesAsPathAlone() {
        PathAttributes a = decode("40 02 06 02 02 fde9 5ba0 | c0 11 06 03 01 0000fe4c");
        assertThat(a.asPath()).isEqualTo(AsPath.sequence(65001, 23456));
    }
}
