package dev.javabgp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.javabgp.cli.node.NodeRun;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/** {@code javabgp run} in this JVM, on a thread of its own, stopped as SIGTERM would stop it. */
final class RunningNode implements AutoCloseable {

    private final RunCommand command = new RunCommand();
    private final Thread thread;
    private volatile Cli.Result result;

    RunningNode(String... args) throws InterruptedException {
        thread = new Thread(() -> result = Cli.run(new CommandLine(command), args), "javabgp-run-under-test");
        thread.start();
        Cli.await("javabgp run to start", () -> command.running != null || result != null);
        assertThat(result).as("javabgp run ended at once").isNull();
    }

    NodeRun node() {
        return command.running;
    }

    /** Stops it and returns what it printed and returned. */
    Cli.Result stop() throws InterruptedException {
        command.stop.countDown();
        thread.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(thread.isAlive()).as("javabgp run still running 20 s after being stopped").isFalse();
        return result;
    }

    @Override
    public void close() throws InterruptedException {
        if (thread.isAlive()) {
            stop();
        }
    }
}
