package dev.javabgp.dataplane.netlink;

import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.dataplane.netlink.rtnetlink.Errno;
import dev.javabgp.dataplane.netlink.rtnetlink.LinkMessage;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkException;
import dev.javabgp.dataplane.netlink.rtnetlink.NetlinkSocket;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creates the configured VXLAN devices or brings existing ones to their configuration, and knows
 * their interface indexes. A device with our name but other VXLAN settings (VNI, port, local
 * address, learning) is one we made under an older configuration; the kernel cannot change those
 * settings in place, so it is deleted and made again. A device with our name that is not VXLAN at
 * all belongs to someone else and is an error.
 */
final class Devices {

    private final NetlinkSocket socket;
    private final List<VxlanDevice> configured;
    private final Map<Integer, VxlanDevice> byIndex = new HashMap<>();
    private final Map<Boolean, Integer> indexByUnderlayFamily = new HashMap<>();

    Devices(NetlinkSocket socket, List<VxlanDevice> configured) {
        this.socket = socket;
        this.configured = configured;
    }

    /** Makes every configured device exist, up, with its settings; refreshes the indexes. */
    void ensure() throws DataplaneException {
        byIndex.clear();
        indexByUnderlayFamily.clear();
        for (VxlanDevice device : configured) {
            int index = ensure(device);
            byIndex.put(index, device);
            indexByUnderlayFamily.put(device.ipv4Underlay(), index);
        }
    }

    private int ensure(VxlanDevice device) throws DataplaneException {
        Optional<LinkMessage> existing = find(device.name());
        if (existing.isPresent() && !"vxlan".equals(existing.get().kind())) {
            throw new DataplaneException("device " + device.name() + " exists and is "
                    + (existing.get().kind() == null ? "not a VXLAN device" : "a " + existing.get().kind() + " device, not vxlan")
                    + ": remove it or configure another name for the VXLAN device");
        }
        if (existing.isPresent() && !matches(existing.get().vxlan(), device)) {
            run(LinkMessage.delete(existing.get().index()), "delete VXLAN device " + describe(device)
                    + " to recreate it with new settings");
            existing = Optional.empty();
        }
        if (existing.isEmpty()) {
            run(LinkMessage.createVxlan(device.name(), device.vni(), device.port(), device.localAddress(), device.mtu()),
                    "VXLAN device " + describe(device));
            return find(device.name()).orElseThrow(() -> new DataplaneException(
                    "VXLAN device " + device.name() + " vanished right after it was created")).index();
        }
        LinkMessage link = existing.get();
        if (link.mtu() != device.mtu() || !link.up()) {
            run(LinkMessage.setMtuAndUp(link.index(), device.mtu()), "VXLAN device " + device.name() + " MTU "
                    + device.mtu() + " and up");
        }
        return link.index();
    }

    private static boolean matches(LinkMessage.Vxlan actual, VxlanDevice wanted) {
        return actual != null && actual.vni() == wanted.vni() && actual.port() == wanted.port()
                && wanted.localAddress().equals(actual.local()) && !actual.learning();
    }

    private Optional<LinkMessage> find(String name) throws DataplaneException {
        try {
            return LinkMessage.parse(socket.get(LinkMessage.getByName(name)));
        } catch (NetlinkException e) {
            if (e.errno() == Errno.ENODEV) {
                return Optional.empty();
            }
            throw new DataplaneException("device " + name + ": " + e.getMessage(), e);
        }
    }

    private void run(dev.javabgp.dataplane.netlink.rtnetlink.Request request, String object) throws DataplaneException {
        try {
            List<NetlinkSocket.Failure> failures = socket.execute(List.of(request));
            if (!failures.isEmpty()) {
                throw new DataplaneException(object + ": " + failures.get(0).describe());
            }
        } catch (NetlinkException e) {
            throw new DataplaneException(object + ": " + e.getMessage(), e);
        }
    }

    private static String describe(VxlanDevice d) {
        return d.name() + " (VNI " + d.vni() + ", port " + d.port() + ", local " + Addresses.text(d.localAddress())
                + ", MTU " + d.mtu() + ")";
    }

    boolean isOurs(int index) {
        return byIndex.containsKey(index);
    }

    String name(int index) {
        VxlanDevice d = byIndex.get(index);
        return d == null ? "if" + index : d.name();
    }

    /** The index of the device whose underlay has this address's family, or empty when none is configured. */
    Optional<Integer> forUnderlay(InetAddress underlay) {
        return Optional.ofNullable(indexByUnderlayFamily.get(underlay instanceof java.net.Inet4Address));
    }
}
