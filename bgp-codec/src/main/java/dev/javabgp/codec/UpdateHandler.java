package dev.javabgp.codec;

import dev.javabgp.codec.attribute.PathAttributes;
import dev.javabgp.codec.error.BgpError;
import dev.javabgp.codec.nlri.PrefixCursor;
import java.util.List;

/**
 * Receives one UPDATE from an {@link UpdateReader}, its prefixes read in place: no object and no
 * allocation per prefix. The cursors are valid only during the call.
 */
public interface UpdateHandler {

    /**
     * Called first, once: the attributes, in which MP_REACH_NLRI and MP_UNREACH_NLRI carry their
     * family and next hop but no prefixes, and what RFC 7606 let the UPDATE survive. If any error
     * is {@link dev.javabgp.codec.error.ErrorAction#TREAT_AS_WITHDRAW}, the announced prefixes that
     * follow are to be withdrawn instead (RFC 7606 §2), even beside an
     * {@link dev.javabgp.codec.error.ErrorAction#AFI_SAFI_DISABLE}, which reaches only the family
     * it names: that family's routes from the peer all go.
     */
    void attributes(PathAttributes attributes, List<BgpError> errors);

    /** Withdrawn prefixes of one family: the withdrawn routes field, then MP_UNREACH_NLRI. */
    void withdrawn(PrefixCursor prefixes);

    /** Announced prefixes of one family: the NLRI field, then MP_REACH_NLRI. */
    void announced(PrefixCursor prefixes);
}
