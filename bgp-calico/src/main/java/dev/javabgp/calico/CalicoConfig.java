package dev.javabgp.calico;

import dev.javabgp.calico.node.NodeSettings;
import dev.javabgp.calico.resource.ApiVersion;
import dev.javabgp.calico.resource.BgpConfiguration;
import dev.javabgp.calico.resource.BgpFilter;
import dev.javabgp.calico.resource.BgpPeer;
import dev.javabgp.calico.resource.CalicoNode;
import dev.javabgp.calico.resource.Installation;
import dev.javabgp.calico.resource.IpPool;
import dev.javabgp.codec.nlri.IpPrefix;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A checked Calico configuration: the BGPConfiguration, BGPPeer, Node, IPPool and BGPFilter
 * resources (under {@code projectcalico.org/v3} or {@code crd.projectcalico.org/v1}), the
 * operator's Installation, and the Secrets that hold BGP passwords, read from multi-document YAML
 * files.
 *
 * <pre>{@code
 * switch (CalicoConfig.load(List.of(Path.of("examples/loopback")))) {
 *     case LoadResult.Valid v -> start(v.config().forNode("node-1"));
 *     case LoadResult.Invalid i -> i.errors().forEach(System.err::println);
 * }
 * }</pre>
 *
 * Kubernetes Services and EndpointSlices in the same files are left to a
 * {@link dev.javabgp.calico.service.ServiceSource}; resources that configure other parts of Calico
 * (FelixConfiguration, policies, ...) are read past.
 */
public final class CalicoConfig {

    private final List<Path> files;
    private final BgpConfiguration defaults;
    private final Map<String, BgpConfiguration> perNode;
    private final List<BgpPeer> peers;
    private final List<CalicoNode> nodes;
    private final List<IpPool> ipPools;
    private final List<BgpFilter> filters;
    private final Installation installation;
    private final List<ConfigError> notices;

    private CalicoConfig(List<Path> files, BgpConfiguration defaults, Map<String, BgpConfiguration> perNode, List<BgpPeer> peers,
            List<CalicoNode> nodes, List<IpPool> ipPools, List<BgpFilter> filters, Installation installation, List<ConfigError> notices) {
        this.files = List.copyOf(files);
        this.defaults = defaults;
        this.perNode = Map.copyOf(perNode);
        this.peers = List.copyOf(peers);
        this.nodes = List.copyOf(nodes);
        this.ipPools = List.copyOf(ipPools);
        this.filters = List.copyOf(filters);
        this.installation = installation;
        this.notices = List.copyOf(notices);
    }

    /** Loads and checks files and directories (every {@code .yaml} and {@code .yml} file in them), with {@link LoadOptions#DEFAULT}. */
    public static LoadResult load(List<Path> paths) {
        return load(paths, LoadOptions.DEFAULT);
    }

    /**
     * Loads and checks files and directories. Every error is reported, each with its file, line
     * and column; a configuration with any error yields no configuration.
     */
    public static LoadResult load(List<Path> paths, LoadOptions options) {
        return new Loader(options, Map.of(), false).load(paths);
    }

    /**
     * Loads and checks files and directories as {@link #load(List, LoadOptions)} does, but reads
     * a file that {@code texts} holds from there rather than from the disk: for a program that
     * follows the files and keeps a file's last complete text while it is being rewritten.
     */
    public static LoadResult load(List<Path> paths, LoadOptions options, Map<Path, String> texts) {
        return new Loader(options, texts, false).load(paths);
    }

    /**
     * Checks objects read from a Kubernetes API server, each given as the JSON or YAML text the
     * server sent, under its name as {@code Kind/name} (a Secret's as {@code Secret/namespace/name}).
     * Unlike files, one object's mistake does not void the rest: an object with an error is left
     * out, its errors are in {@link ObjectsLoad#skipped()}, and the others make the configuration.
     * Errors carry no line (the text was made from the object); the field path says where. A field
     * the parser does not know is a notice, not an error: the API server's schema admitted it.
     */
    public static ObjectsLoad loadObjects(Map<String, String> objects, LoadOptions options) {
        Map<String, String> left = new LinkedHashMap<>(objects);
        List<ConfigError> skipped = new ArrayList<>();
        while (true) {
            switch (new Loader(options, Map.of(), true).loadTexts(left)) {
                case LoadResult.Valid valid -> {
                    return new ObjectsLoad(valid.config(), skipped);
                }
                case LoadResult.Invalid invalid -> {
                    // An error belongs to the object it names; dropping those objects and checking
                    // again also clears errors that only followed from them (a filter a peer names).
                    boolean dropped = false;
                    for (ConfigError e : invalid.errors()) {
                        dropped |= left.remove(e.file().toString()) != null;
                        skipped.add(e);
                    }
                    if (!dropped) {
                        throw new IllegalStateException("errors that name no object: " + invalid.errors());
                    }
                }
            }
        }
    }

    /**
     * The outcome of {@link #loadObjects}: the configuration the valid objects make, and the errors
     * of those left out, in the order they were found.
     */
    public record ObjectsLoad(CalicoConfig config, List<ConfigError> skipped) {
        public ObjectsLoad {
            Objects.requireNonNull(config, "config");
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * What one YAML file holds, read only as far as its documents' kinds.
     *
     * @param file the file
     * @param syntaxError where and why its text is not YAML, in which case nothing of it can be
     *     read; null when it is YAML
     * @param configures whether it holds anything a configuration is made of: a document other than
     *     a {@code v1} Service or a {@code discovery.k8s.io/v1} EndpointSlice, which are for a
     *     {@link dev.javabgp.calico.service.ServiceSource}
     */
    public record FileContents(Path file, ConfigError syntaxError, boolean configures) {}

    /**
     * Reads {@code text}, the contents of {@code file}, as far as its documents' kinds: for a
     * program that follows the files, to tell a half-written file and to load the configuration
     * again only when a file that configures something changed.
     */
    public static FileContents inspect(Path file, String text) {
        Problems problems = new Problems();
        List<Loader.Document> documents = Loader.compose(file, new java.io.StringReader(text), problems);
        boolean configures = documents.stream().anyMatch(d -> !Loader.isService(d.apiVersion(), d.kind()));
        return new FileContents(file, problems.isEmpty() ? null : problems.sorted(List.of(file)).getFirst(), configures);
    }

    /**
     * The YAML files that {@code paths} stand for: a file as given, a directory's {@code .yaml} and
     * {@code .yml} files (not its subdirectories) in name order. A path that does not exist is left
     * out; {@link #load} reports it.
     */
    public static List<Path> yamlFiles(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(CalicoConfig::isYaml).filter(Files::isRegularFile).sorted().forEach(out::add);
                } catch (IOException e) {
                    // reported by load as unreadable
                }
            } else if (Files.exists(p)) {
                out.add(p);
            }
        }
        return out;
    }

    static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** The files read. */
    public List<Path> files() {
        return files;
    }

    /** The BGPConfiguration named {@code default}; one with nothing set if there is none. */
    public BgpConfiguration bgpConfiguration() {
        return defaults;
    }

    /** The BGPConfiguration named {@code node.<nodeName>}, if any. */
    public Optional<BgpConfiguration> bgpConfiguration(String nodeName) {
        return Optional.ofNullable(perNode.get(nodeName));
    }

    public List<BgpPeer> peers() {
        return peers;
    }

    public List<CalicoNode> nodes() {
        return nodes;
    }

    public Optional<CalicoNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public List<IpPool> ipPools() {
        return ipPools;
    }

    public List<BgpFilter> filters() {
        return filters;
    }

    public Optional<BgpFilter> filter(String name) {
        return filters.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<Installation> installation() {
        return Optional.ofNullable(installation);
    }

    /**
     * Whether the nodes speak BGP at all: the Installation's {@code spec.calicoNetwork.bgp}, true
     * ({@code Enabled}) without an Installation. With {@code Disabled}, calico-node runs no BGP, and
     * {@code javabgp run} neither listens nor peers.
     */
    public boolean bgpEnabled() {
        return installation == null || installation.bgpEnabled();
    }

    /**
     * What a person should know about this valid configuration although nothing in it is wrong, in
     * file and line order, each where it applies as an error would be: {@code bgp: Disabled} in the
     * Installation, or a {@code peerIP} such as {@code ::1:1790} that reads as an IPv6 address but
     * may have meant a port.
     */
    public List<ConfigError> notices() {
        return notices;
    }

    /** Every pod pool: the IPPools and the Installation's pools. */
    public List<IpPrefix> podPools() {
        List<IpPrefix> out = new ArrayList<>();
        ipPools.forEach(p -> out.add(p.cidr()));
        if (installation != null) {
            installation.ipPools().forEach(p -> out.add(p.cidr()));
        }
        return out;
    }

    /**
     * The pod pools whose blocks BGP carries, as calico-node's BIRD announces them: neither VXLAN
     * (Felix routes those over its own device) nor {@code disableBGPExport}. IP-in-IP pools count:
     * their routes come from BGP too.
     */
    public List<IpPrefix> bgpPools() {
        List<IpPrefix> out = new ArrayList<>();
        ipPools.stream().filter(p -> p.vxlanMode() == dev.javabgp.calico.resource.TunnelMode.NEVER && !p.disableBGPExport())
                .forEach(p -> out.add(p.cidr()));
        if (installation != null) {
            installation.ipPools().stream().filter(p -> !p.encapsulation().vxlan() && !p.disableBGPExport()).forEach(p -> out.add(p.cidr()));
        }
        return out;
    }

    /**
     * What the speaker of one node needs: its AS, router ID, listener, peers and service export
     * settings.
     *
     * @throws IllegalArgumentException if there is no Node of that name, or it has no IPv4 address
     */
    public NodeSettings forNode(String nodeName) {
        return NodeSettings.of(this, nodeName);
    }

    /** Reads files into resources and checks them, collecting every problem. */
    private static final class Loader {
        private final LoadOptions options;
        /** Texts to read instead of the files' own. */
        private final Map<Path, String> texts;
        private final Problems problems;
        private final Problems notices;
        private final Map<String, Map<String, String>> secrets = new HashMap<>();
        private final Map<String, Node> seen = new HashMap<>();
        private BgpConfiguration defaults;
        private final Map<String, BgpConfiguration> perNode = new LinkedHashMap<>();
        private final List<BgpPeer> peers = new ArrayList<>();
        private final List<CalicoNode> nodes = new ArrayList<>();
        private final List<IpPool> pools = new ArrayList<>();
        private final List<BgpFilter> filters = new ArrayList<>();
        private Installation installation;
        private Path installationFile;
        private Node installationName;

        Loader(LoadOptions options, Map<Path, String> texts, boolean apiObjects) {
            this.options = Objects.requireNonNull(options, "options");
            this.texts = Map.copyOf(texts);
            this.notices = apiObjects ? Problems.withoutPositions() : new Problems();
            this.problems = apiObjects ? Problems.forObjects(notices) : new Problems();
        }

        /** Objects of an API server, each its own text; see {@link CalicoConfig#loadObjects}. */
        LoadResult loadTexts(Map<String, String> objects) {
            List<Path> names = new ArrayList<>();
            List<Document> documents = new ArrayList<>();
            for (var e : objects.entrySet()) {
                Path name = Path.of(e.getKey());
                names.add(name);
                documents.addAll(compose(name, new java.io.StringReader(e.getValue()), problems));
            }
            return check(documents, names, names);
        }

        LoadResult load(List<Path> paths) {
            for (Path p : paths) {
                if (!Files.exists(p)) {
                    problems.add(p, (Node) null, "file", "", "does not exist; give a YAML file or a directory of them");
                } else if (Files.isDirectory(p) && yamlFiles(List.of(p)).isEmpty()) {
                    problems.add(p, (Node) null, "directory", "", "has no .yaml or .yml files");
                }
            }
            List<Path> files = yamlFiles(paths);
            List<Document> documents = new ArrayList<>();
            for (Path f : files) {
                documents.addAll(read(f));
            }
            return check(documents, files, files.isEmpty() ? paths : concat(files, paths));
        }

        private LoadResult check(List<Document> documents, List<Path> files, List<Path> order) {
            for (Document d : documents) {
                if (d.kind().equals("Secret")) {
                    ResourceParser.readSecret(problems, d.file(), d.root(), secrets);
                }
            }
            ResourceParser parser = new ResourceParser(problems, notices, secrets, options.secretsDirectory());
            for (Document d : documents) {
                if (!d.kind().equals("Secret")) {
                    resource(parser, d);
                }
            }
            checkAcross(parser);
            if (!problems.isEmpty()) {
                return new LoadResult.Invalid(problems.sorted(order));
            }
            return new LoadResult.Valid(new CalicoConfig(files, defaults == null ? BgpConfiguration.empty("default") : defaults,
                    perNode, peers, nodes, pools, filters, installation, notices.sorted(order)));
        }

        private static List<Path> concat(List<Path> a, List<Path> b) {
            List<Path> out = new ArrayList<>(a);
            out.addAll(b);
            return out;
        }

        /** One YAML document with its kind, read far enough to sort Secrets first. */
        private record Document(Path file, int index, Node root, String apiVersion, String kind) {}

        /** Every document of a file, or none and an error in {@code problems} if it is not YAML. */
        static List<Document> compose(Path file, Reader reader, Problems problems) {
            List<Document> out = new ArrayList<>();
            LoadSettings settings = LoadSettings.builder().setLabel(file.toString()).build();
            try {
                int index = 0;
                for (Node root : new Compose(settings).composeAllFromReader(reader)) {
                    index++;
                    if (root == null || MapReader.isNull(root)) {
                        continue; // an empty document, as between two '---'
                    }
                    MapReader doc = new MapReader(new Problems(), file, "document " + index, "", ApiVersion.PROJECTCALICO_V3, root);
                    String apiVersion = doc.string("apiVersion");
                    String kind = doc.string("kind");
                    out.add(new Document(file, index, root, apiVersion == null ? "" : apiVersion, kind == null ? "" : kind));
                }
            } catch (MarkedYamlEngineException e) {
                problems.add(file, e.getProblemMark().orElse(null), "YAML", "", e.getProblem()
                        + "; the file is not valid YAML here, so none of it was read");
                return List.of();
            } catch (YamlEngineException e) {
                problems.add(file, (Node) null, "YAML", "", e.getMessage() + "; none of the file was read");
                return List.of();
            }
            return out;
        }

        private List<Document> read(Path file) {
            String text = texts.get(file);
            try (Reader reader = text != null ? new java.io.StringReader(text) : Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return compose(file, reader, problems);
            } catch (IOException | java.io.UncheckedIOException e) {
                problems.add(file, (Node) null, "file", "", "cannot be read: " + e.getMessage());
                return List.of();
            }
        }

        private void resource(ResourceParser parser, Document d) {
            String label = "document " + d.index();
            MapReader doc = new MapReader(problems, d.file(), label, "", ApiVersion.PROJECTCALICO_V3, d.root());
            if (!(d.root() instanceof org.snakeyaml.engine.v2.nodes.MappingNode)) {
                return; // reported by the reader
            }
            String apiVersion = doc.string("apiVersion");
            String kind = doc.string("kind");
            doc.ignore("status");
            if (apiVersion == null || kind == null) {
                problems.add(d.file(), d.root(), label, apiVersion == null ? "apiVersion" : "kind", "missing; every document needs "
                        + "apiVersion and kind, such as apiVersion: projectcalico.org/v3 and kind: BGPPeer");
                return;
            }
            ApiVersion version = switch (apiVersion) {
                case "projectcalico.org/v3" -> ApiVersion.PROJECTCALICO_V3;
                case "crd.projectcalico.org/v1" -> ApiVersion.CRD_V1;
                case "operator.tigera.io/v1" -> ApiVersion.OPERATOR_V1;
                default -> null;
            };
            if (version == null) {
                if (isKubernetes(apiVersion, kind)) {
                    return; // a Service or EndpointSlice, for the ServiceSource
                }
                List<String> accepted = List.of("projectcalico.org/v3", "crd.projectcalico.org/v1", "operator.tigera.io/v1");
                problems.add(d.file(), doc.value("apiVersion"), label, "apiVersion", "\"" + apiVersion + "\" is not accepted; accepted: "
                        + Suggestions.list(accepted) + " (and v1 Service, v1 Secret, discovery.k8s.io/v1 EndpointSlice)"
                        + Suggestions.hint(apiVersion, accepted));
                return;
            }
            List<String> kinds = version == ApiVersion.OPERATOR_V1 ? List.of("Installation") : ResourceParser.CALICO_KINDS;
            List<String> others = version == ApiVersion.OPERATOR_V1 ? ResourceParser.OTHER_OPERATOR_KINDS : ResourceParser.OTHER_CALICO_KINDS;
            if (others.contains(kind)) {
                return;
            }
            if (!kinds.contains(kind)) {
                String elsewhere = version == ApiVersion.OPERATOR_V1 ? (ResourceParser.CALICO_KINDS.contains(kind)
                        ? "; " + kind + " belongs under projectcalico.org/v3 or crd.projectcalico.org/v1" : "")
                        : kind.equals("Installation") ? "; Installation belongs under operator.tigera.io/v1" : "";
                problems.add(d.file(), doc.value("kind"), label, "kind", "\"" + kind + "\" is not accepted under " + apiVersion
                        + "; accepted: " + Suggestions.list(kinds) + (elsewhere.isEmpty() ? Suggestions.hint(kind, kinds) : elsewhere));
                return;
            }
            MapReader meta = doc.map("metadata");
            String name = meta.string("name");
            var labels = meta.stringMap("labels");
            meta.ignore("namespace", "annotations", "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields",
                    "finalizers", "ownerReferences", "generateName", "deletionTimestamp");
            meta.finish();
            if (name == null) {
                problems.add(d.file(), d.root(), kind + "/?", "metadata.name", "missing; every " + kind + " needs a name");
                return;
            }
            String resource = kind + "/" + name;
            Node previous = seen.putIfAbsent(resource, meta.value("name"));
            if (previous != null) {
                int line = previous.getStartMark().map(m -> m.getLine() + 1).orElse(0);
                problems.add(d.file(), meta.value("name"), resource, "metadata.name", "\"" + name + "\" is given twice (first on line "
                        + line + "); give each " + kind + " its own name");
                return;
            }
            MapReader spec = new MapReader(problems, d.file(), resource, "spec", version, doc.value("spec"), d.root());
            doc.finish();
            switch (kind) {
                case "BGPConfiguration" -> {
                    BgpConfiguration c = parser.bgpConfiguration(name, spec);
                    if (name.equals("default")) {
                        defaults = c;
                    } else if (name.startsWith("node.") && name.length() > 5) {
                        perNode.put(name.substring(5), c);
                    } else {
                        problems.add(d.file(), meta.value("name"), resource, "metadata.name", "\"" + name + "\" is not accepted; "
                                + "accepted: default, or node.<node name> for one node's settings");
                    }
                }
                case "BGPPeer" -> peers.add(parser.bgpPeer(name, spec));
                case "Node" -> nodes.add(parser.node(name, labels, spec));
                case "IPPool" -> {
                    IpPool p = parser.ipPool(name, spec);
                    if (p != null) {
                        pools.add(p);
                    }
                }
                case "BGPFilter" -> filters.add(parser.bgpFilter(name, spec));
                case "Installation" -> {
                    Installation parsed = parser.installation(name, spec);
                    if (installation != null) {
                        // The operator reconciles one Installation; a second would silently replace the first.
                        problems.add(d.file(), meta.value("name"), resource, "metadata.name", "a second Installation; accepted: one, "
                                + "and Installation/" + installation.name() + " is already at " + installationFile.getFileName() + " line "
                                + line(installationName) + "; remove one of them");
                    } else {
                        installation = parsed;
                        installationFile = d.file();
                        installationName = meta.value("name");
                    }
                }
                default -> throw new IllegalStateException(kind);
            }
        }

        private static boolean isKubernetes(String apiVersion, String kind) {
            return isService(apiVersion, kind) || (apiVersion.equals("v1") && kind.equals("Secret"));
        }

        /** A Service or an EndpointSlice: for the ServiceSource, not the configuration. */
        static boolean isService(String apiVersion, String kind) {
            return (apiVersion.equals("v1") && kind.equals("Service")) || (apiVersion.equals("discovery.k8s.io/v1")
                    && kind.equals("EndpointSlice"));
        }

        /** Checks that need more than one resource. */
        private void checkAcross(ResourceParser parser) {
            // Service ranges are announced whole by every node: one inside a pod pool or another range
            // would draw the other's traffic to whichever node announced the longer prefix.
            List<ResourceParser.Sited<IpPrefix>> ranges = parser.serviceRanges;
            for (int i = 0; i < ranges.size(); i++) {
                var r = ranges.get(i);
                for (var pool : parser.podPools) {
                    if (overlap(r.value(), pool.value())) {
                        problems.add(r.file(), r.node(), r.resource(), r.field(), "\"" + r.value() + "\" overlaps the pod pool "
                                + pool.value() + " (" + pool.resource() + " " + pool.field() + ", " + where(pool) + "); accepted: a "
                                + "service range that shares no address with a pod pool or another service range; narrow "
                                + r.label() + " to addresses outside " + pool.value() + ", or move the IP pool");
                    }
                }
                for (int j = 0; j < i; j++) {
                    var other = ranges.get(j);
                    if (overlap(r.value(), other.value())) {
                        problems.add(r.file(), r.node(), r.resource(), r.field(), "\"" + r.value() + "\" overlaps "
                                + other.label() + " (" + other.field() + ", " + where(other) + "); accepted: a service range that "
                                + "shares no address with a pod pool or another service range; narrow " + r.label() + " or "
                                + other.label() + " so that they share no address, or remove one of them");
                    }
                }
            }
            for (var mtu : parser.installationMtus) {
                for (var pool : parser.vxlanPools) {
                    int version = pool.value().isIpv4() ? 4 : 6;
                    int most = options.interfaceMtu() - ResourceParser.vxlanOverhead(version);
                    if (mtu.value() > most) {
                        problems.add(mtu.file(), mtu.node(), mtu.resource(), mtu.field(), mtu.value() + " is above what VXLAN leaves "
                                + "of the interface MTU " + options.interfaceMtu() + ": " + pool.label() + " (" + where(pool)
                                + ") needs " + ResourceParser.vxlanOverhead(version) + " bytes for VXLAN over IPv" + version
                                + "; accepted: at most " + most + "; set mtu: " + most);
                    }
                }
            }
            for (var f : parser.peerFilters) {
                int i = 0;
                for (Node item : f.node() instanceof SequenceNode s ? s.getValue() : List.<Node>of()) {
                    String name = item instanceof ScalarNode s ? s.getValue() : null;
                    if (name != null && filters.stream().noneMatch(x -> x.name().equals(name))) {
                        List<String> known = filters.stream().map(BgpFilter::name).toList();
                        problems.add(f.file(), item, f.resource(), f.field() + "[" + i + "]", "\"" + name + "\" is not accepted; "
                                + "accepted: the name of a BGPFilter (" + (known.isEmpty() ? "none is defined" : Suggestions.list(known))
                                + ")" + Suggestions.hint(name, known));
                    }
                    i++;
                }
            }
        }

        private static boolean overlap(IpPrefix a, IpPrefix b) {
            return a.isIpv4() == b.isIpv4() && (a.contains(b) || b.contains(a));
        }

        private static String where(ResourceParser.Sited<?> s) {
            return s.file().getFileName() + " line " + line(s.node());
        }

        private static int line(Node node) {
            return node == null ? 1 : node.getStartMark().map(m -> m.getLine() + 1).orElse(1);
        }
    }
}
