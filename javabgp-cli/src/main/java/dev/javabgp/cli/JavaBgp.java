package dev.javabgp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code javabgp} command: one subcommand per job. */
@Command(name = "javabgp", mixinStandardHelpOptions = true, versionProvider = JavaBgp.Version.class,
        description = "A BGP-4 speaker for the JVM.",
        subcommands = {RunCommand.class, ValidateCommand.class, StatusCommand.class, DemoCommand.class,
            RouteServerCommand.class})
public final class JavaBgp {

    JavaBgp() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        return new CommandLine(new JavaBgp()).setCaseInsensitiveEnumValuesAllowed(false).execute(args);
    }

    /** The version of the jar this runs from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = JavaBgp.class.getPackage().getImplementationVersion();
            return new String[] {"javabgp " + (v == null ? "(development build)" : v)};
        }
    }
}
