package dev.javabgp.calico.resource;

import java.util.Objects;

/**
 * A BGP community in Calico's text: {@code aa:nn} standard (RFC 1997) or {@code aa:nn:mm} large
 * (RFC 8092).
 *
 * @param value the checked text
 */
public record Community(String value) {

    public Community {
        Objects.requireNonNull(value, "value");
        if (!valid(value)) {
            throw new IllegalArgumentException("'" + value + "' is not a community: aa:nn with 16-bit numbers, or aa:nn:mm with 32-bit numbers");
        }
    }

    /** True for {@code aa:nn:mm}. */
    public boolean large() {
        return value.chars().filter(c -> c == ':').count() == 2;
    }

    /** The numbers, two or three. */
    public long[] parts() {
        String[] p = value.split(":");
        long[] out = new long[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Long.parseLong(p[i]);
        }
        return out;
    }

    /** True if {@code text} is {@code aa:nn} with 16-bit or {@code aa:nn:mm} with 32-bit numbers. */
    public static boolean valid(String text) {
        String[] p = text.split(":", -1);
        if (p.length != 2 && p.length != 3) {
            return false;
        }
        long max = p.length == 2 ? 0xFFFFL : 0xFFFF_FFFFL;
        for (String s : p) {
            if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit) || Long.parseLong(s) > max) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
