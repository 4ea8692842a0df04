package dev.javabgp.rib.policy;

import static dev.javabgp.rib.policy.TestRoute.route;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.nlri.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixMatchTest {

    @Test
    void exactMatchesOnlyThatPrefix() {
        PrefixRange m = Match.prefix("10.0.0.0/8");
        assertThat(m.matches(route("10.0.0.0/8"))).isTrue();
        assertThat(m.matches(route("10.0.0.0/9"))).isFalse();
        assertThat(m.matches(route("10.0.0.0/7"))).isFalse();
        assertThat(m.matches(route("11.0.0.0/8"))).isFalse();
        assertThat(m.isExact()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/15, false", // shorter than ge
        "10.0.0.0/16, true", // ge edge
        "10.200.0.0/20, true",
        "10.255.255.0/24, true", // le edge
        "10.255.255.128/25, false", // longer than le
        "11.0.0.0/16, false", // outside
        "9.255.0.0/16, false",
    })
    void geLeRange(String prefix, boolean expected) {
        assertThat(Match.prefix("10.0.0.0/8", 16, 24).matches(route(prefix))).isEqualTo(expected);
    }

    @Test
    void orLongerIncludesHostRoutesAndTheDefaultRouteCoversEverything() {
        assertThat(Match.prefixOrLonger("192.168.0.0/16").matches(route("192.168.7.7/32"))).isTrue();
        assertThat(Match.prefixOrLonger("192.168.0.0/16").matches(route("192.168.0.0/16"))).isTrue();
        assertThat(Match.prefixOrLonger("192.168.0.0/16").matches(route("192.169.0.0/32"))).isFalse();
        assertThat(Match.prefixOrLonger("0.0.0.0/0").matches(route("203.0.113.0/24"))).isTrue();
        assertThat(Match.prefix("0.0.0.0/0").matches(route("0.0.0.0/0"))).isTrue();
        assertThat(Match.prefix("0.0.0.0/0").matches(route("0.0.0.0/1"))).isFalse();
        assertThat(Match.prefix("255.255.255.255/32").matches(route("255.255.255.255/32"))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "2001:db8::/32, false",
        "2001:db8::/48, true",
        "2001:db8:ffff:ffff::/64, true", // crosses nothing: upper 64 bits only
        "2001:db8:1:2:3::/80, true", // into the low long
        "2001:db8:1:2:3:4:5:6/128, true",
        "2001:db9::/48, false",
        "2001:db8::/47, false",
    })
    void ipv6Ranges(String prefix, boolean expected) {
        assertThat(Match.prefix("2001:db8::/32", 48, 128).matches(route(prefix))).isEqualTo(expected);
    }

    @Test
    void ipv6PrefixLongerThan64BitsComparesTheLowLong() {
        PrefixRange m = Match.prefixOrLonger("2001:db8:0:0:1:2::/96");
        assertThat(m.matches(route("2001:db8::1:2:0:0/96"))).isTrue();
        assertThat(m.matches(route("2001:db8::1:2:aaaa:0/112"))).isTrue();
        assertThat(m.matches(route("2001:db8::1:3:0:0/96"))).isFalse();
        assertThat(m.matches(route("2001:db8::/64"))).isFalse();
    }

    @Test
    void familiesNeverMatchEachOther() {
        assertThat(Match.prefixOrLonger("0.0.0.0/0").matches(route("::/0"))).isFalse();
        assertThat(Match.prefixOrLonger("::/0").matches(route("0.0.0.0/0"))).isFalse();
    }

    @Test
    void prefixListMatchesAnyEntry() {
        PrefixList list = Match.prefixList("10.0.0.0/8 ge 16 le 24", "192.168.0.0/16", "2001:db8::/32+");
        assertThat(list.matches(route("10.1.0.0/16"))).isTrue();
        assertThat(list.matches(route("10.0.0.0/8"))).isFalse();
        assertThat(list.matches(route("192.168.0.0/16"))).isTrue();
        assertThat(list.matches(route("192.168.1.0/24"))).isFalse();
        assertThat(list.matches(route("2001:db8:1::/48"))).isTrue();
        assertThat(new PrefixList(java.util.List.of()).matches(route("10.0.0.0/8"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8 | 10.0.0.0/8 | 8 | 8",
        "10.0.0.0/8 ge 16 | 10.0.0.0/8 | 16 | 32",
        "10.0.0.0/8 le 24 | 10.0.0.0/8 | 8 | 24",
        "10.0.0.0/8 GE 16 le 24 | 10.0.0.0/8 | 16 | 24",
        "10.0.0.0/8{16,24} | 10.0.0.0/8 | 16 | 24",
        "10.0.0.0/8+ | 10.0.0.0/8 | 8 | 32",
        "2001:db8::/32 ge 48 | 2001:db8::/32 | 48 | 128",
        "  192.0.2.1  | 192.0.2.1/32 | 32 | 32",
    })
    void parsesPrefixRangeSyntax(String text, String prefix, int ge, int le) {
        PrefixRange r = PrefixRange.parse(text);
        assertThat(r.prefix()).isEqualTo(IpPrefix.parse(prefix));
        assertThat(r.ge()).isEqualTo(ge);
        assertThat(r.le()).isEqualTo(le);
        assertThat(PrefixRange.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void toStringReadsLikeAPrefixList() {
        assertThat(Match.prefix("10.0.0.0/8", 16, 24)).hasToString("10.0.0.0/8 ge 16 le 24");
        assertThat(Match.prefix("2001:db8::/32")).hasToString("2001:db8::/32");
    }

    @Test
    void geShorterThanThePrefixIsRefused() {
        assertThatThrownBy(() -> Match.prefix("10.0.0.0/8", 4, 24))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ge 4")
                .hasMessageContaining("10.0.0.0/8")
                .hasMessageContaining("8..32");
    }

    @Test
    void leLongerThanTheFamilyAllowsIsRefused() {
        assertThatThrownBy(() -> Match.prefix("10.0.0.0/8", 16, 33))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("le 33")
                .hasMessageContaining("IPv4")
                .hasMessageContaining("8..32");
        assertThatThrownBy(() -> Match.prefix("2001:db8::/32", 48, 129))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("le 129")
                .hasMessageContaining("32..128");
        assertThat(Match.prefix("2001:db8::/32", 48, 128).le()).isEqualTo(128);
    }

    @Test
    void geAboveLeIsRefused() {
        assertThatThrownBy(() -> Match.prefix("10.0.0.0/8", 24, 16))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ge 24 is greater than le 16")
                .hasMessageContaining("8 <= ge <= le <= 32");
    }

    @Test
    void hostBitsPastTheLengthAreRefusedWithTheLikelyIntent() {
        assertThatThrownBy(() -> Match.prefix("10.1.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.1.0.0/8")
                .hasMessageContaining("did you mean 10.0.0.0/8");
        assertThatThrownBy(() -> new PrefixRange(1, 0x0A01_0000_0000_0000L, 0, 8, 8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 10.0.0.0/8");
    }

    @Test
    void malformedTextIsRefusedNamingTheText() {
        assertThatThrownBy(() -> PrefixRange.parse("10.0.0.0/8 ge"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'10.0.0.0/8 ge'")
                .hasMessageContaining("10.0.0.0/8 ge 16 le 24");
        assertThatThrownBy(() -> PrefixRange.parse("10.0.0.0/8 up 16"))
                .hasMessageContaining("'10.0.0.0/8 up 16'");
        assertThatThrownBy(() -> PrefixRange.parse("10.0.0.0/8{16}"))
                .hasMessageContaining("'10.0.0.0/8{16}'");
        assertThatThrownBy(() -> PrefixRange.parse("ten/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'ten/8'");
        assertThatThrownBy(() -> PrefixRange.parse("10.0.0.0/8 ge 4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'10.0.0.0/8 ge 4'")
                .hasMessageContaining("ge 4");
    }

    @Test
    void prefixMatchesDependOnThePrefixOnly() {
        assertThat(Match.prefix("10.0.0.0/8").dependsOnPrefix()).isTrue();
        assertThat(Match.prefix("10.0.0.0/8").dependsOnPeer()).isFalse();
        assertThat(Match.prefixList("10.0.0.0/8").dependsOnPrefix()).isTrue();
    }

    @Test
    void containsAddressIgnoresTheLengthRange() {
        PrefixRange r = Match.prefix("192.0.2.0/24");
        assertThat(r.containsAddress(dev.javabgp.codec.attribute.Addresses.ipv4("192.0.2.200"))).isTrue();
        assertThat(r.containsAddress(dev.javabgp.codec.attribute.Addresses.ipv4("192.0.3.1"))).isFalse();
        assertThat(r.containsAddress(dev.javabgp.codec.attribute.Addresses.ipv6("2001:db8::1"))).isFalse();
        PrefixRange v6 = Match.prefix("2001:db8::/127");
        assertThat(v6.containsAddress(dev.javabgp.codec.attribute.Addresses.ipv6("2001:db8::1"))).isTrue();
        assertThat(v6.containsAddress(dev.javabgp.codec.attribute.Addresses.ipv6("2001:db8::2"))).isFalse();
    }
}
