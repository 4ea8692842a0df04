package dev.javabgp.codec;

import dev.javabgp.codec.error.BgpError;

/** Carries a session-reset error out of nested parsing; never escapes the decoder. */
final class DecodeException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient BgpError error;

    DecodeException(BgpError error) {
        super(error.reason(), null, false, false);
        this.error = error;
    }
}
