package dev.javabgp.calico;

import dev.javabgp.calico.resource.ApiVersion;
import dev.javabgp.calico.resource.Spelled;
import dev.javabgp.codec.nlri.IpPrefix;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Reads the fields of one YAML mapping, checking each value's type as it goes and reporting
 * mistakes to {@link Problems}. Every field a parser asks for becomes a known field, so
 * {@link #finish()} can report the keys nobody asked for as unknown, with the nearest known one.
 */
final class MapReader {

    private final Problems problems;
    private final Path file;
    private final String resource;
    private final String path;
    private final ApiVersion version;
    private final Node node;
    /** Where errors about this map point: the map, or where it should have been. */
    private final Node anchor;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> known = new LinkedHashSet<>();
    private final Map<String, String> otherVersionOnly = new LinkedHashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();

    MapReader(Problems problems, Path file, String resource, String path, ApiVersion version, Node node) {
        this(problems, file, resource, path, version, node, node);
    }

    MapReader(Problems problems, Path file, String resource, String path, ApiVersion version, Node node, Node anchor) {
        this.anchor = node != null ? node : anchor;
        this.problems = problems;
        this.file = file;
        this.resource = resource;
        this.path = path;
        this.version = version;
        this.node = node;
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                if (key == null) {
                    problems.add(file, t.getKeyNode(), resource, path, "a key must be a plain name, not a list or map");
                } else if (entries.containsKey(key)) {
                    problems.add(file, t.getKeyNode(), resource, field(key), "given twice; keep one");
                } else {
                    entries.put(key, t);
                }
            }
        } else if (node != null && !isNull(node)) {
            problems.add(file, node, resource, path, "must be a map of fields, not " + describe(node));
        }
    }

    Path file() {
        return file;
    }

    String resource() {
        return resource;
    }

    Problems problems() {
        return problems;
    }

    ApiVersion version() {
        return version;
    }

    /** The node of the mapping itself, or of the one it belongs to if it is absent, for errors about it. */
    Node node() {
        return anchor;
    }

    String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        return t != null && !isNull(t.getValueNode());
    }

    /** The value node of a field, or null if absent or null. */
    Node value(String name) {
        known.add(name);
        NodeTuple t = entries.get(name);
        return t == null || isNull(t.getValueNode()) ? null : t.getValueNode();
    }

    /** Marks fields as known whose values are not used here. */
    void ignore(String... names) {
        known.addAll(Arrays.asList(names));
    }

    /**
     * A field that exists only under {@code only}; given under another version, it is an error that
     * shows the value, what this version accepts instead, and the fix: {@code fix} turns the value
     * given into what to write instead.
     */
    void onlyUnder(ApiVersion only, String name, String acceptedHere, java.util.function.Function<Node, String> fix) {
        if (version != only && entries.containsKey(name)) {
            known.add(name);
            NodeTuple t = entries.get(name);
            problems.add(file, t.getKeyNode(), resource, field(name), flow(t.getValueNode()) + " is not accepted under apiVersion "
                    + version.spelling() + ": " + name + " exists only under " + only.spelling() + "; accepted here: " + acceptedHere
                    + "; write " + fix.apply(t.getValueNode()) + " instead, or set apiVersion: " + only.spelling());
        } else if (version != only) {
            otherVersionOnly.put(name, only.spelling());
        }
    }

    /**
     * Reports a required field as missing when {@link #finish()} runs, unless an unknown key there
     * looks like a misspelling of it: then the hint about that key says it all.
     */
    void missing(String name, String message) {
        known.add(name);
        missing.put(name, message);
    }

    void error(Node at, String name, String message) {
        problems.add(file, at == null ? anchor : at, resource, field(name), message);
    }

    String string(String name) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode s)) {
            error(v, name, "must be a single value, not " + describe(v));
            return null;
        }
        return s.getValue();
    }

    Boolean bool(String name) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
            return Boolean.parseBoolean(s.getValue().toLowerCase());
        }
        error(v, name, quoted(v) + " is not accepted; accepted: true, false");
        return null;
    }

    boolean bool(String name, boolean otherwise) {
        Boolean b = bool(name);
        return b == null ? otherwise : b;
    }

    /** A whole number in {@code min..max}, or null. */
    Long integer(String name, long min, long max) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s && s.getValue().matches("-?\\d{1,18}")) {
            long n = Long.parseLong(s.getValue());
            if (n >= min && n <= max) {
                return n;
            }
        }
        error(v, name, quoted(v) + " is not accepted; accepted: a whole number from " + min + " to " + max);
        return null;
    }

    /**
     * An AS number as Calico's numorstring.ASNumber takes it: a number 1..4294967295, or the
     * dotted form {@code high.low} of RFC 5396.
     */
    Long asNumber(String name) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s) {
            Long n = parseAsNumber(s.getValue());
            if (n != null) {
                return n;
            }
        }
        error(v, name, quoted(v) + " is not accepted; accepted: an AS number from 1 to 4294967295, or dotted as 1.10");
        return null;
    }

    static Long parseAsNumber(String text) {
        if (text.matches("\\d{1,10}")) {
            long n = Long.parseLong(text);
            return n >= 1 && n <= 0xFFFF_FFFFL ? n : null;
        }
        Matcher m = Pattern.compile("(\\d{1,5})\\.(\\d{1,5})").matcher(text);
        if (m.matches()) {
            long high = Long.parseLong(m.group(1));
            long low = Long.parseLong(m.group(2));
            long n = (high << 16) | low;
            return high <= 0xFFFF && low <= 0xFFFF && n >= 1 ? n : null;
        }
        return null;
    }

    /** One of an enum's spellings, exactly as Calico writes it; a wrong case gets a hint. */
    <E extends Enum<E> & Spelled> E oneOf(String name, Class<E> type) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        List<String> accepted = Arrays.stream(type.getEnumConstants()).map(Spelled::spelling).toList();
        if (v instanceof ScalarNode s) {
            for (E e : type.getEnumConstants()) {
                if (e.spelling().equals(s.getValue())) {
                    return e;
                }
            }
            error(v, name, quoted(v) + " is not accepted; accepted: " + Suggestions.list(accepted)
                    + Suggestions.hint(s.getValue(), accepted));
            return null;
        }
        error(v, name, "must be one of " + Suggestions.list(accepted) + ", not " + describe(v));
        return null;
    }

    <E extends Enum<E> & Spelled> E oneOf(String name, Class<E> type, E otherwise) {
        E e = oneOf(name, type);
        return e == null ? otherwise : e;
    }

    /** A CIDR such as {@code 10.96.0.0/12} or {@code fd00:10:96::/112}. */
    IpPrefix cidr(String name) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        return cidr(v, name);
    }

    IpPrefix cidr(Node v, String name) {
        if (v instanceof ScalarNode s && s.getValue().contains("/")) {
            try {
                return IpPrefix.parse(s.getValue());
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        error(v, name, quoted(v) + " is not accepted; accepted: a CIDR such as 10.96.0.0/12 or fd00:10:96::/112");
        return null;
    }

    /** A Go duration as Kubernetes' metav1.Duration writes it: {@code 120s}, {@code 2m30s}, {@code 1h}. */
    Duration duration(String name) {
        Node v = value(name);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s) {
            Duration d = parseGoDuration(s.getValue());
            if (d != null) {
                return d;
            }
        }
        error(v, name, quoted(v) + " is not accepted; accepted: a duration such as 120s, 2m30s or 1h");
        return null;
    }

    static Duration parseGoDuration(String text) {
        Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)").matcher(text);
        int at = 0;
        double nanos = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "ns" -> 1;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
            at = m.end();
        }
        return at == text.length() && at > 0 ? Duration.ofNanos((long) nanos) : text.equals("0") ? Duration.ZERO : null;
    }

    MapReader map(String name) {
        return new MapReader(problems, file, resource, field(name), version, value(name), anchor);
    }

    /** The items of a list of maps; each reader is finished by the caller. */
    List<MapReader> maps(String name) {
        List<MapReader> out = new ArrayList<>();
        for (Node item : items(name)) {
            out.add(new MapReader(problems, file, resource, field(name) + "[" + out.size() + "]", version, item));
        }
        return out;
    }

    /** The values of a list of strings, with their nodes. */
    List<ScalarNode> scalars(String name) {
        List<ScalarNode> out = new ArrayList<>();
        int i = 0;
        for (Node item : items(name)) {
            if (item instanceof ScalarNode s) {
                out.add(s);
            } else {
                error(item, name + "[" + i + "]", "must be a single value, not " + describe(item));
            }
            i++;
        }
        return out;
    }

    List<Node> items(String name) {
        Node v = value(name);
        if (v == null) {
            return List.of();
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        error(v, name, "must be a list (items starting with '- '), not " + describe(v));
        return List.of();
    }

    /** A map of strings, such as labels. */
    Map<String, String> stringMap(String name) {
        MapReader m = map(name);
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : m.entries.entrySet()) {
            if (e.getValue().getValueNode() instanceof ScalarNode s) {
                out.put(e.getKey(), s.getValue());
            } else {
                m.error(e.getValue().getValueNode(), e.getKey(), "must be a single value, not " + describe(e.getValue().getValueNode()));
            }
        }
        return out;
    }

    /** Reports every key no parser asked for, with the nearest known field. */
    void finish() {
        Set<String> misspelt = new LinkedHashSet<>();
        for (var e : entries.entrySet()) {
            if (!known.contains(e.getKey()) && !otherVersionOnly.containsKey(e.getKey())) {
                String near = Suggestions.nearest(e.getKey(), known);
                if (near != null) {
                    misspelt.add(near);
                }
            }
        }
        for (var m : missing.entrySet()) {
            if (!misspelt.contains(m.getKey())) {
                problems.add(file, anchor, resource, field(m.getKey()), "missing; " + m.getValue());
            }
        }
        missing.clear();
        for (var e : entries.entrySet()) {
            String key = e.getKey();
            if (known.contains(key)) {
                continue;
            }
            String other = otherVersionOnly.get(key);
            Node at = e.getValue().getKeyNode();
            if (other != null) {
                continue; // already reported by onlyUnder
            }
            problems.unknownField(file, at, resource, field(key), "unknown field; accepted here: " + Suggestions.list(known)
                    + Suggestions.hint(key, known));
        }
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    static String describe(Node n) {
        return switch (n) {
            case MappingNode m -> "a map";
            case SequenceNode s -> "a list";
            case ScalarNode s -> quoted(s);
            default -> "a " + n.getNodeType();
        };
    }

    /** A value as YAML's flow style writes it: {@code "none"}, {@code [a, b]}, {@code {enabled: true}}. */
    static String flow(Node n) {
        return switch (n) {
            case MappingNode m -> m.getValue().stream().map(t -> flowScalar(t.getKeyNode()) + ": " + flowScalar(t.getValueNode()))
                    .collect(Collectors.joining(", ", "{", "}"));
            case SequenceNode s -> s.getValue().stream().map(MapReader::flowScalar).collect(Collectors.joining(", ", "[", "]"));
            default -> quoted(n);
        };
    }

    private static String flowScalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : flow(n);
    }

    static String quoted(Node n) {
        return n instanceof ScalarNode s ? "\"" + s.getValue() + "\"" : describe(n);
    }

    static String spellings(Spelled[] values) {
        return Arrays.stream(values).map(Spelled::spelling).collect(Collectors.joining(", "));
    }
}
