package dev.javabgp.rib.table;

import dev.javabgp.codec.attribute.PathAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Interns path attribute sets: every distinct set is held once, under a small integer id, with a
 * count of the routes that use it, and is released when the count drops to zero. Routes store the
 * id, four bytes, instead of a reference to their own copy.
 */
public final class AttributeSets {

    private final Map<PathAttributes, Integer> ids = new HashMap<>();
    private PathAttributes[] sets = new PathAttributes[1024];
    private int[] references = new int[1024];
    private int[] free = new int[64];
    private int freeCount;
    private int next;

    /** The id of {@code attributes}, interning it if new; the caller holds one reference. */
    public int acquire(PathAttributes attributes) {
        Integer id = ids.get(attributes);
        if (id != null) {
            references[id]++;
            return id;
        }
        int fresh = freeCount > 0 ? free[--freeCount] : next++;
        if (fresh >= sets.length) {
            sets = Arrays.copyOf(sets, sets.length * 2);
            references = Arrays.copyOf(references, references.length * 2);
        }
        sets[fresh] = attributes;
        references[fresh] = 1;
        ids.put(attributes, fresh);
        return fresh;
    }

    /** One more reference to an id already held. */
    public void retain(int id) {
        references[id]++;
    }

    /** Drops one reference; the set is released with its last. */
    public void release(int id) {
        if (--references[id] == 0) {
            ids.remove(sets[id]);
            sets[id] = null;
            if (freeCount == free.length) {
                free = Arrays.copyOf(free, free.length * 2);
            }
            free[freeCount++] = id;
        }
    }

    public PathAttributes get(int id) {
        return sets[id];
    }

    public int references(int id) {
        return references[id];
    }

    /** Number of distinct sets held. */
    public int size() {
        return ids.size();
    }
}
