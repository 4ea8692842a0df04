package dev.javabgp.dataplane.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration values refuse what the kernel would refuse, or what would hurt someone else, and say why. */
class ConfigTest {

    private static InetAddress address(String text) throws Exception {
        return InetAddress.getByName(text);
    }

    @Test
    void aDeviceDefaultsToPort4789AndTheMtuItsUnderlayLeaves() throws Exception {
        VxlanDevice v4 = VxlanDevice.of("vxlan.calico", 4096, address("10.0.0.11"));
        assertThat(v4.port()).isEqualTo(4789);
        assertThat(v4.mtu()).isEqualTo(1450);
        assertThat(VxlanDevice.of("vxlan-v6.calico", 4096, address("fd00::11")).mtu()).isEqualTo(1430);
    }

    @Test
    void badDeviceSettingsAreNamed() throws Exception {
        InetAddress local = address("10.0.0.11");
        assertThatThrownBy(() -> VxlanDevice.of("vxlan.calico", 1L << 24, local))
                .hasMessage("VXLAN device vxlan.calico: VNI 16777216 is outside 0..16777215 (RFC 7348 §5: 24 bits)");
        assertThatThrownBy(() -> VxlanDevice.of("a-name-of-16-chr", 1, local))
                .hasMessageContaining("'a-name-of-16-chr' is not a device name; a device name has 1 to 15 bytes");
        assertThatThrownBy(() -> VxlanDevice.of("vx/1", 1, local)).hasMessageContaining("no '/', ':' or white space");
        assertThatThrownBy(() -> VxlanDevice.of("vx", 1, local).withPort(0))
                .hasMessage("VXLAN device vx: UDP port 0 is outside 1..65535; the IANA port is 4789");
        assertThatThrownBy(() -> VxlanDevice.of("vx", 1, local).withMtu(67)).hasMessageContaining("MTU 67 is outside 68..65535");
        assertThatThrownBy(() -> VxlanDevice.of("vx", 1, address("239.1.1.1")))
                .hasMessageContaining("local address 239.1.1.1 must be this node's unicast underlay address");
    }

    @Test
    void theProtocolNumberMustNotBeTheKernelsOrTheAdministrators() {
        assertThatThrownBy(() -> NetlinkDataplaneConfig.of(4)).hasMessageContaining("route protocol 4 is outside 5..255");
        assertThatThrownBy(() -> NetlinkDataplaneConfig.of(256)).hasMessageContaining("route protocol 256 is outside 5..255");
        assertThat(NetlinkDataplaneConfig.of(201).table()).isEqualTo(254);
    }

    @Test
    void theTableMustBeOneRoutesCanGoTo() {
        assertThatThrownBy(() -> NetlinkDataplaneConfig.of(201).withTable(255))
                .hasMessageContaining("routing table 255 is not allowed")
                .hasMessageContaining("255 (the kernel's local table)");
        assertThatThrownBy(() -> NetlinkDataplaneConfig.of(201).withTable(0)).hasMessageContaining("routing table 0");
        assertThat(NetlinkDataplaneConfig.of(201).withTable(4_000_000_000L).table()).isEqualTo(4_000_000_000L);
    }

    @Test
    void oneDevicePerUnderlayFamilyAndNamesAreDistinct() throws Exception {
        NetlinkDataplaneConfig one = NetlinkDataplaneConfig.of(201).withDevice(VxlanDevice.of("vx4", 1, address("10.0.0.11")));
        assertThatThrownBy(() -> one.withDevice(VxlanDevice.of("vx4b", 2, address("10.0.0.12"))))
                .hasMessageContaining("two VXLAN devices with an IPv4 underlay");
        assertThatThrownBy(() -> one.withDevice(VxlanDevice.of("vx4", 2, address("fd00::11"))))
                .hasMessage("two VXLAN devices named vx4");
        assertThat(one.withDevice(VxlanDevice.of("vx6", 1, address("fd00::11"))).devices()).hasSize(2);
    }

    @Test
    void aNamespaceIsANameNotAPath() {
        assertThatThrownBy(() -> NetlinkDataplaneConfig.of(201).withNamespace("../etc"))
                .hasMessageContaining("namespace '../etc' is not a name under /var/run/netns");
        assertThat(NetlinkDataplaneConfig.of(201).withNamespace("blue").namespace()).isEqualTo("blue");
        assertThat(NetlinkDataplaneConfig.of(201).devices()).isEqualTo(List.of());
    }
}
