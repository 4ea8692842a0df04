package dev.javabgp.core;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The addresses whose connections were refused lately, so that each is logged once rather than at
 * every attempt. Bounded: beyond {@link #capacity} addresses the one refused longest ago is
 * forgotten (and logged again if it comes back), so a scan of many addresses cannot grow it without
 * end. Used on the event loop only.
 */
final class RefusedAddresses {

    /** Enough for every stray peer a real network has; a scan of more costs at most this much memory. */
    static final int DEFAULT_CAPACITY = 4096;

    private final int capacity;
    private final LinkedHashMap<InetAddress, Boolean> recent;

    RefusedAddresses(int capacity) {
        this.capacity = capacity;
        this.recent = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<InetAddress, Boolean> eldest) {
                return size() > RefusedAddresses.this.capacity;
            }
        };
    }

    /** Records a refusal; true if the address was not among those refused lately, so it is worth a log line. */
    boolean firstRefusal(InetAddress address) {
        return recent.put(address, Boolean.TRUE) == null;
    }

    int size() {
        return recent.size();
    }
}
