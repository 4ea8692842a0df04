package dev.javabgp.benchmarks.rib;

import dev.javabgp.codec.BgpMessageDecoder;
import dev.javabgp.codec.UpdateReader;
import dev.javabgp.codec.WireOptions;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.rib.Rib;
import io.netty.buffer.ByteBuf;

/** Feeds a peer's UPDATEs into a RIB as a session would: read in place, settled in batches. */
public final class RibLoader {

    /** UPDATEs per settlement, as one read from a socket typically holds. */
    public static final int BATCH = 64;

    private final UpdateReader reader = new UpdateReader();

    public void load(Rib rib, int peer, ByteBuf updates) {
        int start = updates.readerIndex();
        int inBatch = 0;
        while (updates.isReadable()) {
            BgpError error = reader.read(updates, WireOptions.DEFAULT, rib.inbound(peer));
            if (error != null) {
                throw new IllegalStateException(error.toString());
            }
            if (++inBatch == BATCH) {
                rib.settle();
                inBatch = 0;
            }
        }
        rib.settle();
        updates.readerIndex(start);
    }

    static {
        BgpMessageDecoder.class.getName(); // load the codec before timing starts
    }
}
