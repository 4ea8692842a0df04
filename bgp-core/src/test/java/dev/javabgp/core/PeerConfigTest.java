package dev.javabgp.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a peer's configuration hands the RIB, and what it refuses with a reason. */
class PeerConfigTest {

    @Test
    void theRibGetsThePeersLoopAllowanceAndTheAsItKnowsUsBy() {
        PeerConfig c = PeerConfig.of("127.0.0.2", 64513).withAllowAsIn(2).withLocalAs(64999);
        assertThat(c.ribOptions().allowAsIn()).isEqualTo(2);
        assertThat(c.ribOptions().localAs()).isEqualTo(64999);
        assertThat(c.roleFor(64512)).isEqualTo(dev.javabgp.rib.out.ExportSettings.Role.EXTERNAL);
        assertThat(PeerConfig.of("127.0.0.2", 64999).withLocalAs(64999).roleFor(64512))
                .isEqualTo(dev.javabgp.rib.out.ExportSettings.Role.INTERNAL);
    }

    @Test
    void outOfRangeValuesNameThePeerAndTheRange() {
        assertThatThrownBy(() -> PeerConfig.of("127.0.0.2", 64513).withAllowAsIn(11))
                .hasMessage("peer 127.0.0.2: allowAsIn must be 0..10, not 11");
        assertThatThrownBy(() -> PeerConfig.of("127.0.0.2", 64513).withKeepaliveTime(Duration.ofSeconds(-1)))
                .hasMessageContaining("keepalive time must be 0..21845 seconds");
        assertThat(PeerConfig.of("127.0.0.2", 64513).withPassword("secret").toString()).doesNotContain("secret");
    }
}
