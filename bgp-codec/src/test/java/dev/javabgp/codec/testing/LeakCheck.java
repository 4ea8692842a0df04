package dev.javabgp.codec.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes Netty's leak detector fail tests instead of only logging. Registered for every JUnit test
 * class through service loading; jqwik properties call {@link #assertNoLeaks()} themselves.
 */
public final class LeakCheck implements BeforeAllCallback, AfterAllCallback {

    private static final List<String> LEAKS = new ArrayList<>();

    static {
        // Paranoid unless the run asks for a level: bin/fuzz samples, since its millions of inputs
        // would otherwise spend their time recording where each buffer was touched.
        String level = System.getProperty("io.netty.leakDetection.level");
        ResourceLeakDetector.setLevel(level == null ? ResourceLeakDetector.Level.PARANOID : ResourceLeakDetector.Level.valueOf(level.trim().toUpperCase(java.util.Locale.ROOT)));
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
            @Override
            public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
                return new ResourceLeakDetector<>(resource, samplingInterval) {
                    @Override
                    protected void reportTracedLeak(String resourceType, String records) {
                        record(resourceType + " leaked:" + records);
                    }

                    @Override
                    protected void reportUntracedLeak(String resourceType) {
                        record(resourceType + " leaked");
                    }
                };
            }
        });
    }

    private static synchronized void record(String leak) {
        LEAKS.add(leak);
    }

    /** Collects garbage, lets the detector see it, and throws if any buffer was never released. */
    public static void assertNoLeaks() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            System.runFinalization();
            // The detector reports collected leaks when the next tracked buffer is allocated.
            ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(8);
            ByteBuf b = Unpooled.buffer(8);
            a.release();
            b.release();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> found;
        synchronized (LeakCheck.class) {
            found = new ArrayList<>(LEAKS);
            LEAKS.clear();
        }
        if (!found.isEmpty()) {
            throw new AssertionError(found.size() + " ByteBuf leak(s):\n" + String.join("\n", found));
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assertNoLeaks(); // leaks of an earlier class belong to it, not to this one
    }

    @Override
    public void afterAll(ExtensionContext context) {
        assertNoLeaks();
    }
}
