package dev.javabgp.codec;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The codec's hand-written vectors (valid in {@link MessageVectorsTest}, malformed in
 * {@link MalformedMessagesTest}) for other tests and modules, such as the fuzz targets' seeds.
 */
public final class CodecVectors {
    private CodecVectors() {}

    /**
     * One vector: a message's bytes and the options it is read with.
     *
     * @param name a file name: lower case, words joined by '-', "valid-" or "malformed-" first
     */
    public record Named(String name, WireOptions options, byte[] wire) {
        /** The message type in the header. */
        public int type() {
            return wire[18] & 0xFF;
        }
    }

    /** Every vector, the valid ones first. */
    public static List<Named> all() {
        return Stream.concat(
                MessageVectorsTest.vectors().map(v -> new Named(fileName("valid", v.name()), v.options(), v.wire())),
                dev.javabgp.codec.testing.MalformedMessages.cases().map(c -> new Named(fileName("malformed", c.name()), c.options(), c.wire())))
                .toList();
    }

    private static String fileName(String kind, String name) {
        return kind + "-" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
