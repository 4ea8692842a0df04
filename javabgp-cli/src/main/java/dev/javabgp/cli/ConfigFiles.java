package dev.javabgp.cli;

import dev.javabgp.calico.CalicoConfig;
import dev.javabgp.calico.LoadOptions;
import dev.javabgp.calico.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The configuration options {@code run}, {@code validate} and {@code demo} share, as calicoctl spells them. */
final class ConfigFiles {

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE_OR_DIR", arity = "1..*",
            description = "Calico YAML resources and Service/EndpointSlice manifests: files, or directories of .yaml/.yml files")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--interface-mtu", paramLabel = "BYTES", defaultValue = "1500",
            description = "the MTU of the interface VXLAN runs over, for the MTU check (default ${DEFAULT-VALUE})")
    int interfaceMtu;

    @Option(names = "--secrets-dir", paramLabel = "DIR",
            description = "where Secrets are mounted (<dir>/<name>/<key>), for BGP passwords not given as Secret manifests")
    Path secretsDirectory;

    LoadOptions options() {
        LoadOptions o = LoadOptions.DEFAULT.withInterfaceMtu(interfaceMtu);
        return secretsDirectory == null ? o : o.withSecretsDirectory(secretsDirectory);
    }

    LoadResult load() {
        return CalicoConfig.load(paths, options());
    }

    /** Prints every error, one per line, and how many there were. */
    static void printErrors(LoadResult.Invalid invalid, PrintWriter err) {
        invalid.errors().forEach(e -> err.println(e));
        int n = invalid.errors().size();
        err.println(n + (n == 1 ? " error" : " errors") + " in the configuration");
        err.flush();
    }

    /**
     * The node to run: {@code option}, else Calico's {@code NODENAME} environment variable, else
     * the configuration's only Node.
     *
     * @throws IllegalArgumentException if none of those names one
     */
    static String nodeName(CalicoConfig config, String option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("NODENAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        if (config.nodes().size() == 1) {
            return config.nodes().getFirst().name();
        }
        if (config.nodes().isEmpty()) {
            throw new IllegalArgumentException("the configuration has no Node; add a Node resource (kind: Node) with spec.bgp.ipv4Address");
        }
        throw new IllegalArgumentException("the configuration has " + config.nodes().size() + " Nodes ("
                + String.join(", ", config.nodes().stream().map(n -> n.name()).toList()) + "); say which with --node NAME");
    }
}
