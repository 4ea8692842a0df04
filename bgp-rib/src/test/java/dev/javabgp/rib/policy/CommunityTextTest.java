package dev.javabgp.rib.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.javabgp.codec.attribute.Communities;
import dev.javabgp.codec.attribute.ExtendedCommunities;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CommunityTextTest {

    @Test
    void standardValuesAndNames() {
        assertThat(CommunityText.parseStandard("65000:100")).isEqualTo(65000 << 16 | 100);
        assertThat(CommunityText.parseStandard("no-export")).isEqualTo(Communities.NO_EXPORT);
        assertThat(CommunityText.parseStandard("NO_ADVERTISE")).isEqualTo(Communities.NO_ADVERTISE);
        assertThat(CommunityText.parseStandard(" blackhole ")).isEqualTo(Communities.BLACKHOLE);
        assertThat(CommunityText.formatStandard(Communities.NO_PEER)).isEqualTo("no-peer");
        assertThat(CommunityText.formatStandard(65000 << 16 | 100)).isEqualTo("65000:100");
        assertThat(CommunityText.formatStandard(0xFFFFFFFF)).isEqualTo("65535:65535");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "65000 | ASN:VALUE",
        "65536:1 | 0..65535",
        "no-exports | no-export",
        "a:b | 65000:100",
    })
    void badStandardCommunities(String text, String hint) {
        assertThatThrownBy(() -> CommunityText.parseStandard(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'").hasMessageContaining(hint);
    }

    @Test
    void largeValues() {
        assertThat(CommunityText.parseLarge("4294967295:0:7")).containsExactly(-1, 0, 7);
        assertThat(CommunityText.formatLarge(new int[] {-1, 0, 7}, 0)).isEqualTo("4294967295:0:7");
        assertThatThrownBy(() -> CommunityText.parseLarge("1:2:4294967296"))
                .hasMessageContaining("'1:2:4294967296'").hasMessageContaining("0..4294967295");
        assertThatThrownBy(() -> CommunityText.parseLarge("1:2")).hasMessageContaining("GLOBAL:LOCAL1:LOCAL2");
    }

    @ParameterizedTest
    @CsvSource({
        "rt:65000:100, 0x0002fde800000064",
        "soo:65000:100, 0x0003fde800000064",
        "rt:192.0.2.1:7, 0x0102c00002010007",
        "rt:4200000000:7, 0x0202fa56ea000007",
        "0x0002fde800000064, 0x0002fde800000064",
    })
    void extendedValues(String text, String hex) {
        long value = Long.parseUnsignedLong(hex.substring(2), 16);
        assertThat(CommunityText.parseExtended(text)).isEqualTo(value);
        assertThat(CommunityText.parseExtended(CommunityText.formatExtended(value))).isEqualTo(value);
    }

    @Test
    void extendedRouteTargetAgreesWithTheCodec() {
        assertThat(CommunityText.parseExtended("rt:65000:100")).isEqualTo(ExtendedCommunities.routeTarget(65000, 100));
        assertThat(CommunityText.formatExtended(ExtendedCommunities.routeTarget(65000, 100))).isEqualTo("rt:65000:100");
        assertThat(CommunityText.formatExtended(0x0800000000000000L)).isEqualTo("0x0800000000000000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "xx:1:2 | rt:ASN:VALUE",
        "rt:1 | rt:ASN:VALUE",
        "rt:4200000000:70000 | 0..65535",
        "rt:192.0.2.1:70000 | 0..65535",
        "rt:300.0.0.1:1 | rt:ASN:VALUE",
        "0x12 | 16 hex digits",
    })
    void badExtendedCommunities(String text, String hint) {
        assertThatThrownBy(() -> CommunityText.parseExtended(text))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + text + "'").hasMessageContaining(hint);
    }
}
