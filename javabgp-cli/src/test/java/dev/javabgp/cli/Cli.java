package dev.javabgp.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;

/** Runs commands in this JVM with their output captured, and waits with a bound. */
final class Cli {

    private Cli() {}

    /** What a command printed and returned. */
    record Result(int exitCode, String out, String err) {}

    static Result run(String... args) {
        return run(new CommandLine(new JavaBgp()), args);
    }

    static Result run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static int freePort(String address) {
        return dev.javabgp.core.interop.Loopback.freePort(address);
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 20 s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
