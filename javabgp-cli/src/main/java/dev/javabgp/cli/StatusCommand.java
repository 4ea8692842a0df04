package dev.javabgp.cli;

import dev.javabgp.cli.control.ControlSocket;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Asks a running {@code javabgp run} for its sessions, through its control socket. */
@Command(name = "status", mixinStandardHelpOptions = true,
        header = "Show the peers of a running javabgp run.",
        description = {"Show the node and each peer of a running javabgp run: state, uptime, prefixes received and sent,",
            "flaps and last error, as calicoctl node status and birdc show protocols do."})
final class StatusCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--control-socket", paramLabel = "PATH",
            description = "the control socket of the javabgp run to ask; by default the one javabgp run picks by default")
    Path controlSocket;

    @Override
    public Integer call() {
        Path socket = ControlSocket.resolve(controlSocket);
        try {
            String answer = ControlSocket.request(socket, "status");
            PrintWriter out = spec.commandLine().getOut();
            out.print(answer);
            out.flush();
            return answer.startsWith("error:") ? 1 : 0;
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("no javabgp run answers on " + socket + " (" + e.getMessage() + "); start one with javabgp run -f ..., "
                    + "or name its socket with --control-socket");
            err.flush();
            return 1;
        }
    }
}
