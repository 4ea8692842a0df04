package dev.javabgp.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What tests outside this package may see of a speaker's insides: the RIB's peer slots and
 * listeners and the event loop's queued and scheduled tasks, to prove that nothing piles up; and
 * the bounded wait every such test uses.
 */
public final class SpeakerProbe {

    private SpeakerProbe() {}

    /** Waits until {@code condition} holds, polling every 20 ms; fails after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Runs {@code work} on the speaker's event loop and waits at most ten seconds for its result. */
    public static <T> T onLoop(BgpSpeaker speaker, Callable<T> work) throws Exception {
        return speaker.onLoop(work).get(10, TimeUnit.SECONDS);
    }

    /** Peers holding a slot in the speaker's RIB now. */
    public static int ribPeers(BgpSpeaker speaker) throws Exception {
        return onLoop(speaker, () -> speaker.rib().peerCount());
    }

    /** Listeners of the speaker's RIB now: its own, plus one update group per Established session. */
    public static int ribListeners(BgpSpeaker speaker) throws Exception {
        return onLoop(speaker, () -> ((java.util.List<?>) field(speaker.rib(), dev.javabgp.rib.Rib.class, "listeners")).size());
    }

    /** Timers and other delayed tasks scheduled on the speaker's event loop now (cancelled ones are gone). */
    public static int scheduledTasks(BgpSpeaker speaker) throws Exception {
        return onLoop(speaker, () -> {
            Object queue = field(speaker.eventLoop(), io.netty.util.concurrent.AbstractScheduledEventExecutor.class,
                    "scheduledTaskQueue");
            return queue == null ? 0 : ((java.util.Collection<?>) queue).size();
        });
    }

    /** Closes every connection as a crash would, without a NOTIFICATION. */
    public static CompletableFuture<Void> abortConnections(BgpSpeaker speaker) {
        return speaker.abortConnections();
    }

    private static Object field(Object target, Class<?> declaring, String name) throws ReflectiveOperationException {
        var f = declaring.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(target);
    }
}
