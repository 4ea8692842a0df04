package dev.javabgp.fsm;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Simulated time: tasks scheduled at instants run in order, and only when the test advances the
 * clock. Tasks scheduled for the same instant run in the order they were scheduled.
 */
final class FakeClock {

    /** A scheduled task; {@link #cancel()} keeps it from running. */
    static final class Task implements Comparable<Task> {
        final Duration at;
        final long seq;
        final Runnable action;
        boolean cancelled;

        Task(Duration at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Task o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private Duration now = Duration.ZERO;
    private long seq;

    Duration now() {
        return now;
    }

    Task schedule(Duration delay, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + delay);
        }
        Task t = new Task(now.plus(delay), seq++, action);
        queue.add(t);
        return t;
    }

    /** Runs every task due up to {@code now + duration}, then sets the clock there. */
    void advance(Duration duration) {
        runUntil(now.plus(duration));
    }

    void runUntil(Duration end) {
        while (!queue.isEmpty() && queue.peek().at.compareTo(end) <= 0) {
            Task t = queue.poll();
            if (t.cancelled) {
                continue;
            }
            now = t.at;
            t.action.run();
        }
        now = end;
    }

    /** Runs whatever is due now, for instance messages in flight with no latency. */
    void runDue() {
        runUntil(now);
    }
}
