package dev.javabgp.cli;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.LoadResult;
import dev.javabgp.calico.node.NodeSettings;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Checks a Calico configuration as {@code run} would load it and prints every error at once, each
 * as {@code file:line:column: resource field: message}.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        header = "Check a Calico configuration and print every error.",
        description = {"Check a Calico configuration; exit 0 if it is valid, or 1 after printing every error",
            "(file:line:column: resource field: what is wrong and what is accepted).",
            "A valid configuration's notices (such as bgp: Disabled) are printed as notice: file:line:column: ..."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ConfigFiles files;

    @Option(names = "--node", paramLabel = "NAME",
            description = "also check that this node can run: its Node exists and has spec.bgp.ipv4Address")
    String node;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files.paths.isEmpty()) {
            err.println("validate needs the configuration: -f FILE_OR_DIR...");
            err.flush();
            return 2;
        }
        switch (files.load()) {
            case LoadResult.Invalid invalid -> {
                ConfigFiles.printErrors(invalid, err);
                return 1;
            }
            case LoadResult.Valid valid -> {
                CalicoConfig config = valid.config();
                config.notices().forEach(n -> out.println("notice: " + n));
                if (node != null) {
                    try {
                        NodeSettings s = config.forNode(node);
                        out.println("node " + s.nodeName() + ": AS " + s.asNumber() + ", router ID " + s.routerId() + ", "
                                + (s.bgpEnabled() ? "listening on " + s.listenAddress() + ":" + s.listenPort() + ", " + s.peers().size()
                                        + " peer(s)" : "BGP disabled: would neither listen nor peer"));
                    } catch (IllegalArgumentException e) {
                        out.flush();
                        err.println(e.getMessage());
                        err.flush();
                        return 1;
                    }
                }
                int installationPools = config.installation().map(i -> i.ipPools().size()).orElse(0);
                out.println("valid: " + config.files().size() + (config.files().size() == 1 ? " file" : " files") + ", "
                        + config.nodes().size() + " Node(s), " + config.peers().size() + " BGPPeer(s), " + config.podPools().size()
                        + " IP pool(s)" + (installationPools > 0 ? " (" + installationPools + " from the Installation)" : "") + ", "
                        + config.filters().size() + " BGPFilter(s)");
                out.flush();
                return 0;
            }
        }
    }
}
