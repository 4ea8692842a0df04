package dev.javabgp.core;

import dev.javabgp.codec.nlri.IpPrefix;
import dev.javabgp.core.dataplane.Dataplane;
import dev.javabgp.core.dataplane.DataplaneBatch;
import dev.javabgp.core.dataplane.DataplaneException;
import dev.javabgp.core.dataplane.ForwardingRoute;
import dev.javabgp.core.dataplane.TunnelEndpoint;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the {@link Dataplane} on a thread of its own, so that programming the kernel (a batch of
 * 100,000 routes takes most of a second) never holds up the event loop and with it every peer's
 * KEEPALIVEs. Work runs in the order it was handed in. Batches that queue up while the dataplane is
 * busy go to it as one, each prefix and tunnel endpoint as its last change left it; a
 * synchronisation supersedes the batches queued before it, since it carries the whole state.
 *
 * <p>After a batch fails, an empty batch follows later (1 s, then doubling up to a minute, unless
 * other work comes first), so that a dataplane that keeps what it refused tries it again even when
 * nothing changes.
 */
final class DataplaneWorker {

    private static final Logger log = LoggerFactory.getLogger(DataplaneWorker.class);
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);
    private static final DataplaneBatch NOTHING = new DataplaneBatch(List.of(), List.of(), List.of(), List.of());

    private sealed interface Work {}

    private record Apply(DataplaneBatch batch, CompletableFuture<Void> done) implements Work {}

    private record Synchronize(List<ForwardingRoute> routes, List<TunnelEndpoint> tunnels,
            Consumer<DataplaneException> outcome) implements Work {}

    private final Dataplane dataplane;
    private final ScheduledThreadPoolExecutor thread;
    // Guarded by this: the work handed in and not taken yet, and whether a drain is on its way.
    private final ArrayDeque<Work> queue = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;
    // Only on the worker's thread.
    private Duration retryDelay = FIRST_RETRY;
    private ScheduledFuture<?> retry;
    private volatile Thread current;

    DataplaneWorker(Dataplane dataplane) {
        this.dataplane = dataplane;
        this.thread = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "javabgp-dataplane");
            t.setDaemon(true);
            current = t;
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        thread.setRemoveOnCancelPolicy(true);
    }

    /** Whether the caller is this worker's thread, which must not wait for the worker. */
    boolean isCurrentThread() {
        return Thread.currentThread() == current;
    }

    /** Hands in a batch; the future completes once the dataplane applied it, or fails with its refusal. */
    CompletableFuture<Void> apply(DataplaneBatch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        hand(new Apply(batch, done));
        return done;
    }

    /** Hands in the whole state; {@code outcome} hears null once it is done, or the refusal. */
    void synchronize(List<ForwardingRoute> routes, List<TunnelEndpoint> tunnels, Consumer<DataplaneException> outcome) {
        hand(new Synchronize(routes, tunnels, outcome));
    }

    private void hand(Work work) {
        boolean stopped;
        synchronized (this) {
            stopped = closed;
            if (!stopped) {
                queue.add(work);
                if (draining) {
                    return;
                }
                draining = true;
            }
        }
        if (stopped) {
            refuse(work);
            return;
        }
        try {
            thread.execute(this::drain);
        } catch (RejectedExecutionException e) {
            refuseQueued();
        }
    }

    private void drain() {
        while (true) {
            List<Work> taken;
            synchronized (this) {
                if (queue.isEmpty()) {
                    draining = false;
                    return;
                }
                taken = new ArrayList<>(queue);
                queue.clear();
            }
            run(taken);
        }
    }

    private void run(List<Work> taken) {
        if (retry != null) {
            retry.cancel(false); // whatever runs now gives the refused objects their next try
            retry = null;
        }
        // Work before the last synchronisation is carried by it: it shares that outcome.
        List<Apply> applies = new ArrayList<>();
        List<Synchronize> superseded = new ArrayList<>();
        Work last = lastSynchronize(taken);
        for (Work w : taken) {
            switch (w) {
                case Apply a -> applies.add(a);
                case Synchronize s -> {
                    superseded.add(s);
                    if (w == last) {
                        DataplaneException refusal = synchronize(s);
                        superseded.forEach(each -> each.outcome().accept(refusal));
                        applies.forEach(a -> complete(a.done(), refusal));
                        superseded.clear();
                        applies.clear();
                    }
                }
            }
        }
        if (!applies.isEmpty()) {
            List<DataplaneBatch> batches = applies.stream().map(Apply::batch).toList();
            DataplaneException refusal = applyNow(batches.size() == 1 ? batches.get(0) : merge(batches));
            applies.forEach(a -> complete(a.done(), refusal));
        }
    }

    private static Work lastSynchronize(List<Work> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            if (taken.get(i) instanceof Synchronize) {
                return taken.get(i);
            }
        }
        return null;
    }

    private DataplaneException synchronize(Synchronize s) {
        try {
            dataplane.synchronize(s.routes(), s.tunnels());
            retryDelay = FIRST_RETRY;
            return null;
        } catch (DataplaneException e) {
            return e;
        } catch (RuntimeException e) {
            return new DataplaneException("the dataplane failed: " + e, e);
        }
    }

    private DataplaneException applyNow(DataplaneBatch batch) {
        try {
            dataplane.apply(batch);
            retryDelay = FIRST_RETRY;
            return null;
        } catch (DataplaneException | RuntimeException e) {
            DataplaneException refusal = e instanceof DataplaneException d ? d
                    : new DataplaneException("the dataplane failed: " + e, e);
            log.error("dataplane refused a batch of {} routes, {} removals, {} tunnels, {} tunnel removals: {}; trying again "
                    + "in {} s", batch.routes().size(), batch.removedRoutes().size(), batch.tunnels().size(),
                    batch.removedTunnels().size(), refusal.getMessage(), retryDelay.toSeconds());
            scheduleRetry();
            return refusal;
        }
    }

    private void scheduleRetry() {
        try {
            retry = thread.schedule(() -> hand(new Apply(NOTHING, new CompletableFuture<>())), retryDelay.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return; // closing
        }
        retryDelay = retryDelay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retryDelay.multipliedBy(2);
    }

    private static void complete(CompletableFuture<Void> done, DataplaneException refusal) {
        if (refusal == null) {
            done.complete(null);
        } else {
            done.completeExceptionally(refusal);
        }
    }

    /** One batch with the effect of several in a row: for each key, the last change wins. */
    static DataplaneBatch merge(List<DataplaneBatch> batches) {
        Map<IpPrefix, ForwardingRoute> routes = new LinkedHashMap<>(); // a null value: removed
        Map<InetAddress, TunnelEndpoint> tunnels = new LinkedHashMap<>();
        for (DataplaneBatch b : batches) {
            // Within a batch, removals come before additions (see DataplaneBatch).
            for (IpPrefix p : b.removedRoutes()) {
                routes.remove(p);
                routes.put(p, null);
            }
            for (ForwardingRoute r : b.routes()) {
                routes.remove(r.prefix());
                routes.put(r.prefix(), r);
            }
            for (InetAddress t : b.removedTunnels()) {
                tunnels.remove(t);
                tunnels.put(t, null);
            }
            for (TunnelEndpoint t : b.tunnels()) {
                tunnels.remove(t.underlay());
                tunnels.put(t.underlay(), t);
            }
        }
        List<ForwardingRoute> added = new ArrayList<>();
        List<IpPrefix> removed = new ArrayList<>();
        routes.forEach((prefix, route) -> {
            if (route == null) {
                removed.add(prefix);
            } else {
                added.add(route);
            }
        });
        List<TunnelEndpoint> addedTunnels = new ArrayList<>();
        List<InetAddress> removedTunnels = new ArrayList<>();
        tunnels.forEach((underlay, t) -> {
            if (t == null) {
                removedTunnels.add(underlay);
            } else {
                addedTunnels.add(t);
            }
        });
        return new DataplaneBatch(added, removed, addedTunnels, removedTunnels);
    }

    /**
     * Lets the work handed in so far finish, then ends the thread; the future completes then. Work
     * handed in later fails with "the speaker is stopped". The dataplane itself stays open: its
     * owner closes it.
     */
    CompletableFuture<Void> close() {
        synchronized (this) {
            closed = true;
        }
        CompletableFuture<Void> finished = new CompletableFuture<>();
        try {
            thread.execute(() -> finished.complete(null)); // after every drain handed in before it
        } catch (RejectedExecutionException e) {
            finished.complete(null);
        }
        thread.shutdown();
        return finished;
    }

    private void refuseQueued() {
        List<Work> left;
        synchronized (this) {
            left = new ArrayList<>(queue);
            queue.clear();
            draining = false;
        }
        left.forEach(DataplaneWorker::refuse);
    }

    private static void refuse(Work work) {
        IllegalStateException stopped = new IllegalStateException("the speaker is stopped");
        switch (work) {
            case Apply a -> a.done().completeExceptionally(stopped);
            case Synchronize s -> s.outcome().accept(new DataplaneException(stopped.getMessage(), stopped));
        }
    }
}
